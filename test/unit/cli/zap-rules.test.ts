import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseZapReport } from '../../../lib/cli/zap-report.js';
import { applyZapRules, parseZapRules } from '../../../lib/cli/zap-rules.js';
import type { Finding } from '../../../lib/findings/finding.js';
import { evaluateGate } from '../../../lib/findings/gate.js';
import { resolvePolicy } from '../../../lib/findings/policy.js';
import { ConfigurationError } from '../../../lib/runtime/errors.js';

const REAL = path.resolve(
  import.meta.dirname,
  '../../../../shared/fixtures/real/zap/baseline-report_json-zap2.14.0.json',
);
const findings = (): Finding[] => parseZapReport(readFileSync(REAL, 'utf8')).findings;
const SOURCE = { input: 'zap-rules-file', file: '.zap/rules.tsv' };
const TODAY = new Date('2026-01-15T00:00:00Z');

const rulesText = [
  '# zap-baseline rule configuration file',
  '# Change WARN to IGNORE to ignore rule or FAIL to fail if rule matches',
  '',
  '10038\tIGNORE\t(Content Security Policy (CSP) Header Not Set)',
  '10020\tWARN\t(Missing Anti-clickjacking Header)\tframing is allowed on purpose',
  '10027\tFAIL\t(Information Disclosure - Suspicious Comments)',
  '10049\tINFO\t(Storable and Cacheable Content)',
  '',
].join('\n');

