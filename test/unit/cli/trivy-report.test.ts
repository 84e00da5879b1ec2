import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTrivyReport } from '../../../lib/cli/trivy-report.js';
import { countBySeverity, type Finding } from '../../../lib/findings/finding.js';

const REAL = path.resolve(import.meta.dirname, '../../../../shared/fixtures/real/trivy');
const read = (name: string): string => readFileSync(path.join(REAL, name), 'utf8');
const active = (fs: Finding[]): Finding[] => fs.filter((f) => !f.suppressed);

/** Expected figures read from each fixture's description in shared/fixtures/real/SOURCES.md. */
const FIXTURES: Array<{
  file: string;
  counts: Partial<Record<string, number>>;
  kinds: Partial<Record<string, number>>;
  suppressed?: number;
}> = [
  { file: 'image-alpine-310.json', counts: { medium: 4 }, kinds: { vulnerability: 4 } },
  { file: 'image-debian-buster.json', counts: { low: 1, critical: 1 }, kinds: { vulnerability: 2 } },
  { file: 'secret-repo.json', counts: {}, kinds: { secret: 2 } },
  { file: 'config-dockerfile.json', counts: {}, kinds: { misconfiguration: 1 } },
  { file: 'config-helm-k8s.json', counts: {}, kinds: { misconfiguration: 18 } },
  { file: 'config-helm-testchart.json', counts: {}, kinds: { misconfiguration: 6 } },
  { file: 'config-terraform.json', counts: {}, kinds: { misconfiguration: 8 } },
  { file: 'secret-fs.json', counts: {}, kinds: { secret: 1 } },
  // One vulnerability per vendor status; `not_affected` is listed as suppressed, never counted.
  { file: 'image-all-statuses.json', counts: { low: 7 }, kinds: { vulnerability: 7 }, suppressed: 1 },
  {
    file: 'fs-misconfig-and-secrets.json',
    counts: { high: 2, medium: 1, critical: 2 },
    kinds: { vulnerability: 2, misconfiguration: 1, secret: 2 },
  },
  { file: 'image-debian-java-large-real-0.69.3.json', counts: {}, kinds: {}, suppressed: 12 },
  // One suppressed entry in the OS packages and one in the Java packages.
  {
    file: 'image-debian13-java-1high-real-0.69.3.json',
    counts: { high: 1 },
    kinds: { vulnerability: 1 },
    suppressed: 2,
  },
];

