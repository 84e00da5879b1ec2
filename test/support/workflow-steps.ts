import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import { repoRoot } from './workflow-files.js';

/*
 * Runs a `run:` step of a workflow file the way a GitHub runner does: the
 * script as written, with bash --noprofile --norc -eo pipefail, in the
 * workspace, with the step's env (its `${{ }}` values given by the test),
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files and RUNNER_TEMP. So the tests
 * exercise the scripts that ship, not copies of them.
 */

interface StepYaml {
  id?: string;
  name?: string;
  run?: string;
  env?: Record<string, string>;
}

export interface WorkflowStep {
  run: string;
  env: Record<string, string>;
}

/** The `run:` step of `job` with the given id or name. */
export function workflowStep(file: string, job: string, idOrName: string): WorkflowStep {
  const doc = parse(readFileSync(path.join(repoRoot, file), 'utf8')) as {
    jobs: Record<string, { steps?: StepYaml[] }>;
  };
  const step = doc.jobs[job]?.steps?.find((s) => s.id === idOrName || s.name === idOrName);
  if (!step?.run) throw new Error(`${file}: job ${job} has no run step ${idOrName}`);
  return { run: step.run, env: { ...(step.env ?? {}) } };
}

export interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses a GITHUB_OUTPUT file: name=value lines and name<<DELIMITER blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`output ${heredoc[1]}: no closing ${heredoc[2]}`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

export interface RunOptions {
  /** The step's env after the runner evaluated its expressions: each `${{ }}` value the test gives. */
  env: Record<string, string>;
  /** The job's workspace (GITHUB_WORKSPACE and the working directory). */
  workspace: string;
  /** More process environment, such as ACTIONS_ID_TOKEN_REQUEST_URL. */
  extraEnv?: Record<string, string>;
  /** Directories put first on PATH. */
  pathPrefix?: string[];
}

export function runWorkflowStep(step: WorkflowStep, options: RunOptions): Promise<StepRun> {
  const unresolved = Object.entries(step.env)
    .filter(([k, v]) => v.includes('${{') && !(k in options.env))
    .map(([k]) => k);
  if (unresolved.length > 0) throw new Error(`give the values of ${unresolved.join(', ')}`);
  const temp = mkdtempSync(path.join(path.dirname(options.workspace), 'runner-temp-'));
  mkdirSync(options.workspace, { recursive: true });
  const outputFile = path.join(temp, 'output');
  const summaryFile = path.join(temp, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const script = path.join(temp, 'step.sh');
  writeFileSync(script, step.run);
  const env: NodeJS.ProcessEnv = {
    PATH: [...(options.pathPrefix ?? []), process.env['PATH'] ?? '/usr/bin:/bin'].join(path.delimiter),
    HOME: temp,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: temp,
    ...step.env,
    ...options.env,
    ...options.extraEnv,
  };
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: options.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
        summary: readFileSync(summaryFile, 'utf8'),
      }),
    );
  });
}
