import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseTrivyReport } from '../../../lib/cli/trivy-report.js';
import { evaluateGate } from '../../../lib/findings/gate.js';
import { loadPolicy, loadPolicyFile, resolvePolicy, type PolicyException } from '../../../lib/findings/policy.js';
import { ConfigurationError } from '../../../lib/runtime/errors.js';

const REAL = path.resolve(import.meta.dirname, '../../../../shared/fixtures/real/trivy');
const findings = parseTrivyReport(readFileSync(path.join(REAL, 'fs-misconfig-and-secrets.json'), 'utf8')).findings;
const TODAY = new Date('2026-11-26T12:00:00Z');

function policyFile(text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'policy-'));
  const file = path.join(dir, 'devsecops.yml');
  writeFileSync(file, text);
  return file;
}

const exception = (e: Partial<PolicyException>): PolicyException => ({
  id: 'x',
  reason: 'r',
  expires: '2027-01-31',
  ...e,
});

describe('policy file', () => {
  it('reads fail-on, only-fixed and exceptions', async () => {
    const file = policyFile(
      'fail-on: medium\nonly-fixed: true\nignore:\n  - id: CVE-2021-33503\n    package: urllib3\n    path: "*.txt"\n    reason: not reachable\n    expires: 2027-01-31\n',
    );
    const p = await loadPolicyFile(file, 'devsecops.yml');
    expect(p['fail-on']).toBe('medium');
    expect(p['only-fixed']).toBe(true);
    expect(p.ignore).toEqual([
      { id: 'CVE-2021-33503', package: 'urllib3', path: '*.txt', reason: 'not reachable', expires: '2027-01-31' },
    ]);
  });

  it.each([
    ['fail-on: hihg\n', /'fail-on' must be one of critical, high, medium, low, none; got 'hihg'/],
    ['ignore:\n  - id: CVE-1\n    expires: 2027-01-01\n', /'ignore\[0\]\.reason' is required/],
    ['ignore:\n  - id: CVE-1\n    reason: ok\n', /'ignore\[0\]\.expires' is required/],
    ['ignore:\n  - reason: ok\n    expires: 2027-01-01\n', /'ignore\[0\]\.id' is required/],
    [
      'ignore:\n  - id: CVE-1\n    reason: ok\n    expires: next year\n',
      /'ignore\[0\]\.expires' must be a date YYYY-MM-DD; got 'next year'/,
    ],
    ['ignore:\n  - id: CVE-1\n    reason: ok\n    expires: 2027-02-30\n', /'ignore\[0\]\.expires' must be a date/],
    ['ignore:\n  - id: CVE-1\n    reason: "  "\n    expires: 2027-01-01\n', /'ignore\[0\]\.reason' must not be empty/],
    [
      'ignore:\n  - id: CVE-1\n    pakage: x\n    reason: ok\n    expires: 2027-01-01\n',
      /unknown key 'ignore\[0\]\.pakage'/,
    ],
    ['failon: high\n', /unknown key 'failon'/],
    ['only-fixed: maybe\n', /'only-fixed' must be boolean/],
    ['ignore: [unclosed\n', /not valid YAML/],
  ])('refuses %j naming the key', async (text, message) => {
    const attempt = loadPolicyFile(policyFile(text), '.github/devsecops.yml');
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toThrow(/^policy file \.github\/devsecops\.yml/);
  });

  it('lets inputs win over the file, and the documented defaults apply last', () => {
    const file = { file: 'p.yml', 'fail-on': 'low' as const, 'only-fixed': true, ignore: [] };
    expect(resolvePolicy({}, file)).toMatchObject({ failOn: 'low', failOnSource: 'policy file', onlyFixed: true });
    expect(resolvePolicy({ failOn: 'critical', onlyFixed: false }, file)).toMatchObject({
      failOn: 'critical',
      failOnSource: 'input',
      onlyFixed: false,
    });
    expect(resolvePolicy({})).toMatchObject({
      failOn: 'high',
      failOnSource: 'default',
      onlyFixed: false,
      onlyFixedSource: 'default',
    });
  });

  it('reads .github/devsecops.yml from the workspace when no policy input is set', async () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'ws-'));
    mkdirSync(path.join(ws, '.github'));
    writeFileSync(path.join(ws, '.github/devsecops.yml'), 'fail-on: critical\n');
    expect(await loadPolicy({}, ws)).toMatchObject({ failOn: 'critical', file: '.github/devsecops.yml' });
    expect(await loadPolicy({}, mkdtempSync(path.join(os.tmpdir(), 'ws-')))).toMatchObject({
      failOn: 'high',
      failOnSource: 'default',
    });
  });
});

