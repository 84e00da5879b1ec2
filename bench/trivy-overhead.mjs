// Benchmark (b): the wrapper's overhead on a real scan. actions/scan's wall
// time for a secret and misconfiguration scan of a test project, next to raw
// `trivy fs` with the same scanners on the same project, in the same run.
// Trivy is installed once before timing (the tool cache serves later runs,
// as it does for the second install in a job).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  jobDirs,
  root,
  runActionStep,
  serveTrivyRelease,
  TRIVY_VERSION,
  trivyBinary,
} from '../scripts/lib/local-runner.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchTrivyOverhead() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-overhead-'));
  const dirs = jobDirs(scratch);
  cpSync(path.join(root, 'examples', 'hello-aks'), dirs.workspace, { recursive: true });
  const mirror = await serveTrivyRelease(scratch);
  const inputs = {
    scanner: 'trivy',
    target: '.',
    'trivy-scanners': 'secret,misconfig',
    version: TRIVY_VERSION,
    'version-sha256': mirror.sha256,
    'tool-mirror': mirror.url,
    'fail-on': 'none',
  };
  try {
    await runActionStep('scan', inputs, dirs); // installs into the tool cache
    const action = [];
    const raw = [];
    for (let i = 0; i < RUNS; i++) {
      action.push((await runActionStep('scan', inputs, dirs)).wallMs);
      const cache = path.join(scratch, `raw-cache-${i}`);
      mkdirSync(cache);
      const started = process.hrtime.bigint();
      const r = spawnSync(
        trivyBinary,
        [
          'filesystem',
          '--format',
          'json',
          '--output',
          path.join(scratch, 'raw.json'),
          '--cache-dir',
          cache,
          '--scanners',
          'secret,config',
          '--skip-policy-update',
          '--quiet',
          dirs.workspace,
        ],
        { stdio: 'ignore' },
      );
      raw.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (r.status !== 0) throw new Error('raw trivy failed');
    }
    const a = median(action);
    const t = median(raw);
    console.log(`\nwrapper overhead on a real scan (examples/hello-aks, secret+misconfig, median of ${RUNS} runs)`);
    console.log(
      `actions/scan: ${(a / 1000).toFixed(2)} s   raw trivy fs: ${(t / 1000).toFixed(2)} s   ratio: ${(a / t).toFixed(2)}x`,
    );
    return { actionMs: a, rawMs: t };
  } finally {
    await mirror.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
