import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_ZAP_LOCATIONS, parseZapReport, zapAlertPage } from '../../../lib/cli/zap-report.js';
import { Zap } from '../../../lib/cli/zap.js';
import { countBySeverity, type Finding } from '../../../lib/findings/finding.js';
import { buildSarif } from '../../../lib/findings/sarif.js';
import { githubSarifProblems, sarifSchemaErrors } from '../../support/sarif-validation.js';

/** ZAP 2.14.0 baseline of http://www.itsecgames.com (see shared/fixtures/real/SOURCES.md). */
const REAL = path.resolve(
  import.meta.dirname,
  '../../../../shared/fixtures/real/zap/baseline-report_json-zap2.14.0.json',
);
const realText = readFileSync(REAL, 'utf8');

interface RawAlert {
  pluginid: string;
  alertRef: string;
  name: string;
  riskcode: string;
  confidence: string;
  riskdesc: string;
  instances: Array<{ uri: string; method: string; param: string }>;
}
const raw = (): { site: Array<{ '@name': string; alerts: RawAlert[] }> } =>
  JSON.parse(realText) as { site: Array<{ '@name': string; alerts: RawAlert[] }> };

const byName = (findings: Finding[], name: string): Finding => {
  const found = findings.find((f) => f.ruleTitle === name);
  if (!found) throw new Error(`no finding ${name}`);
  return found;
};