describe('parseZapRules', () => {
  it('reads each action, skips comments and blank lines, and keeps line numbers and messages', () => {
    expect(parseZapRules(rulesText, SOURCE)).toEqual([
      { id: '10038', action: 'IGNORE', name: '(Content Security Policy (CSP) Header Not Set)', line: 4 },
      {
        id: '10020',
        action: 'WARN',
        name: '(Missing Anti-clickjacking Header)',
        message: 'framing is allowed on purpose',
        line: 5,
      },
      { id: '10027', action: 'FAIL', name: '(Information Disclosure - Suspicious Comments)', line: 6 },
      { id: '10049', action: 'INFO', name: '(Storable and Cacheable Content)', line: 7 },
    ]);
  });

  it('reads Windows line ends, a byte order mark, alert references and OUTOFSCOPE lists', () => {
    const rules = parseZapRules(
      '\uFEFF10055-4\tFAIL\tCSP wildcard\r\n10020,10021\tOUTOFSCOPE\thttps://app\\.example\\.com/static/.*\r\n',
      SOURCE,
    );
    expect(rules.map((r) => [r.id, r.action, r.line])).toEqual([
      ['10055-4', 'FAIL', 1],
      ['10020', 'OUTOFSCOPE', 2],
      ['10021', 'OUTOFSCOPE', 2],
    ]);
    expect(rules[1]!.urlPattern!.test('https://app.example.com/static/app.js')).toBe(true);
    // Matched from the start of the URL, as ZAP's re.match does.
    expect(rules[1]!.urlPattern!.test('https://evil.example/?https://app.example.com/static/')).toBe(false);
  });

  it.each([
    ['two fields', '10038\tIGNORE\n', 'line 1: expected 3 tab-separated fields'],
    ['spaces instead of tabs', '# c\n10038 IGNORE (CSP)\n', 'line 2: the fields must be separated by tabs, not spaces'],
    [
      'an unknown action',
      '10038\tSKIP\tCSP\n',
      "line 1: 'SKIP' is not one of IGNORE, INFO, PASS, WARN, FAIL, OUTOFSCOPE",
    ],
    ['a lower-case action', '10038\tignore\tCSP\n', "line 1: 'ignore' is not one of"],
    ['an id that is not a rule id', '\n\n1003B\tWARN\tCSP\n', "line 3: '1003B' is not a ZAP rule id"],
    [
      'a bad OUTOFSCOPE expression',
      '*\tOUTOFSCOPE\thttps://(a\n',
      "line 1: 'https://(a' is not a valid regular expression",
    ],
  ])('refuses %s, naming the input, the file and the line', (_name, text, message) => {
    let error: unknown;
    try {
      parseZapRules(text, SOURCE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`input 'zap-rules-file': .zap/rules.tsv ${message}`);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('applyZapRules on a real report', () => {
  const applied = applyZapRules(findings(), parseZapRules(rulesText, SOURCE), '.zap/rules.tsv');
  const rule = (id: string): Finding => applied.find((f) => f.ruleId === id)!;

  it('IGNORE suppresses the finding, naming the rules file', () => {
    expect(rule('10038').suppressed).toEqual({ source: '.zap/rules.tsv', reason: 'IGNORE rule' });
    expect(applied.filter((f) => f.suppressed)).toHaveLength(1);
  });

  it('WARN and INFO never block; FAIL always blocks', () => {
    expect(rule('10020').gateRule).toBe('warn');
    expect(rule('10049').gateRule).toBe('warn');
    expect(rule('10027').gateRule).toBe('fail');
    expect(rule('10021').gateRule).toBeUndefined();
  });

  it('drives the gate: a FAIL rule fails it below the threshold, IGNORE and WARN take medium findings out', () => {
    const high = evaluateGate(applied, resolvePolicy({ failOn: 'high' }), TODAY);
    expect(high.verdict).toBe('fail');
    expect(high.blocking.map((f) => f.ruleId)).toEqual(['10027']);
    expect(high.reason).toContain("1 by a FAIL rule of the scanner's rules file");
    // Without rules, the three medium alerts fail fail-on: medium and pass fail-on: high.
    expect(evaluateGate(findings(), resolvePolicy({ failOn: 'medium' }), TODAY).blocking).toHaveLength(3);
    expect(evaluateGate(findings(), resolvePolicy({ failOn: 'high' }), TODAY).verdict).toBe('pass');
    // With them: CSP ignored, clickjacking a warning, so one medium (SRI) still blocks besides the FAIL rule.
    const medium = evaluateGate(applied, resolvePolicy({ failOn: 'medium' }), TODAY);
    expect(medium.blocking.map((f) => f.ruleId).sort()).toEqual(['10027', '90003']);
  });

  it('lets an alert reference rule win over its plugin rule, and a later line win over an earlier one', () => {
    const secFetch = applyZapRules(
      findings(),
      parseZapRules(
        '90005\tIGNORE\tSec-Fetch\n90005-2\tFAIL\tSec-Fetch-Mode\n10021\tFAIL\tx\n10021\tWARN\tx\n',
        SOURCE,
      ),
      'rules.tsv',
    );
    const of = (name: string): Finding => secFetch.find((f) => f.ruleTitle === name)!;
    expect(of('Sec-Fetch-Mode Header is Missing').gateRule).toBe('fail');
    expect(of('Sec-Fetch-Mode Header is Missing').suppressed).toBeUndefined();
    expect(of('Sec-Fetch-Dest Header is Missing').suppressed).toMatchObject({ reason: 'IGNORE rule' });
    expect(of('X-Content-Type-Options Header Missing').gateRule).toBe('warn');
  });

  it('OUTOFSCOPE removes matching URLs, and suppresses a finding left with none', () => {
    const scoped = applyZapRules(
      findings(),
      parseZapRules(
        '10038\tOUTOFSCOPE\thttp://www\\.itsecgames\\.com/(bugs|download)\\.htm\n*\tOUTOFSCOPE\thttp://www\\.itsecgames\\.com/js/\n',
        SOURCE,
      ),
      'rules.tsv',
    );
    const csp = scoped.find((f) => f.ruleId === '10038')!;
    const urls = [csp.location, ...(csp.extraLocations ?? [])].map((l) => l.url);
    expect(urls).toEqual([
      'http://www.itsecgames.com',
      'http://www.itsecgames.com/index.htm',
      'http://www.itsecgames.com/training.htm',
    ]);
    expect(csp.suppressed).toBeUndefined();
    // Suspicious comments were only found in /js/html5.js.
    expect(scoped.find((f) => f.ruleId === '10027')!.suppressed).toEqual({
      source: 'rules.tsv',
      reason: 'OUTOFSCOPE rule',
    });
  });

  it('leaves findings without a matching rule untouched', () => {
    const none = applyZapRules(findings(), [], 'rules.tsv');
    expect(none).toEqual(findings());
  });
});
