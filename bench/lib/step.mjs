// Runs an action's committed bundle as the runner does (like runActionStep of
// scripts/lib/local-runner.mjs), with extra environment for the fakes: the
// OIDC request variables, AZURE_* endpoints and NODE_EXTRA_CA_CERTS set to the
// fakes' CA. The child's environment is built from scratch, so the bench's own
// NODE_EXTRA_CA_CERTS (often the system bundle) never reaches it.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '../../scripts/lib/local-runner.mjs';

/** The environment of a step in the job `dirs` (see jobDirs), plus `extra`. */
export function stepEnv(dirs, extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: dirs.home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'bench',
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    ...extra,
  };
}

/** Spawns node with `args` in `env`; resolves with the exit code, wall time (ms) and output. */
export function timeNode(args, env, cwd) {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => out.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, wallMs: Number(process.hrtime.bigint() - started) / 1e6, log: Buffer.concat(out).toString() }),
    );
  });
}

/** Runs actions/<action>/dist/index.js with `inputs`; throws with the log when the step fails. */
export async function runStep(action, inputs, dirs, extraEnv) {
  const files = {};
  for (const [name, file] of [
    ['GITHUB_OUTPUT', 'output'],
    ['GITHUB_ENV', 'env'],
    ['GITHUB_PATH', 'path'],
    ['GITHUB_STATE', 'state'],
    ['GITHUB_STEP_SUMMARY', 'summary.md'],
  ]) {
    files[name] = path.join(dirs.temp, `${action}-${file}`);
    writeFileSync(files[name], '');
  }
  const env = { ...stepEnv(dirs, extraEnv), ...files };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = await timeNode([path.join(root, 'actions', action, 'dist', 'index.js')], env, dirs.workspace);
  if (result.code !== 0) throw new Error(`${action} failed (exit ${result.code}):\n${result.log}`);
  return result;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