describe('parseZapReport on a real ZAP 2.14.0 baseline report', () => {
  const report = parseZapReport(realText);

  it('has one finding per alert: 3 medium, 2 low, 7 informational, as SOURCES.md says', () => {
    expect(report.zapVersion).toBe('2.14.0');
    expect(report.sites).toEqual(['http://www.itsecgames.com']);
    expect(report.findings).toHaveLength(12);
    expect(countBySeverity(report.findings)).toEqual({ critical: 0, high: 0, medium: 3, low: 2, info: 7 });
    expect(report.findings.every((f) => f.tool === 'zap' && f.kind === 'dast' && !f.suppressed)).toBe(true);
  });

  it('agrees with an independent count of the riskdesc of each alert', () => {
    const risks: Record<string, number> = {};
    for (const alert of raw().site[0]!.alerts) {
      const risk = alert.riskdesc.split(' ')[0]!;
      risks[risk] = (risks[risk] ?? 0) + 1;
    }
    expect(risks).toEqual({ Medium: 3, Low: 2, Informational: 7 });
  });

  it('turns the HTML of descriptions, solutions and references into plain text', () => {
    for (const f of report.findings) {
      for (const text of [f.description, f.remediation ?? '', f.title]) {
        expect(text).not.toMatch(/<\/?p>/);
        expect(text).not.toMatch(/<[a-z]+[\s>]/i);
      }
    }
    const csp = byName(report.findings, 'Content Security Policy (CSP) Header Not Set');
    expect(csp.description).toMatch(/^Content Security Policy \(CSP\) is an added layer of security/);
    expect(csp.description).toContain('on that page \u2014 covered types are JavaScript');
    expect(csp.remediation).toBe(
      'Ensure that your web server, application server, load balancer, etc. is configured to set the Content-Security-Policy header.',
    );
    expect(csp.description).toContain('CWE-693, WASC-15');
    expect(csp.description).toContain('References:\nhttps://developer.mozilla.org/en-US/docs/Web/Security/CSP/');
    // Paragraphs stay apart.
    const clickjacking = byName(report.findings, 'Missing Anti-clickjacking Header');
    expect(clickjacking.remediation).toMatch(/on all web pages returned by your site\/app\.\n\nIf you expect the page/);
  });

  it('names the rule by plugin id and alert name, with the alert reference as an alias', () => {
    const csp = byName(report.findings, 'Content Security Policy (CSP) Header Not Set');
    expect(csp).toMatchObject({
      ruleId: '10038',
      aliases: ['10038-1'],
      ruleTitle: 'Content Security Policy (CSP) Header Not Set',
      title: 'Content Security Policy (CSP) Header Not Set (5 instances)',
      severity: 'medium',
      target: 'http://www.itsecgames.com',
      helpUri: 'https://developer.mozilla.org/en-US/docs/Web/Security/CSP/Introducing_Content_Security_Policy',
    });
    // No alias when the reference is the plugin id itself.
    expect(byName(report.findings, 'X-Content-Type-Options Header Missing').aliases).toBeUndefined();
  });

  it('falls back to the ZAP alert page when the alert has no reference', () => {
    const comments = byName(report.findings, 'Information Disclosure - Suspicious Comments');
    expect(comments.helpUri).toBe('https://www.zaproxy.org/docs/alerts/10027/');
    expect(zapAlertPage('10027')).toBe(comments.helpUri);
  });

  it('keeps every instance as a URL location with method and parameter, and never the evidence', () => {
    const raws = raw().site[0]!.alerts;
    for (const f of report.findings) {
      const alert = raws.find((a) => a.name === f.ruleTitle)!;
      const locations = [f.location, ...(f.extraLocations ?? [])];
      expect(locations).toHaveLength(alert.instances.length);
      expect(locations.map((l) => l.url).sort()).toEqual(alert.instances.map((i) => i.uri).sort());
      expect(locations.every((l) => l.method === 'GET' && l.file === undefined)).toBe(true);
    }
    const clickjacking = byName(report.findings, 'Missing Anti-clickjacking Header');
    expect(clickjacking.location).toEqual({
      url: 'http://www.itsecgames.com',
      method: 'GET',
      parameter: 'x-frame-options',
    });
    // Evidence is response content: it stays in ZAP's reports only.
    expect(JSON.stringify(report.findings)).not.toContain('fonts.googleapis.com/css?family=Architects+Daughter');
  });

  it('gives distinct, stable fingerprints that do not depend on the order of instances or alerts', () => {
    const fps = report.findings.map((f) => f.fingerprint);
    expect(new Set(fps).size).toBe(12);
    const shuffled = raw();
    shuffled.site[0]!.alerts.reverse();
    for (const alert of shuffled.site[0]!.alerts) alert.instances.reverse();
    const again = parseZapReport(shuffled);
    for (const f of again.findings) {
      const same = report.findings.find((g) => g.ruleTitle === f.ruleTitle)!;
      expect(f.fingerprint).toBe(same.fingerprint);
      expect(f.location).toEqual(same.location);
    }
    // The four Sec-Fetch alerts share plugin 90005 and differ by name.
    expect(report.findings.filter((f) => f.ruleId === '90005')).toHaveLength(4);
  });

  it('is valid SARIF whose locations are absolute URLs: accepted only with URL locations allowed', () => {
    const out = buildSarif(report.findings, {
      tool: { name: 'OWASP ZAP', version: '2.14.0', informationUri: 'https://www.zaproxy.org/' },
      category: 'zap-www.itsecgames.com',
    });
    expect(sarifSchemaErrors(JSON.parse(out.text))).toEqual([]);
    expect(githubSarifProblems(out.text, { allowUrlLocations: true })).toEqual([]);
    // Why the reusable workflows do not upload ZAP SARIF to code scanning:
    expect(githubSarifProblems(out.text)).toContainEqual(expect.stringContaining('is not relative'));
    const doc = JSON.parse(out.text) as {
      runs: Array<{
        results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
      }>;
    };
    expect(doc.runs[0]!.results).toHaveLength(12);
    const uris = doc.runs[0]!.results.flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation.uri));
    expect(uris.every((u) => u.startsWith('http://www.itsecgames.com'))).toBe(true);
  });

  it('is what Zap.parseReport returns', () => {
    expect(Zap.parseReport(realText).findings.map((f) => f.fingerprint)).toEqual(
      report.findings.map((f) => f.fingerprint),
    );
  });
});

/** A report in the shape of older ZAP releases and of newer ones, built for the edge cases. */
function alert(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pluginid: '10202',
    alertRef: '10202',
    alert: 'Absence of Anti-CSRF Tokens',
    name: 'Absence of Anti-CSRF Tokens',
    riskcode: '1',
    confidence: '2',
    desc: '<p>No Anti-CSRF tokens were found in a HTML submission form.</p>',
    instances: [{ uri: 'https://app.example.com/login', method: 'POST', param: '', evidence: '<form>' }],
    count: '1',
    solution: '<p>Use a vetted library.</p>',
    otherinfo: '',
    reference: '<p>https://cwe.mitre.org/data/definitions/352.html</p>',
    cweid: '352',
    wascid: '9',
    ...overrides,
  };
}
const doc = (alerts: unknown, site: Record<string, unknown> = {}): Record<string, unknown> => ({
  '@version': '2.11.1',
  '@generated': 'Mon, 1 Jan 2024 00:00:00',
  site: [{ '@name': 'https://app.example.com', '@host': 'app.example.com', '@port': '443', alerts, ...site }],
});