describe('parseTrivyReport on real Trivy reports', () => {
  it.each(FIXTURES)('$file', ({ file, counts, kinds, suppressed }) => {
    const report = parseTrivyReport(read(file));
    const open = active(report.findings);
    const byKind: Record<string, number> = {};
    for (const f of open) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
    expect(byKind).toEqual(kinds);
    if (Object.keys(counts).length) {
      const c = countBySeverity(open);
      for (const [severity, n] of Object.entries(counts)) expect(c[severity as keyof typeof c]).toBe(n);
    }
    expect(report.findings.length - open.length).toBe(suppressed ?? 0);
    expect(new Set(report.findings.map((f) => f.fingerprint)).size).toBe(report.findings.length);
  });

  it('matches an independent count of every FAIL misconfiguration and vulnerability in each report', () => {
    for (const { file } of FIXTURES) {
      const raw = JSON.parse(read(file)) as {
        Results?: Array<Record<string, Array<Record<string, string>> | undefined>>;
      };
      let expected = 0;
      for (const r of raw.Results ?? []) {
        expected += (r['Vulnerabilities'] ?? []).filter((v) => v['Status'] !== 'not_affected').length;
        expected += (r['Misconfigurations'] ?? []).filter((m) => (m['Status'] ?? 'FAIL') === 'FAIL').length;
        expected += (r['Secrets'] ?? []).length;
      }
      expect(active(parseTrivyReport(read(file)).findings)).toHaveLength(expected);
    }
  });

  it('keeps package, fixed version, CVSS and the image for OS package vulnerabilities', () => {
    const report = parseTrivyReport(read('image-alpine-310.json'));
    const f = report.findings.find((x) => x.ruleId === 'CVE-2019-1549' && x.package?.name === 'libcrypto1.1');
    expect(f).toMatchObject({
      tool: 'trivy',
      severity: 'medium',
      package: { name: 'libcrypto1.1', installedVersion: '1.1.1c-r0', fixedVersion: '1.1.1d-r0' },
      helpUri: 'https://avd.aquasec.com/nvd/cve-2019-1549',
      cvssScore: 5.3,
      status: 'fixed',
    });
    // An image scan's findings point into the image, never at a repository file.
    expect(f?.location.file).toBeUndefined();
    expect(f?.location.image).toBe('testdata/fixtures/images/alpine-310.tar.gz');
  });

  it('places misconfigurations at the cause lines and secrets at their line, relative to the workspace', () => {
    const config = parseTrivyReport(read('config-helm-testchart.json'), { pathPrefix: 'charts' });
    const ksv = config.findings.find((f) => f.ruleId.startsWith('KSV') && f.location.startLine === 28);
    expect(ksv?.location.file).toMatch(/^charts\//);
    expect(ksv?.location.endLine).toBe(57);
    const secrets = parseTrivyReport(read('secret-repo.json'));
    const aws = secrets.findings.find((f) => f.ruleId === 'aws-access-key-id');
    expect(aws?.location.startLine).toBe(3);
    expect(aws?.severity).toBe('critical');
  });

  it('never copies what a secret rule matched', () => {
    const text = read('secret-repo.json');
    const raw = JSON.parse(text) as {
      Results: Array<{ Secrets: Array<{ Match: string; Code?: { Lines: Array<{ Content: string }> } }> }>;
    };
    const matched = raw.Results.flatMap((r) =>
      r.Secrets.flatMap((s) => [s.Match, ...(s.Code?.Lines ?? []).map((l) => l.Content)]),
    ).filter((m) => m.length > 8);
    expect(matched.length).toBeGreaterThan(0);
    const out = JSON.stringify(parseTrivyReport(text).findings);
    for (const m of matched) expect(out).not.toContain(m);
    expect(out).not.toContain('ghp_');
  });

  it('lists suppressed findings with their source and statement', () => {
    const report = parseTrivyReport(read('image-debian13-java-1high-real-0.69.3.json'));
    const suppressed = report.findings.filter((f) => f.suppressed);
    expect(suppressed.length).toBeGreaterThan(0);
    expect(suppressed[0]?.suppressed?.source).toBe('.trivyignore-java.yml');
    expect(suppressed.some((f) => f.suppressed?.reason?.includes('Wait for upstream fix in debian'))).toBe(true);
    expect(report.trivyVersion).toBe('0.69.3');
  });

  it('reads empty and null Results as no findings, but refuses what is not a report', () => {
    expect(parseTrivyReport(JSON.stringify({ SchemaVersion: 2, ArtifactName: '.', Results: null })).findings).toEqual(
      [],
    );
    expect(parseTrivyReport(JSON.stringify({ SchemaVersion: 2, ArtifactName: '.' })).findings).toEqual([]);
    expect(() => parseTrivyReport('{"foo": 1}')).toThrow(/not a Trivy JSON report/);
    expect(() => parseTrivyReport('not json')).toThrow(/not valid JSON/);
    expect(() => parseTrivyReport(JSON.stringify({ SchemaVersion: 3, Results: [] }))).toThrow(/schema version 3/);
    expect(() => parseTrivyReport(JSON.stringify({ SchemaVersion: 2, Results: {} }))).toThrow(/not a list/);
    expect(() =>
      parseTrivyReport(JSON.stringify({ SchemaVersion: 2, Results: [{ Target: 'x', Vulnerabilities: 'oops' }] })),
    ).toThrow(/not a list/);
  });

  it('reads the pre-0.20 format (a bare array of results)', () => {
    const modern = JSON.parse(read('image-debian-buster.json')) as { Results: unknown[] };
    const legacy = parseTrivyReport(JSON.stringify(modern.Results));
    expect(legacy.schemaVersion).toBe(1);
    expect(countBySeverity(active(legacy.findings))).toMatchObject({ critical: 1, low: 1 });
  });

  it('reads trivy k8s reports, naming each resource', () => {
    const misconf = JSON.parse(read('config-helm-k8s.json')) as { Results: unknown[] };
    const vulns = JSON.parse(read('image-debian-buster.json')) as { Results: unknown[] };
    const k8s = {
      ClusterName: 'aks-prod',
      Resources: [
        { Namespace: 'shop', Kind: 'Deployment', Name: 'api', Results: misconf.Results },
        { Namespace: 'shop', Kind: 'Deployment', Name: 'web', Results: vulns.Results },
        { Namespace: 'shop', Kind: 'Service', Name: 'web' },
      ],
    };
    const report = parseTrivyReport(JSON.stringify(k8s));
    expect(report.artifactName).toBe('aks-prod');
    expect(active(report.findings)).toHaveLength(18 + 2);
    expect(report.findings.some((f) => f.target.startsWith('shop/Deployment/web'))).toBe(true);
  });

  it('gives the same fingerprints to the same report twice and different ones to different findings', () => {
    const a = parseTrivyReport(read('config-helm-k8s.json')).findings.map((f) => f.fingerprint);
    const b = parseTrivyReport(read('config-helm-k8s.json')).findings.map((f) => f.fingerprint);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
  });
});

describe('check id aliases', () => {
  it('matches the three spellings Trivy used for one check', async () => {
    const { checkIdAliases } = await import('../../../lib/cli/trivy-report.js');
    expect(checkIdAliases('KSV013', 'AVD-KSV-0013').sort()).toEqual(['AVD-KSV-0013', 'KSV-0013']);
    expect(checkIdAliases('KSV-0001', undefined).sort()).toEqual(['AVD-KSV-0001', 'KSV001']);
    expect(checkIdAliases('AWS-0086', undefined)).toContain('AVD-AWS-0086');
    expect(checkIdAliases('DS002', 'AVD-DS-0002')).toContain('DS-0002');
  });
});

describe('reading large reports lazily from bytes', () => {
  it.each(FIXTURES.map((f) => f.file))('%s gives the same findings from a Buffer as from text', (file) => {
    const text = read(file);
    expect(parseTrivyReport(Buffer.from(text))).toEqual(parseTrivyReport(text));
  });

  it('copes with escaped quotes, backslashes and brackets inside strings', () => {
    const doc = {
      SchemaVersion: 2,
      ArtifactName: 'a "quoted" \\ name',
      Results: [
        {
          Target: 'x]}{["\\',
          Class: 'lang-pkgs',
          Vulnerabilities: [
            {
              VulnerabilityID: 'CVE-1',
              PkgName: 'p',
              Severity: 'HIGH',
              Title: 'ends with a backslash \\',
              Description: '"}]',
            },
          ],
        },
      ],
    };
    const text = JSON.stringify(doc, null, 1);
    expect(parseTrivyReport(Buffer.from(text))).toEqual(parseTrivyReport(text));
    expect(parseTrivyReport(Buffer.from(text)).findings[0]?.description).toBe('"}]');
  });

  it('refuses truncated or malformed bytes instead of reporting fewer findings', () => {
    const text = read('image-alpine-310.json');
    expect(() => parseTrivyReport(Buffer.from(text.slice(0, text.length / 2)))).toThrow(/not valid JSON/);
    expect(() => parseTrivyReport(Buffer.from('{"SchemaVersion": 2, "Results": [{"Target": "a",}]}'))).toThrow(
      /not valid JSON/,
    );
    expect(() => parseTrivyReport(Buffer.from('{"SchemaVersion": 2, "Results": {"a": 1}}'))).toThrow(/not a list/);
    expect(parseTrivyReport(Buffer.from('{"SchemaVersion": 2, "Results": null}')).findings).toEqual([]);
  });
});
