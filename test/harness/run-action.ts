import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { inputEnvName } from '../../bin/src/action-metadata.js';
import {
  type Annotation,
  parseKeyValueFile,
  parsePathFile,
  parseWorkflowCommands,
  type WorkflowCommand,
} from './file-commands.js';

export { applyMasks, assertNoStackTrace, type Annotation } from './file-commands.js';

/*
 * Runs a built action (`actions/<name>/dist/index.js`) the way the GitHub
 * runner runs a JavaScript action: a fresh Node process with the inputs as
 * INPUT_* variables (action.yml defaults included), fresh file-command files,
 * the runner's environment, the workspace as working directory; then the post
 * step, with the state the main step saved and the env/path it exported.
 */

/** The repository root (this file is test/harness/run-action.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunActionOptions {
  /** The step's `with:`; names as in action.yml. */
  readonly inputs?: Record<string, string>;
  /** Added to (or, with undefined, removed from) the runner's environment. */
  readonly env?: Record<string, string | undefined>;
  /** GITHUB_WORKSPACE; a fresh temp dir when not given. */
  readonly workspace?: string;
  /** Working directory of the process; the workspace when not given (as on the runner). */
  readonly cwd?: string;
  /** RUNNER_TEMP and RUNNER_TOOL_CACHE; fresh temp dirs when not given. */
  readonly runnerTemp?: string;
  readonly toolCache?: string;
  /** Run the post step (default: when action.yml declares `runs.post`, honouring `post-if`). */
  readonly post?: boolean;
  /** Per process; the run is killed and runAction rejects when it is exceeded (default 60 s). */
  readonly timeoutMs?: number;
  /** A directory holding action.yml to run instead of `actions/<name>` (for testing the harness itself). */
  readonly actionDir?: string;
  /** RUNNER_DEBUG=1 (core.debug lines are printed). */
  readonly debug?: boolean;
}

export interface StepResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout then stderr, unmasked (so a test can see a leak the runner would hide). */
  readonly log: string;
  readonly outputs: Record<string, string>;
  /** What the step wrote to GITHUB_ENV. */
  readonly env: Record<string, string>;
  /** What the step wrote to GITHUB_PATH, in order. */
  readonly path: string[];
  /** What the step wrote to GITHUB_STATE. */
  readonly state: Record<string, string>;
  readonly summary: string;
  readonly annotations: Annotation[];
  readonly masked: string[];
  readonly commands: WorkflowCommand[];
}

export interface ActionResult extends StepResult {
  /** The post step, when it ran. */
  readonly post?: StepResult;
  /** Inputs given that action.yml does not declare (the runner warns about them and still passes them). */
  readonly unexpectedInputs: string[];
  readonly workspace: string;
  readonly runnerTemp: string;
  readonly toolCache: string;
  /** The root of every temp dir this run created. */
  readonly tempRoot: string;
  /** Removes the temp dirs this run created (not the ones given). */
  cleanup(): Promise<void>;
}

interface ActionYml {
  readonly inputs: Record<string, { default?: unknown; required?: boolean }>;
  readonly main: string;
  readonly post?: string;
  readonly postIf?: string;
}

export { inputEnvName };

export async function loadActionYml(actionDir: string): Promise<ActionYml> {
  const file = path.join(actionDir, 'action.yml');
  const doc = parseYaml(await readFile(file, 'utf8')) as Record<string, unknown> | null;
  const runs = doc?.['runs'] as Record<string, unknown> | undefined;
  if (!runs || typeof runs['main'] !== 'string') throw new Error(`${file}: runs.main is missing`);
  if (typeof runs['using'] !== 'string' || !/^node\d+$/.test(runs['using'])) {
    throw new Error(`${file}: runs.using is '${String(runs['using'])}', not a node runtime`);
  }
  const inputs = (doc?.['inputs'] ?? {}) as ActionYml['inputs'];
  return {
    inputs,
    main: runs['main'],
    ...(typeof runs['post'] === 'string' ? { post: runs['post'] } : {}),
    ...(typeof runs['post-if'] === 'string' ? { postIf: runs['post-if'] } : {}),
  };
}

