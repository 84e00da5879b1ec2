import { describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertNoStackTrace, runAction } from '../harness/run-action.js';
import { githubSarifProblems, sarifSchemaErrors } from '../support/sarif-validation.js';

/*
 * actions/scan processing an existing Trivy report (`report`), through the
 * committed dist exactly as the runner runs it. No tool is installed.
 */

const REAL = path.resolve(import.meta.dirname, '../../../shared/fixtures/real/trivy');

function workspaceWith(fixture: string, policy?: string): string {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'scan-report-'));
  copyFileSync(path.join(REAL, fixture), path.join(ws, 'trivy.json'));
  if (policy !== undefined) {
    mkdirSync(path.join(ws, '.github'));
    writeFileSync(path.join(ws, '.github', 'devsecops.yml'), policy);
  }
  return ws;
}

const report = (ws: string, inputs: Record<string, string> = {}): ReturnType<typeof runAction> =>
  runAction('scan', {
    workspace: ws,
    inputs: {
      scanner: 'trivy',
      target: 'ghcr.io/example/app:1',
      'trivy-target-type': 'image',
      report: 'trivy.json',
      ...inputs,
    },
  });

describe('actions/scan with report', () => {
  it('turns a real image report into outputs, SARIF, JSON and a summary, and fails the gate on a critical', async () => {
    const r = await report(workspaceWith('image-debian-buster.json'));
    expect(r.exitCode).toBe(1);
    expect(r.outputs['category']).toBe('trivy-image-ghcr.io-example-app-1');
    expect(r.outputs).toMatchObject({
      findings: '2',
      critical: '1',
      high: '0',
      medium: '0',
      low: '1',
      gate: 'fail',
      'tool-version': 'dev',
    });
    const sarif = readFileSync(r.outputs['sarif-file']!, 'utf8');
    expect(sarifSchemaErrors(JSON.parse(sarif))).toEqual([]);
    expect(githubSarifProblems(sarif)).toEqual([]);
    expect(r.summary).toContain('fail: 1 finding at or above high (1 critical); fail-on: high (default)');
    // Image findings have no repository file: nothing to annotate but the verdict.
    expect(r.annotations.filter((a) => a.file)).toEqual([]);
    assertNoStackTrace(r.log);
    await r.cleanup();
  });

  it('honours fail-on from the step over the policy file, and the policy file over the default', async () => {
    const ws = workspaceWith('image-alpine-310.json', 'fail-on: medium\n');
    const fromFile = await report(ws);
    expect(fromFile.exitCode).toBe(1);
    expect(fromFile.log).toContain('fail-on: medium (policy file .github/devsecops.yml)');
    const fromInput = await report(ws, { 'fail-on': 'high' });
    expect(fromInput.exitCode).toBe(0);
    expect(fromInput.outputs['gate']).toBe('pass');
    expect(fromInput.outputs['medium']).toBe('4');
  });

  it('refuses a malformed policy file before any work, naming the key', async () => {
    const ws = workspaceWith('image-alpine-310.json', 'ignore:\n  - id: CVE-2019-1549\n    expires: 2027-01-31\n');
    const r = await report(ws);
    expect(r.exitCode).toBe(1);
    expect(r.annotations.map((a) => a.message)).toEqual([
      "policy file .github/devsecops.yml: 'ignore[0].reason' is required",
    ]);
    expect(r.outputs['gate']).toBeUndefined();
    assertNoStackTrace(r.log);
  });

  it('lists suppressed findings without counting them', async () => {
    const r = await report(workspaceWith('image-debian-java-large-real-0.69.3.json'));
    expect(r.exitCode).toBe(0);
    expect(r.outputs['findings']).toBe('0');
    const json = JSON.parse(readFileSync(r.outputs['json-file']!, 'utf8')) as {
      counts: { suppressed: number };
      findings: Array<{ state: string }>;
    };
    expect(json.counts.suppressed).toBe(12);
    expect(json.findings.every((f) => f.state === 'suppressed')).toBe(true);
  });

  it('annotates misconfigurations at their lines in the workspace', async () => {
    const r = await report(workspaceWith('config-helm-testchart.json'), {
      'fail-on': 'medium',
      'trivy-target-type': 'config',
      target: '.',
    });
    expect(r.exitCode).toBe(1);
    const located = r.annotations.filter((a) => a.file);
    // Six FAIL checks in templates/deployment.yaml; KSV-0117 has no cause line in Trivy's report.
    expect(located).toHaveLength(6);
    expect(located.every((a) => a.file === 'templates/deployment.yaml')).toBe(true);
    expect(
      located
        .filter((a) => a.line !== undefined)
        .map((a) => a.line)
        .sort(),
    ).toEqual([23, 28, 28, 28, 4]);
    expect(located.find((a) => a.line === 23)?.level).toBe('error');
  });

  it('does not annotate a finding a policy exception covers, and the gate passes without it', async () => {
    const ws = workspaceWith(
      'config-helm-testchart.json',
      'ignore:\n  - id: KSV-0118\n    path: "templates/**"\n    reason: "the chart sets it per environment"\n    expires: 2099-01-01\n',
    );
    const r = await report(ws, { 'trivy-target-type': 'config', target: '.' });
    expect(r.outputs['gate']).toBe('pass');
    expect(r.outputs['high']).toBe('1');
    const located = r.annotations.filter((a) => a.file);
    expect(located).toHaveLength(5);
    expect(located.some((a) => a.line === 23)).toBe(false);
    expect(r.summary).toContain('the chart sets it per environment');
  });

  it('refuses a file that is not a Trivy report instead of reporting zero findings', async () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'scan-report-'));
    writeFileSync(path.join(ws, 'trivy.json'), JSON.stringify({ hello: 'world' }));
    const r = await report(ws);
    expect(r.exitCode).toBe(1);
    expect(r.annotations.map((a) => a.message)).toEqual([expect.stringContaining('not a Trivy JSON report')]);
    expect(r.outputs['findings']).toBeUndefined();
  });
});