describe('parseZapReport edge cases', () => {
  it('reads numeric fields written as strings (older releases) and as numbers alike', () => {
    const asStrings = parseZapReport(doc([alert()]));
    const asNumbers = parseZapReport(
      doc([alert({ pluginid: 10202, riskcode: 1, confidence: 2, count: 1, cweid: 352, wascid: 9 })]),
    );
    expect(asStrings.findings).toHaveLength(1);
    expect(asNumbers.findings).toEqual(asStrings.findings);
    expect(asStrings.findings[0]).toMatchObject({
      ruleId: '10202',
      severity: 'low',
      title: 'Absence of Anti-CSRF Tokens',
    });
  });

  it('maps riskcode 3, 2, 1 and 0 to high, medium, low and info', () => {
    const findings = parseZapReport(
      doc(['3', '2', '1', '0'].map((riskcode, i) => alert({ riskcode, name: `rule ${i}`, pluginid: `${i}` }))),
    ).findings;
    expect(findings.map((f) => f.severity)).toEqual(['high', 'medium', 'low', 'info']);
  });

  it('drops alerts ZAP marked as false positives (confidence 0)', () => {
    const findings = parseZapReport(
      doc([
        alert({ confidence: '0', name: 'false positive (string)' }),
        alert({ confidence: 0, name: 'false positive (number)', pluginid: '1' }),
        alert({ confidence: '1', name: 'low confidence', pluginid: '2' }),
      ]),
    ).findings;
    expect(findings.map((f) => f.ruleTitle)).toEqual(['low confidence']);
  });

  it('reads a single site and a single instance written as objects, and alerts without instances', () => {
    const old = {
      '@version': '2.7.0',
      site: {
        '@name': 'http://legacy.example.com',
        alerts: [
          alert({ instances: undefined, count: undefined }),
          alert({
            name: 'one instance',
            pluginid: '1',
            instances: { uri: 'http://legacy.example.com/a', method: 'GET' },
          }),
        ],
      },
    };
    const findings = parseZapReport(old).findings;
    expect(findings).toHaveLength(2);
    expect(findings[0]!.location).toEqual({ url: 'http://legacy.example.com' });
    expect(findings[0]!.extraLocations).toBeUndefined();
    expect(findings[1]!.location).toEqual({ url: 'http://legacy.example.com/a', method: 'GET' });
  });

  it('keeps distinct fingerprints for two alerts of one rule and name that differ in risk', () => {
    const findings = parseZapReport(doc([alert({ riskcode: '2' }), alert({ riskcode: '1' })])).findings;
    expect(findings).toHaveLength(2);
    expect(findings[0]!.fingerprint).not.toBe(findings[1]!.fingerprint);
  });

  it('keeps at most MAX_ZAP_LOCATIONS de-duplicated locations and says how many instances there were', () => {
    const instances = Array.from({ length: 250 }, (_, i) => ({
      uri: `https://app.example.com/p/${i % 200}`,
      method: 'GET',
    }));
    const [f] = parseZapReport(doc([alert({ instances, count: '250' })])).findings;
    expect(1 + (f!.extraLocations?.length ?? 0)).toBe(MAX_ZAP_LOCATIONS);
    expect(f!.title).toBe('Absence of Anti-CSRF Tokens (250 instances)');
  });

  it('reads a report with no site as zero findings: ZAP reached nothing', () => {
    expect(parseZapReport({ '@programName': 'ZAP', '@version': '2.15.0', site: [] }).findings).toEqual([]);
  });

  it.each([
    ['not JSON', 'not json at all', 'not valid JSON'],
    ['another JSON document', '{"hello":"world"}', "has no 'site' list"],
    ['a Trivy report', '{"SchemaVersion":2,"Results":[]}', "has no 'site' list"],
    ['a SARIF file', '{"version":"2.1.0","runs":[]}', "has no 'site' list"],
    ['another program', '{"@programName":"Burp","site":[]}', "written by 'Burp'"],
    ['a site without a name', '{"site":[{"alerts":[]}]}', "has no '@name'"],
    ['alerts that are not a list', '{"site":[{"@name":"http://a","alerts":"x"}]}', 'is not a list'],
  ])('refuses %s instead of reporting zero findings', (_name, text, message) => {
    expect(() => parseZapReport(text)).toThrow(message);
  });

  it('refuses an alert whose riskcode is not 0 to 3', () => {
    expect(() => parseZapReport(doc([alert({ riskcode: '7' })]))).toThrow("has riskcode '7', not 0 to 3");
    expect(() => parseZapReport(doc([alert({ pluginid: undefined })]))).toThrow('has no pluginid');
  });
});
