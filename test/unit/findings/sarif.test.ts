import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTrivyReport } from '../../../lib/cli/trivy-report.js';
import type { Finding } from '../../../lib/findings/finding.js';
import { evaluateGate } from '../../../lib/findings/gate.js';
import { resolvePolicy } from '../../../lib/findings/policy.js';
import { buildSarif, toRelativeUri } from '../../../lib/findings/sarif.js';
import { githubSarifProblems, sarifSchemaErrors } from '../../support/sarif-validation.js';

const REAL = path.resolve(import.meta.dirname, '../../../../shared/fixtures/real/trivy');
const TOOL = { name: 'Trivy', version: '0.69.3', informationUri: 'https://github.com/aquasecurity/trivy' };
const jsonFixtures = readdirSync(REAL).filter((f) => f.endsWith('.json'));
const load = (file: string): Finding[] => parseTrivyReport(readFileSync(path.join(REAL, file), 'utf8')).findings;

type Sarif = {
  runs: Array<{
    automationDetails: { id: string };
    results: Array<Record<string, unknown>>;
    tool: { driver: { rules: Array<Record<string, unknown>> } };
  }>;
};

describe('SARIF from real Trivy reports', () => {
  it.each(jsonFixtures)('%s is valid SARIF 2.1.0 that GitHub code scanning accepts', (file) => {
    const findings = load(file);
    const out = buildSarif(findings, { tool: TOOL, category: `trivy-${file}` });
    const doc = JSON.parse(out.text) as Sarif;
    expect(sarifSchemaErrors(doc)).toEqual([]);
    expect(githubSarifProblems(out.text)).toEqual([]);
    // Every finding is a result, whatever the gate threshold: nothing is filtered away.
    expect(doc.runs[0]?.results).toHaveLength(findings.length);
    expect(out.dropped).toBe(0);
  });

  it('uses valid relative URI references even for image targets with spaces and colons', () => {
    expect(toRelativeUri('alpine:3.10 (alpine 3.10.2)')).toBe('alpine%3A3.10%20%28alpine%203.10.2%29');
    expect(toRelativeUri('./charts\\app/values.yaml')).toBe('charts/app/values.yaml');
    const doc = JSON.parse(buildSarif(load('image-alpine-310.json'), { tool: TOOL, category: 'img' }).text) as Sarif;
    const uri = (
      doc.runs[0]?.results[0]?.['locations'] as Array<{ physicalLocation: { artifactLocation: { uri: string } } }>
    )[0]?.physicalLocation.artifactLocation.uri;
    expect(uri).toBe('testdata/fixtures/images/alpine-310.tar.gz');
  });

  it('carries rule metadata, security-severity by severity, the category and stable fingerprints', () => {
    const findings = load('fs-misconfig-and-secrets.json');
    const a = JSON.parse(buildSarif(findings, { tool: TOOL, category: 'trivy-fs-app' }).text) as Sarif;
    const b = JSON.parse(buildSarif([...findings].reverse(), { tool: TOOL, category: 'trivy-fs-app' }).text) as Sarif;
    const run = a.runs[0]!;
    expect(run.automationDetails.id).toBe('trivy-fs-app/');
    const rule = run.tool.driver.rules.find((r) => r['id'] === 'github-pat')!;
    expect(rule['properties']).toMatchObject({ 'security-severity': '9.5' });
    expect((rule['shortDescription'] as { text: string }).text).toBe('Secret: GitHub Personal Access Token');
    const medium = run.tool.driver.rules.find((r) => r['id'] === 'CVE-2021-28363')!;
    expect(medium['properties']).toMatchObject({ 'security-severity': '5.5' });
    const fps = (d: Sarif): string[] => d.runs[0]!.results.map((r) => JSON.stringify(r['partialFingerprints'])).sort();
    expect(fps(a)).toEqual(fps(b));
  });

  it('marks excepted and suppressed findings as suppressions, with the reason', () => {
    const findings = load('image-debian13-java-1high-real-0.69.3.json');
    const policy = {
      ...resolvePolicy({}),
      ignore: [{ id: findings[0]!.ruleId, reason: 'accepted risk', expires: '2099-01-01' }],
    };
    const gate = evaluateGate(findings, policy);
    const doc = JSON.parse(buildSarif(findings, { tool: TOOL, category: 'x', excepted: gate.excepted }).text) as Sarif;
    const suppressions = doc.runs[0]!.results.map(
      (r) => r['suppressions'] as Array<{ justification: string }> | undefined,
    );
    expect(suppressions.filter(Boolean)).toHaveLength(findings.length);
    expect(suppressions.some((s) => s?.[0]?.justification.includes('accepted risk'))).toBe(true);
    expect(suppressions.some((s) => s?.[0]?.justification.includes('Wait for upstream fix'))).toBe(true);
  });

  it('keeps the most severe results when there are too many for one run', () => {
    const findings = load('fs-misconfig-and-secrets.json');
    const out = buildSarif(findings, { tool: TOOL, category: 'x', maxResults: 3 });
    const doc = JSON.parse(out.text) as Sarif;
    expect(out.dropped).toBe(findings.length - 3);
    expect(doc.runs[0]!.results.map((r) => (r['properties'] as { severity: string }).severity)).toEqual([
      'critical',
      'critical',
      'high',
    ]);
  });

  it('stays within 25,000 results a run on a large report', () => {
    const base = load('image-alpine-310.json');
    const many: Finding[] = [];
    for (let i = 0; i < 26_000; i++) {
      const f = base[i % base.length]!;
      many.push({
        ...f,
        severity: i < 100 ? 'critical' : f.severity,
        package: { name: `pkg${i}` },
        fingerprint: `fp${i}`,
      });
    }
    const out = buildSarif(many, { tool: TOOL, category: 'big' });
    expect(out.results).toBe(25_000);
    expect(out.dropped).toBe(1_000);
    expect(githubSarifProblems(out.text)).toEqual([]);
    const doc = JSON.parse(out.text) as Sarif;
    expect(
      doc.runs[0]!.results.filter((r) => (r['properties'] as { severity: string }).severity === 'critical'),
    ).toHaveLength(100);
  });

  it('drops the least severe results until the file fits the gzipped size limit', () => {
    const findings = load('fs-misconfig-and-secrets.json');
    const out = buildSarif(findings, { tool: TOOL, category: 'x', maxGzippedBytes: 1800 });
    expect(out.dropped).toBeGreaterThan(0);
    expect(Buffer.byteLength(out.text)).toBeGreaterThan(0);
    const kept = (JSON.parse(out.text) as Sarif).runs[0]!.results.map(
      (r) => (r['properties'] as { severity: string }).severity,
    );
    expect(kept[0]).toBe('critical');
  });
});
