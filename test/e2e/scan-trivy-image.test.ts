import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apkInstalledDb, buildImage, imageArchive, pushImage } from '../fakes/oci-image.js';
import { startRegistry, type Registry } from '../fakes/oci-registry.js';
import { buildTrivyDb, pushTrivyDb } from '../fakes/trivy-db.js';
import { TEST_ADVISORIES } from '../fakes/trivy-db-advisories.js';
import { startToolMirror, type ToolMirror } from '../fakes/tool-mirror.js';
import { trivyReleaseArchive } from '../fakes/trivy-release.js';
import { assertNoStackTrace, runAction, type ActionResult } from '../harness/run-action.js';
import { githubSarifProblems, sarifSchemaErrors } from '../support/sarif-validation.js';

/*
 * actions/scan of a real image in a real registry with the real Trivy and a
 * small real vulnerability database, served from the same registry as an
 * OCI artifact. The first database repository does not exist: the action
 * must fall through to the next one, as it does with its public mirrors.
 */

const VERSION = '0.44.1';
const TIMEOUT = 240_000;

let scratch: string;
let registry: Registry;
let mirror: ToolMirror;
let sha256: string;
let imageRef: string;
let archivePath: string;
let workspace: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'scan-image-'));
  workspace = mkdtempSync(path.join(scratch, 'ws-'));
  mirror = await startToolMirror();
  const [reg, dbDir, image, release] = await Promise.all([
    startRegistry(),
    buildTrivyDb(TEST_ADVISORIES, path.join(scratch, 'db')),
    buildImage({
      osRelease: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.4\n',
      apkInstalled: apkInstalledDb([{ name: 'musl', version: '1.2.4-r1' }]),
      files: {
        'etc/alpine-release': '3.18.4\n',
        'app/node_modules/lodash/package.json': JSON.stringify({ name: 'lodash', version: '4.17.20', license: 'MIT' }),
      },
      tag: '1.0.0',
    }),
    trivyReleaseArchive(scratch, VERSION),
  ]);
  registry = reg;
  sha256 = release.sha256;
  mirror.serveRelease('aquasecurity/trivy', `v${VERSION}`, release.file, readFileSync(release.path));
  await pushTrivyDb(dbDir, registry.host, 'aquasecurity/trivy-db');
  const digest = await pushImage(image.layoutDir, '1.0.0', registry.host, 'shop/app');
  imageRef = `${registry.host}/shop/app@${digest}`;
  archivePath = await imageArchive(image.layoutDir, '1.0.0', path.join(workspace, 'app.tar'), 'shop/app');
}, TIMEOUT);

afterAll(async () => {
  await registry?.stop();
  await mirror?.close();
});

function scanImage(target: string, inputs: Record<string, string> = {}): Promise<ActionResult> {
  return runAction('scan', {
    workspace,
    timeoutMs: TIMEOUT,
    env: { HOME: path.join(scratch, 'home') },
    inputs: {
      scanner: 'trivy',
      'trivy-target-type': 'image',
      target,
      'trivy-db-repository': `${registry.host}/missing/trivy-db:2\n${registry.host}/aquasecurity/trivy-db:2`,
      cache: 'false',
      version: VERSION,
      'version-sha256': sha256,
      'tool-mirror': mirror.url,
      ...inputs,
    },
  });
}

describe('actions/scan of an image in a registry', () => {
  let result: ActionResult;
  beforeAll(async () => {
    result = await scanImage(imageRef);
  }, TIMEOUT);

  it('finds the OS and the npm vulnerability from the database, with their fixed versions', () => {
    const json = JSON.parse(readFileSync(result.outputs['json-file']!, 'utf8')) as {
      findings: Array<{
        ruleId: string;
        severity: string;
        package?: { name: string; installedVersion?: string; fixedVersion?: string };
        location: { image?: string };
      }>;
    };
    const musl = json.findings.find((f) => f.ruleId === 'CVE-2099-0001');
    expect(musl).toMatchObject({
      severity: 'high',
      package: { name: 'musl', installedVersion: '1.2.4-r1', fixedVersion: '1.2.4-r2' },
    });
    const lodash = json.findings.find((f) => f.ruleId === 'GHSA-29mw-wpgm-hmr9');
    expect(lodash).toMatchObject({
      severity: 'critical',
      package: { name: 'lodash', installedVersion: '4.17.20', fixedVersion: '4.17.21' },
    });
    expect(musl?.location.image).toContain('shop/app');
  });

  it('fell through the missing database repository to the next one', () => {
    expect(result.log).toContain(`vulnerability database from ${registry.host}/aquasecurity/trivy-db:2`);
  });

  it('counts what Trivy counted and fails the gate on the critical', () => {
    const raw = JSON.parse(
      readFileSync(path.join(path.dirname(result.outputs['sarif-file']!), 'trivy-report.json'), 'utf8'),
    ) as {
      Results?: Array<{ Vulnerabilities?: Array<{ Severity: string }> }>;
    };
    const severities = (raw.Results ?? []).flatMap((r) =>
      (r.Vulnerabilities ?? []).map((v) => v.Severity.toLowerCase()),
    );
    for (const s of ['critical', 'high', 'medium', 'low'])
      expect(Number(result.outputs[s])).toBe(severities.filter((x) => x === s).length);
    expect(result.outputs).toMatchObject({ critical: '1', high: '1', gate: 'fail' });
    expect(result.exitCode).toBe(1);
    assertNoStackTrace(result.log);
  });

  it('writes valid SARIF whose image locations are relative URI references', () => {
    const sarif = readFileSync(result.outputs['sarif-file']!, 'utf8');
    expect(sarifSchemaErrors(JSON.parse(sarif))).toEqual([]);
    expect(githubSarifProblems(sarif)).toEqual([]);
  });

  it(
    'scans a docker-archive from the workspace; an exception by the advisory id lets fail-on critical pass',
    async () => {
      writeFileSync(
        path.join(workspace, 'policy.yml'),
        'ignore:\n  - id: GHSA-29mw-wpgm-hmr9\n    package: lodash\n    reason: "lodash is only used at build time"\n    expires: 2099-01-01\n',
      );
      const r = await scanImage('docker-archive:app.tar', { 'fail-on': 'critical', policy: 'policy.yml' });
      expect(r.outputs).toMatchObject({ critical: '1', high: '1', gate: 'pass' });
      expect(r.exitCode).toBe(0);
      expect(r.summary).toContain('lodash is only used at build time');
      expect(archivePath.endsWith('app.tar')).toBe(true);
    },
    TIMEOUT,
  );
});