export async function runAction(actionName: string, options: RunActionOptions = {}): Promise<ActionResult> {
  const actionDir = options.actionDir ?? path.join(REPO_ROOT, 'actions', actionName);
  const action = await loadActionYml(actionDir);
  const tempRoot = await mkdtemp(path.join(os.tmpdir(), `run-action-${actionName}-`));
  const made = async (name: string): Promise<string> => {
    const dir = path.join(tempRoot, name);
    await mkdir(dir, { recursive: true });
    return dir;
  };
  const workspace = options.workspace ?? (await made('workspace'));
  const runnerTemp = options.runnerTemp ?? (await made('runner-temp'));
  const toolCache = options.toolCache ?? (await made('tool-cache'));
  const home = await made('home');
  const eventPath = path.join(await made('event'), 'event.json');

  const context = runnerContext({ workspace, runnerTemp, toolCache, home, eventPath, actionName });
  await writeFile(eventPath, JSON.stringify(pushEvent(context), null, 2));

  // Inputs: the step's `with:` over action.yml defaults; declared inputs without a default are ''.
  const given = options.inputs ?? {};
  const inputEnv: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const fallback = spec?.default;
    inputEnv[inputEnvName(name)] =
      fallback === undefined || fallback === null ? '' : evaluateDefault(String(fallback), context);
  }
  const declared = new Set(Object.keys(action.inputs).map((n) => n.toLowerCase()));
  const unexpectedInputs = Object.keys(given).filter((n) => !declared.has(n.toLowerCase()));
  for (const [name, value] of Object.entries(given)) inputEnv[inputEnvName(name)] = value;

  const baseEnv: Record<string, string> = { ...runnerEnvironment(context), ...inputEnv };
  applyOverrides(baseEnv, options.env);

  const timeoutMs = options.timeoutMs ?? 60_000;
  const cwd = options.cwd ?? workspace;
  const debugEnv: Record<string, string> = options.debug ? { RUNNER_DEBUG: '1' } : {};

  const main = await runStep(
    path.join(actionDir, action.main),
    { ...baseEnv, ...debugEnv },
    cwd,
    await made('step-main'),
    timeoutMs,
  );

  let post: StepResult | undefined;
  const wantPost = options.post ?? (action.post !== undefined && postCondition(action.postIf, main.exitCode));
  if (wantPost) {
    if (action.post === undefined) throw new Error(`${actionDir}/action.yml declares no post step`);
    // Later steps see what the main step exported: GITHUB_ENV values, GITHUB_PATH entries (prepended) and its state.
    const postEnv: Record<string, string> = { ...baseEnv, ...debugEnv, ...main.env };
    const prepend = [...main.path].reverse();
    if (prepend.length > 0) postEnv['PATH'] = [...prepend, postEnv['PATH'] ?? ''].join(path.delimiter);
    for (const [name, value] of Object.entries(main.state)) postEnv[`STATE_${name}`] = value;
    post = await runStep(path.join(actionDir, action.post), postEnv, cwd, await made('step-post'), timeoutMs);
  }

  return {
    ...main,
    ...(post ? { post } : {}),
    unexpectedInputs,
    workspace,
    runnerTemp,
    toolCache,
    tempRoot,
    cleanup: () => rm(tempRoot, { recursive: true, force: true }),
  };
}

