import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startToolMirror, type ToolMirror } from '../fakes/tool-mirror.js';
import { trivyReleaseArchive } from '../fakes/trivy-release.js';
import { assertNoStackTrace, runAction, type ActionResult } from '../harness/run-action.js';
import { githubSarifProblems, sarifSchemaErrors } from '../support/sarif-validation.js';

/*
 * actions/scan with the real Trivy: the committed dist installs Trivy through
 * the project's installer from a local mirror (release layout, checksum
 * verified), scans a test project, and everything it reports is checked
 * against Trivy's own JSON report.
 */

const VERSION = '0.44.1';
// Built at run time so that no secret-shaped literal is committed.
const AWS_KEY = ['AKIA', 'ZQ3DPSLAXUWB', 'DG7E'].join('');
const GITHUB_TOKEN = ['ghp_', 'Xk7pQ2mN9vR4tY8wZ1aB3cD5eF6gH0iJ2kL4'].join('');

let mirror: ToolMirror;
let archive: { file: string; sha256: string };
let scratch: string;

function project(): string {
  const ws = mkdtempSync(path.join(scratch, 'ws-'));
  writeFileSync(
    path.join(ws, 'Dockerfile'),
    'FROM alpine:3.18\nRUN apk add --no-cache curl\nCMD ["curl", "--version"]\n',
  );
  mkdirSync(path.join(ws, 'deploy'));
  writeFileSync(
    path.join(ws, 'deploy', 'app.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: app',
      'spec:',
      '  selector:',
      '    matchLabels: { app: app }',
      '  template:',
      '    metadata:',
      '      labels: { app: app }',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: registry.example.com/app:1.0',
      '          securityContext:',
      '            privileged: true',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(ws, 'settings.env'), `AWS_ACCESS_KEY_ID=${AWS_KEY}\nGITHUB_TOKEN=${GITHUB_TOKEN}\n`);
  return ws;
}

interface TrivyJson {
  Results?: Array<{
    Vulnerabilities?: Array<{ Severity: string }>;
    Misconfigurations?: Array<{ Severity: string; Status: string }>;
    Secrets?: Array<{ Severity: string }>;
  }>;
}

/** Counts per severity straight from Trivy's own JSON report. */
function trivyCounts(report: TrivyJson): Record<string, number> {
  const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const r of report.Results ?? []) {
    for (const item of [
      ...(r.Vulnerabilities ?? []),
      ...(r.Misconfigurations ?? []).filter((m) => m.Status === 'FAIL'),
      ...(r.Secrets ?? []),
    ]) {
      const s = item.Severity.toLowerCase();
      if (s in counts) counts[s]!++;
    }
  }
  return counts;
}

function scan(ws: string, inputs: Record<string, string>, extra: { toolCache?: string } = {}): Promise<ActionResult> {
  return runAction('scan', {
    workspace: ws,
    timeoutMs: 180_000,
    ...(extra.toolCache ? { toolCache: extra.toolCache } : {}),
    env: { HOME: path.join(scratch, 'home') },
    inputs: {
      scanner: 'trivy',
      target: '.',
      'trivy-scanners': 'secret,misconfig',
      version: VERSION,
      'version-sha256': archive.sha256,
      'tool-mirror': mirror.url,
      ...inputs,
    },
  });
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'scan-trivy-'));
  mirror = await startToolMirror();
  const built = await trivyReleaseArchive(scratch, VERSION);
  archive = built;
  mirror.serveRelease('aquasecurity/trivy', `v${VERSION}`, built.file, readFileSync(built.path));
});

afterAll(async () => {
  await mirror.close();
});

