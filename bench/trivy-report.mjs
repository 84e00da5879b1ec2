// Benchmark (a) of the findings engine: a 50,000-vulnerability Trivy report,
// built by repeating real entries of the reports in shared/fixtures/real/trivy,
// processed by actions/scan through `report` (SARIF, JSON, summary, verdict),
// against `trivy convert --format sarif` on the same file in the same run.
// Each tool's marginal cost over a 500-vulnerability report removes start-up.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jobDirs, root, runActionStep, trivyBinary } from '../scripts/lib/local-runner.mjs';

const REAL = path.resolve(root, '..', 'shared', 'fixtures', 'real', 'trivy');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function realVulnerabilities() {
  const pool = [];
  for (const file of [
    'image-alpine-310.json',
    'image-debian-buster.json',
    'image-all-statuses.json',
    'fs-misconfig-and-secrets.json',
    'image-debian13-java-1high-real-0.69.3.json',
  ]) {
    const doc = JSON.parse(readFileSync(path.join(REAL, file), 'utf8'));
    for (const r of doc.Results ?? []) pool.push(...(r.Vulnerabilities ?? []));
  }
  return pool;
}

/** A schema-2 report with `count` vulnerabilities over about count/25 distinct ids, in one OS-package result. */
function buildReport(count, pool) {
  const template = JSON.parse(readFileSync(path.join(REAL, 'image-alpine-310.json'), 'utf8'));
  const vulns = [];
  for (let i = 0; i < count; i++) {
    const v = pool[i % pool.length];
    vulns.push({
      ...v,
      VulnerabilityID: `${v.VulnerabilityID}-${i % Math.max(1, Math.floor(count / 25))}`,
      PkgName: `${v.PkgName}-${i}`,
      PkgID: `${v.PkgName}-${i}@${v.InstalledVersion}`,
    });
  }
  return JSON.stringify({ ...template, Results: [{ ...template.Results[0], Vulnerabilities: vulns }] }, null, 2);
}

function timed(cmd, args, env) {
  const memFile = path.join(os.tmpdir(), `bench-mem-${process.pid}`);
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', memFile, cmd, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return { wallMs, peakKb: Number(readFileSync(memFile, 'utf8').trim().split('\n').pop()) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchTrivyReport() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
  const dirs = jobDirs(scratch);
  const pool = realVulnerabilities();
  const sizes = { small: 500, large: 50_000 };
  for (const [name, n] of Object.entries(sizes))
    writeFileSync(path.join(dirs.workspace, `${name}.json`), buildReport(n, pool));
  const env = { PATH: process.env.PATH, HOME: dirs.home };
  const results = { action: {}, convert: {} };
  for (const [name] of Object.entries(sizes)) {
    const action = [];
    const convert = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await runActionStep(
        'scan',
        {
          scanner: 'trivy',
          target: 'app:1',
          'trivy-target-type': 'image',
          report: `${name}.json`,
          'fail-on': 'none',
          annotations: 'false',
        },
        dirs,
        { measure: true },
      );
      if (r.code !== 0) throw new Error(`actions/scan failed on ${name}.json`);
      action.push(r);
      convert.push(
        timed(
          trivyBinary,
          [
            'convert',
            '--format',
            'sarif',
            '--output',
            path.join(dirs.temp, `${name}.sarif`),
            path.join(dirs.workspace, `${name}.json`),
          ],
          env,
        ),
      );
    }
    results.action[name] = {
      wallMs: median(action.map((r) => r.wallMs)),
      peakKb: Math.max(...action.map((r) => r.peakKb)),
    };
    results.convert[name] = {
      wallMs: median(convert.map((r) => r.wallMs)),
      peakKb: Math.max(...convert.map((r) => r.peakKb)),
    };
  }
  const marginal = (t) => t.large.wallMs - t.small.wallMs;
  const a = marginal(results.action);
  const c = marginal(results.convert);
  console.log(
    `\nfindings engine: 50,000-vulnerability Trivy report (median of ${RUNS} runs; marginal = 50,000 minus 500)`,
  );
  console.log('tool'.padEnd(34) + 'marginal s'.padStart(12) + 'peak MB (50k)'.padStart(16));
  console.log(
    'actions/scan report (SARIF+JSON+summary+gate)'.slice(0, 33).padEnd(34) +
      (a / 1000).toFixed(2).padStart(12) +
      (results.action.large.peakKb / 1024).toFixed(0).padStart(16),
  );
  console.log(
    'trivy convert --format sarif'.padEnd(34) +
      (c / 1000).toFixed(2).padStart(12) +
      (results.convert.large.peakKb / 1024).toFixed(0).padStart(16),
  );
  console.log(`speed-up over trivy convert: ${(c / a).toFixed(1)}x`);
  rmSync(scratch, { recursive: true, force: true });
  return { actionMarginalMs: a, convertMarginalMs: c, actionPeakMb: results.action.large.peakKb / 1024 };
}