async function runStep(
  script: string,
  env: Record<string, string>,
  cwd: string,
  stepDir: string,
  timeoutMs: number,
): Promise<StepResult> {
  if (!existsSync(script)) throw new Error(`${script} does not exist (is the action built?)`);
  const files = {
    GITHUB_OUTPUT: path.join(stepDir, 'output'),
    GITHUB_ENV: path.join(stepDir, 'env'),
    GITHUB_PATH: path.join(stepDir, 'path'),
    GITHUB_STATE: path.join(stepDir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(stepDir, 'step-summary'),
  };
  for (const file of Object.values(files)) await writeFile(file, '');

  const { exitCode, stdout, stderr } = await spawnNode(script, { ...env, ...files }, cwd, timeoutMs);
  const read = (file: string): Promise<string> => readFile(file, 'utf8');
  const log = stdout + stderr;
  const parsed = parseWorkflowCommands(log);
  return {
    exitCode,
    stdout,
    stderr,
    log,
    outputs: parseKeyValueFile(await read(files.GITHUB_OUTPUT), 'GITHUB_OUTPUT'),
    env: parseKeyValueFile(await read(files.GITHUB_ENV), 'GITHUB_ENV'),
    path: parsePathFile(await read(files.GITHUB_PATH)),
    state: parseKeyValueFile(await read(files.GITHUB_STATE), 'GITHUB_STATE'),
    summary: await read(files.GITHUB_STEP_SUMMARY),
    annotations: parsed.annotations,
    masked: parsed.masked,
    commands: parsed.commands,
  };
}

function spawnNode(
  script: string,
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) {
        const tail = (stdout + stderr).split('\n').slice(-20).join('\n');
        reject(new Error(`${script} timed out after ${timeoutMs} ms and was killed; last lines:\n${tail}`));
        return;
      }
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

function applyOverrides(env: Record<string, string>, overrides: Record<string, string | undefined> | undefined): void {
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
}

/** `post-if`: the runner's default is always(). */
function postCondition(postIf: string | undefined, mainExitCode: number): boolean {
  const condition = (postIf ?? 'always()').replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim();
  if (condition === 'always()') return true;
  if (condition === 'success()') return mainExitCode === 0;
  if (condition === 'failure()') return mainExitCode !== 0;
  throw new Error(`post-if '${postIf}' is not supported by the test harness`);
}

interface RunnerContext {
  readonly workspace: string;
  readonly runnerTemp: string;
  readonly toolCache: string;
  readonly home: string;
  readonly eventPath: string;
  readonly actionName: string;
  readonly repository: string;
  readonly owner: string;
  readonly sha: string;
  readonly ref: string;
  readonly runId: string;
  readonly job: string;
  readonly token: string;
}

function runnerContext(
  dirs: Pick<RunnerContext, 'workspace' | 'runnerTemp' | 'toolCache' | 'home' | 'eventPath' | 'actionName'>,
): RunnerContext {
  return {
    ...dirs,
    repository: 'octo-org/octo-repo',
    owner: 'octo-org',
    sha: 'ffac537e6cbbf934b08745a378932722df287a53',
    ref: 'refs/heads/main',
    runId: '1658821493',
    job: 'test',
    // Not a real token: nothing in the tests talks to GitHub.
    token: `ghs_test${randomUUID().replace(/-/g, '')}`,
  };
}

function runnerEnvironment(c: RunnerContext): Record<string, string> {
  const nodeDir = path.dirname(process.execPath);
  return {
    PATH: [nodeDir, '/usr/local/bin', '/usr/bin', '/bin']
      .filter((d, i, all) => all.indexOf(d) === i)
      .join(path.delimiter),
    HOME: c.home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: `__${c.actionName.replace(/[^A-Za-z0-9_]/g, '_')}`,
    GITHUB_ACTION_REPOSITORY: 'octo-org/devsecops-actions-aks',
    GITHUB_ACTION_REF: 'v1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTOR_ID: '583231',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_BASE_REF: '',
    GITHUB_HEAD_REF: '',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: c.eventPath,
    GITHUB_JOB: c.job,
    GITHUB_REF: c.ref,
    GITHUB_REF_NAME: c.ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_REF_PROTECTED: 'false',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_REPOSITORY: c.repository,
    GITHUB_REPOSITORY_ID: '123456789',
    GITHUB_REPOSITORY_OWNER: c.owner,
    GITHUB_REPOSITORY_OWNER_ID: '9919',
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_ID: c.runId,
    GITHUB_RUN_NUMBER: '42',
    GITHUB_SHA: c.sha,
    GITHUB_WORKFLOW: 'CI',
    GITHUB_WORKFLOW_REF: `${c.repository}/.github/workflows/ci.yml@${c.ref}`,
    GITHUB_WORKFLOW_SHA: c.sha,
    GITHUB_WORKSPACE: c.workspace,
    RUNNER_ARCH: runnerArch(process.arch),
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_NAME: 'GitHub Actions 2',
    RUNNER_OS: runnerOs(process.platform),
    RUNNER_TEMP: c.runnerTemp,
    RUNNER_TOOL_CACHE: c.toolCache,
  };
}

function runnerOs(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'Windows' : platform === 'darwin' ? 'macOS' : 'Linux';
}

function runnerArch(arch: string): string {
  return (
    ({ x64: 'X64', arm64: 'ARM64', ia32: 'X86', arm: 'ARM' } as Record<string, string>)[arch] ?? arch.toUpperCase()
  );
}

function pushEvent(c: RunnerContext): Record<string, unknown> {
  return {
    ref: c.ref,
    before: '0000000000000000000000000000000000000000',
    after: c.sha,
    repository: {
      id: 123456789,
      name: c.repository.split('/')[1],
      full_name: c.repository,
      private: true,
      owner: { login: c.owner, id: 9919 },
      default_branch: 'main',
    },
    sender: { login: 'octocat', id: 583231 },
    head_commit: { id: c.sha, message: 'test commit' },
  };
}

/**
 * The defaults of action.yml may use `${{ github.* }}` / `${{ runner.* }}`
 * expressions; the common ones are evaluated, anything else fails loudly
 * rather than passing a wrong value.
 */
function evaluateDefault(value: string, c: RunnerContext): string {
  const known: Record<string, string> = {
    'github.token': c.token,
    'github.workspace': c.workspace,
    'github.repository': c.repository,
    'github.repository_owner': c.owner,
    'github.sha': c.sha,
    'github.ref': c.ref,
    'github.run_id': c.runId,
    'github.run_attempt': '1',
    'github.job': c.job,
    'github.server_url': 'https://github.com',
    'github.api_url': 'https://api.github.com',
    'github.action_path': '',
    'runner.temp': c.runnerTemp,
    'runner.tool_cache': c.toolCache,
    'runner.os': runnerOs(process.platform),
    'runner.arch': runnerArch(process.arch),
  };
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_match, expression: string) => {
    const result = known[expression];
    if (result === undefined)
      throw new Error(`the test harness cannot evaluate the action.yml default \${{ ${expression} }}`);
    return result;
  });
}
