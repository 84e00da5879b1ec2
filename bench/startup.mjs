// Start-up benchmark: for each action, the median time from spawning
// `node actions/<name>/dist/index.js` to its first byte of output, next to a
// bare `node` that prints one byte, measured in the same run.
// NODE_EXTRA_CA_CERTS is removed from the children's environment: it makes
// every Node start read a CA bundle (about 95 ms here) and would hide the
// actions' own cost.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 21);

function timeToFirstOutput(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let first;
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const mark = () => {
      first ??= Number(process.hrtime.bigint() - started) / 1e6;
    };
    child.stdout.on('data', mark);
    child.stderr.on('data', mark);
    child.on('error', reject);
    child.on('close', () =>
      first === undefined ? reject(new Error(`no output from ${args.join(' ')}`)) : resolve(first),
    );
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export async function benchStartup() {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, RUNNER_TEMP: temp, GITHUB_WORKSPACE: temp };
  const actions = readdirSync(path.join(root, 'actions')).filter((a) =>
    existsSync(path.join(root, 'actions', a, 'dist', 'index.js')),
  );
  const subjects = [
    ['node (bare)', ['-e', "process.stdout.write('x')"]],
    ...actions.map((a) => [a, [path.join(root, 'actions', a, 'dist', 'index.js')]]),
  ];
  const samples = new Map(subjects.map(([name]) => [name, []]));
  // Interleave the subjects so that machine noise spreads over all of them alike.
  for (let i = 0; i < RUNS + 2; i++) {
    for (const [name, args] of subjects) {
      const ms = await timeToFirstOutput(args, env);
      if (i >= 2) samples.get(name).push(ms); // the first two rounds warm the file cache
    }
  }
  rmSync(temp, { recursive: true, force: true });
  const bare = median(samples.get('node (bare)'));
  const rows = [...samples].map(([name, xs]) => ({ name, median: median(xs), over: median(xs) - bare }));
  console.log(`\nstart-up: median time to first output over ${RUNS} runs (NODE_EXTRA_CA_CERTS unset)`);
  console.log('subject'.padEnd(16) + 'median ms'.padStart(11) + 'over bare node'.padStart(16));
  for (const r of rows)
    console.log(
      r.name.padEnd(16) +
        r.median.toFixed(1).padStart(11) +
        (r.name === 'node (bare)' ? '' : `+${r.over.toFixed(1)}`).padStart(16),
    );
  return rows;
}