describe('gate', () => {
  it('fails on findings at or above fail-on and names the deciding rule', () => {
    const gate = evaluateGate(findings, resolvePolicy({}), TODAY);
    expect(gate.verdict).toBe('fail');
    expect(gate.blocking.map((f) => f.severity).sort()).toEqual(['critical', 'critical', 'high', 'high']);
    expect(gate.reason).toBe('fail: 4 findings at or above high (2 critical, 2 high); fail-on: high (default)');
  });

  it('passes with fail-on none, and counts medium with fail-on medium', () => {
    expect(evaluateGate(findings, resolvePolicy({ failOn: 'none' }), TODAY).verdict).toBe('pass');
    expect(evaluateGate(findings, resolvePolicy({ failOn: 'medium' }), TODAY).blocking).toHaveLength(5);
    expect(evaluateGate(findings, resolvePolicy({ failOn: 'critical' }), TODAY).blocking).toHaveLength(2);
  });

  it('a justified exception takes a finding out of the gate', () => {
    const ignore = [exception({ id: 'cve-2021-33503', package: 'urllib3', reason: 'not reachable' })];
    const gate = evaluateGate(findings, { ...resolvePolicy({}), ignore }, TODAY);
    expect(gate.excepted.map((e) => e.finding.ruleId)).toEqual(['CVE-2021-33503']);
    expect(gate.blocking.map((f) => f.ruleId)).not.toContain('CVE-2021-33503');
    expect(gate.blocking).toHaveLength(3);
  });

  it('an expired exception no longer applies and is reported', () => {
    const ignore = [exception({ id: 'CVE-2021-33503', expires: '2026-11-25' })];
    const gate = evaluateGate(findings, { ...resolvePolicy({}), ignore }, TODAY);
    expect(gate.excepted).toHaveLength(0);
    expect(gate.expired).toEqual(ignore);
    expect(gate.blocking.map((f) => f.ruleId)).toContain('CVE-2021-33503');
    // The expiry day itself is still covered.
    expect(
      evaluateGate(
        findings,
        { ...resolvePolicy({}), ignore: [exception({ id: 'CVE-2021-33503', expires: '2026-11-26' })] },
        TODAY,
      ).excepted,
    ).toHaveLength(1);
  });

  it('an exception for another package or path does not match', () => {
    const other = [
      exception({ id: 'CVE-2021-33503', package: 'requests' }),
      exception({ id: 'github-pat', path: 'charts/**' }),
    ];
    expect(evaluateGate(findings, { ...resolvePolicy({}), ignore: other }, TODAY).excepted).toHaveLength(0);
    const glob = [exception({ id: 'github-pat', path: '*.txt' })];
    const gate = evaluateGate(findings, { ...resolvePolicy({}), ignore: glob }, TODAY);
    expect(gate.excepted.map((e) => e.finding.location.file)).toEqual(['secret.txt']);
  });

  it('only-fixed gates vulnerabilities with a fix, and always counts findings without a package', () => {
    const noFix = findings.map((f) => (f.package ? { ...f, package: { name: f.package.name } } : f));
    const gate = evaluateGate(noFix, resolvePolicy({ onlyFixed: true }), TODAY);
    expect(gate.blocking.every((f) => !f.package)).toBe(true);
    expect(gate.blocking).toHaveLength(3);
    expect(gate.reason).toContain('only-fixed (input)');
  });

  it('ignores findings the scanner suppressed', () => {
    const suppressed = findings.map((f) => ({ ...f, suppressed: { source: '.trivyignore' } }));
    expect(evaluateGate(suppressed, resolvePolicy({ failOn: 'low' }), TODAY).verdict).toBe('pass');
  });
});

describe('exceptions by another name of the rule', () => {
  it('an exception written as AVD-DS-0002 or DS-0002 covers DS002', () => {
    const ds = findings.filter((f) => f.ruleId === 'DS002');
    expect(ds).toHaveLength(1);
    for (const id of ['AVD-DS-0002', 'DS-0002', 'ds002']) {
      const gate = evaluateGate(ds, { ...resolvePolicy({}), ignore: [exception({ id })] }, TODAY);
      expect(gate.excepted).toHaveLength(1);
    }
    expect(
      evaluateGate(ds, { ...resolvePolicy({}), ignore: [exception({ id: 'DS-0003' })] }, TODAY).excepted,
    ).toHaveLength(0);
  });
});

describe('a scanner rules file in the gate', () => {
  const medium = findings.find((f) => f.severity === 'medium')!;
  const critical = findings.find((f) => f.severity === 'critical')!;
  it('FAIL blocks below fail-on and WARN never blocks', () => {
    const gate = evaluateGate(
      [
        { ...medium, gateRule: 'fail' },
        { ...critical, gateRule: 'warn' },
      ],
      resolvePolicy({ failOn: 'high' }),
      TODAY,
    );
    expect(gate.blocking.map((f) => f.ruleId)).toEqual([medium.ruleId]);
    expect(gate.reason).toContain('1 by a FAIL rule');
    expect(evaluateGate([{ ...medium, gateRule: 'fail' }], resolvePolicy({ failOn: 'none' }), TODAY).verdict).toBe(
      'fail',
    );
  });
  it('a policy exception still covers a FAIL rule', () => {
    const policy = { ...resolvePolicy({}), ignore: [exception({ id: medium.ruleId })] };
    expect(evaluateGate([{ ...medium, gateRule: 'fail' }], policy, TODAY).verdict).toBe('pass');
  });
});