describe('actions/scan with the real Trivy', () => {
  let result: ActionResult;
  let ws: string;

  beforeAll(async () => {
    ws = project();
    result = await scan(ws, {});
  }, 240_000);

  it('installs Trivy from the mirror and fails the gate on a critical secret with the default fail-on high', () => {
    expect(mirror.requestsFor(`/aquasecurity/trivy/releases/download/v${VERSION}/${archive.file}`)).toHaveLength(1);
    expect(result.exitCode).toBe(1);
    expect(result.outputs['gate']).toBe('fail');
    const failure = result.annotations.filter((a) => a.level === 'error' && !a.file);
    expect(failure.map((a) => a.message)).toEqual([
      expect.stringMatching(/^fail: \d+ findings? at or above high \(.*critical.*\); fail-on: high \(default\)$/),
    ]);
    assertNoStackTrace(result.log);
  });

  it('reports the same counts per severity as Trivy’s own JSON', () => {
    const raw = JSON.parse(
      readFileSync(path.join(path.dirname(result.outputs['sarif-file']!), 'trivy-report.json'), 'utf8'),
    ) as TrivyJson;
    const expected = trivyCounts(raw);
    expect(expected['critical']).toBeGreaterThanOrEqual(1);
    for (const s of ['critical', 'high', 'medium', 'low']) expect(Number(result.outputs[s])).toBe(expected[s]);
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    expect(Number(result.outputs['findings'])).toBe(total);
    // The version the installer put in place: asking Trivy itself costs a start (and this build says 'dev').
    expect(result.outputs['tool-version']).toBe(VERSION);
  });

  it('writes SARIF that passes the SARIF 2.1.0 schema and GitHub’s rules, and the JSON, before failing', () => {
    const sarif = readFileSync(result.outputs['sarif-file']!, 'utf8');
    expect(sarifSchemaErrors(JSON.parse(sarif))).toEqual([]);
    expect(githubSarifProblems(sarif)).toEqual([]);
    const json = JSON.parse(readFileSync(result.outputs['json-file']!, 'utf8')) as {
      gate: { verdict: string };
      findings: Array<{ state: string }>;
    };
    expect(json.gate.verdict).toBe('fail');
    expect(json.findings.filter((f) => f.state === 'blocking').length).toBeGreaterThan(0);
  });

  it('annotates the secret and the privileged container at their files and lines', () => {
    const secret = result.annotations.find((a) => a.file === 'settings.env');
    expect(secret).toMatchObject({ level: 'error', line: 1 });
    expect(result.annotations.some((a) => a.file === 'deploy/app.yaml' && typeof a.line === 'number')).toBe(true);
  });

  it('never shows a secret value from the scanned files', () => {
    const sarif = readFileSync(result.outputs['sarif-file']!, 'utf8');
    const json = readFileSync(result.outputs['json-file']!, 'utf8');
    for (const text of [result.log, result.summary, sarif, json]) {
      expect(text).not.toContain(AWS_KEY);
      expect(text).not.toContain(GITHUB_TOKEN);
    }
  });

  it('writes a summary with the verdict, counts and the most severe findings', () => {
    expect(result.summary).toContain('❌ Trivy scan of .: fail');
    expect(result.summary).toMatch(/\| Severity \| Rule \| Title \| Location \|/);
    expect(result.summary).toContain('settings.env:1');
  });
});

describe('actions/scan with the real Trivy and a policy', () => {
  it('passes with fail-on none, and a second install in the same job comes from the tool cache', async () => {
    const ws = project();
    const toolCache = mkdtempSync(path.join(scratch, 'toolcache-'));
    const first = await scan(ws, { 'fail-on': 'none' }, { toolCache });
    expect(first.exitCode).toBe(0);
    expect(first.outputs['gate']).toBe('pass');
    const before = mirror.requests.length;
    const second = await scan(ws, { 'fail-on': 'none', 'trivy-scanners': 'secret' }, { toolCache });
    expect(second.exitCode).toBe(0);
    expect(mirror.requests.length).toBe(before);
    expect(second.log).toContain('found in the tool cache');
  }, 240_000);

  it('a justified exception in .github/devsecops.yml lets the gate pass; an expired one warns and does not apply', async () => {
    const ws = project();
    mkdirSync(path.join(ws, '.github'));
    const policy = (expires: string): string =>
      [
        'fail-on: critical',
        'ignore:',
        '  - id: aws-access-key-id',
        '    path: "*.env"',
        '    reason: "test credentials of the local emulator"',
        `    expires: ${expires}`,
        '  - id: github-pat',
        '    reason: "revoked token kept for a regression test"',
        `    expires: ${expires}`,
        '',
      ].join('\n');
    writeFileSync(path.join(ws, '.github', 'devsecops.yml'), policy('2099-12-31'));
    const ok = await scan(ws, { 'trivy-scanners': 'secret' });
    expect(ok.outputs['gate']).toBe('pass');
    expect(ok.exitCode).toBe(0);
    expect(ok.summary).toContain('excepted by the policy');

    writeFileSync(path.join(ws, '.github', 'devsecops.yml'), policy('2020-01-01'));
    const expired = await scan(ws, { 'trivy-scanners': 'secret' });
    expect(expired.exitCode).toBe(1);
    expect(expired.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/policy exception for aws-access-key-id expired on 2020-01-01/)]),
    );
  }, 240_000);
});
