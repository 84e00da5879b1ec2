import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import { inputEnvironment, loadActionInputs } from './action-metadata.js';
import { parseKeyValueFile } from './runner-commands.js';
import { TerminalLog } from './terminal-log.js';

/** The repository root: this file is bin/src/<file>.ts, its bundle bin/dist/index.js. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The directories a runner gives a job, here on the developer's machine. */
export interface LocalJob {
  /** GITHUB_WORKSPACE and the working directory: paths in inputs are relative to it. */
  readonly workspace: string;
  /** RUNNER_TEMP: reports and credential files; removed by the caller afterwards. */
  readonly runnerTemp: string;
  /** RUNNER_TOOL_CACHE: kept between runs, so a tool is downloaded and verified once. */
  readonly toolCache: string;
}

export interface BundledActionResult {
  readonly exitCode: number;
  readonly outputs: Record<string, string>;
  /** What the step wrote to its job summary (Markdown). */
  readonly summary: string;
}

/*
 * Variables of the surrounding job that the local run must not see: the step's
 * own file commands and inputs (they would leak in, or be overwritten), and
 * the job's service tokens (cache, artifacts, OIDC), which a local check has
 * no business using even when the command line runs inside a workflow.
 */
const JOB_ONLY = /^(INPUT_|STATE_|ACTIONS_)|^GITHUB_(OUTPUT|ENV|PATH|STATE|STEP_SUMMARY)$/;

/** The environment of the action's process: the user's own (HOME, PATH, proxies, DOCKER_CONFIG) plus the runner's variables. */
export function actionEnvironment(
  base: NodeJS.ProcessEnv,
  job: LocalJob,
  files: Readonly<Record<string, string>>,
  inputEnv: Readonly<Record<string, string>>,
  options: { debug?: boolean } = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !JOB_ONLY.test(name)) env[name] = value;
  }
  return {
    ...env,
    GITHUB_WORKSPACE: job.workspace,
    RUNNER_TEMP: job.runnerTemp,
    RUNNER_TOOL_CACHE: job.toolCache,
    ...files,
    ...inputEnv,
    // As the runner's debug logging does: actions then say more (verify runs notation --verbose).
    ...(options.debug ? { RUNNER_DEBUG: '1' } : {}),
  };
}

/**
 * Runs actions/<name>/dist/index.js, the bundle a workflow runs, with the
 * inputs as the runner passes them, and shows its log in the terminal.
 */
export async function runBundledAction(
  action: string,
  given: Readonly<Record<string, string>>,
  job: LocalJob,
  options: { verbose?: boolean; print?: (line: string) => void; printError?: (line: string) => void } = {},
): Promise<BundledActionResult> {
  const actionDir = path.join(PROJECT_ROOT, 'actions', action);
  const entry = path.join(actionDir, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: the action bundles come with the project`);
  const declared = await loadActionInputs(actionDir);
  const files = {
    GITHUB_OUTPUT: path.join(job.runnerTemp, `${action}-output`),
    GITHUB_ENV: path.join(job.runnerTemp, `${action}-env`),
    GITHUB_PATH: path.join(job.runnerTemp, `${action}-path`),
    GITHUB_STATE: path.join(job.runnerTemp, `${action}-state`),
    GITHUB_STEP_SUMMARY: path.join(job.runnerTemp, `${action}-summary.md`),
  };
  for (const file of Object.values(files)) await writeFile(file, '', { mode: 0o600 });
  const env = actionEnvironment(process.env, job, files, inputEnvironment(declared, given), {
    debug: options.verbose ?? false,
  });
  const print = options.print ?? ((line: string) => console.log(line));
  const printError = options.printError ?? ((line: string) => console.error(line));
  const log = new TerminalLog(print, { verbose: options.verbose ?? false });

  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [entry], { cwd: job.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => log.write(chunk));
    let stderr = '';
    // A character may be split between chunks: decode across them.
    const decoder = new StringDecoder('utf8');
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += decoder.write(chunk);
      const lines = stderr.split('\n');
      stderr = lines.pop() ?? '';
      for (const line of lines) printError(log.mask(line));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      log.end();
      stderr += decoder.end();
      if (stderr !== '') printError(log.mask(stderr));
      resolve(code ?? (signal ? 128 : 1));
    });
  });
  return {
    exitCode,
    outputs: parseKeyValueFile(await readFile(files.GITHUB_OUTPUT, 'utf8'), 'GITHUB_OUTPUT'),
    summary: log.mask(await readFile(files.GITHUB_STEP_SUMMARY, 'utf8')),
  };
}
