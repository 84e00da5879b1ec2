import type { Finding, FindingLocation } from '../findings/finding.js';
import { ConfigurationError } from '../runtime/errors.js';

/*
 * The rules file of ZAP's packaged scans and of the zaproxy GitHub actions
 * (`rules_file_name`, `zap-baseline.py -c`): one rule a line,
 *
 *     <rule id>\t<IGNORE|INFO|WARN|FAIL>\t<name>[\t<message>]
 *     <rule id>[,<rule id>…]\tOUTOFSCOPE\t<URL regular expression>
 *
 * `#` starts a comment line; blank lines are skipped. The id is a scan rule
 * id (`10020`) or an alert reference (`10055-4`), which wins over its rule's
 * id; OUTOFSCOPE also takes `*` for every rule. ZAP's packaged scans accept
 * the same levels (and PASS, which they treat like INFO).
 *
 * Applied to the findings, not given to ZAP: IGNORE marks a finding
 * suppressed (listed, never counted), INFO/PASS/WARN make it never block the
 * gate, FAIL makes it block whatever `fail-on` says, OUTOFSCOPE takes the
 * matching URLs out of a finding (and suppresses it when none is left).
 */

export type ZapRuleAction = 'IGNORE' | 'INFO' | 'PASS' | 'WARN' | 'FAIL' | 'OUTOFSCOPE';

export interface ZapRule {
  /** A scan rule id, an alert reference (`10055-4`), or `*` (OUTOFSCOPE only). */
  readonly id: string;
  readonly action: ZapRuleAction;
  /** The rule's name as written (information only), or the URL expression of an OUTOFSCOPE rule. */
  readonly name: string;
  readonly message?: string;
  /** OUTOFSCOPE: URLs it takes out, matched from their start as ZAP does. */
  readonly urlPattern?: RegExp;
  /** Line in the file, from 1. */
  readonly line: number;
}

export interface ZapRulesSource {
  /** The input that named the file, for error messages. */
  readonly input: string;
  /** The file as the user knows it (relative to the workspace). */
  readonly file: string;
}

const ACTIONS: readonly ZapRuleAction[] = ['IGNORE', 'INFO', 'PASS', 'WARN', 'FAIL', 'OUTOFSCOPE'];
const RULE_ID = /^\d+(?:-\d+)?$/;
const FORMAT = '<rule id><TAB><IGNORE|INFO|WARN|FAIL|OUTOFSCOPE><TAB><name>';

export function parseZapRules(text: string, source: ZapRulesSource): ZapRule[] {
  const rules: ZapRule[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    const n = index + 1;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fail = (why: string): never => {
      const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
      throw new ConfigurationError(
        `input '${source.input}': ${source.file} line ${n}: ${why}; got '${shown.replace(/\t/g, '\\t')}'`,
      );
    };
    const fields = line.split('\t');
    if (fields.length < 3) {
      fail(
        /\S\s+(IGNORE|INFO|PASS|WARN|FAIL|OUTOFSCOPE)\s/.test(line)
          ? `the fields must be separated by tabs, not spaces (${FORMAT})`
          : `expected 3 tab-separated fields (${FORMAT})`,
      );
    }
    const [id = '', action = '', name = '', message] = fields.map((f) => f.trim());
    if (!(ACTIONS as readonly string[]).includes(action)) {
      fail(`'${action}' is not one of ${ACTIONS.join(', ')}`);
    }
    if (action === 'OUTOFSCOPE') {
      const ids = id.split(',').map((i) => i.trim());
      if (ids.some((i) => i !== '*' && !RULE_ID.test(i))) fail(`'${id}' is not a rule id, a list of rule ids, or *`);
      if (!name) fail('an OUTOFSCOPE rule needs a URL regular expression as its third field');
      let urlPattern: RegExp;
      try {
        urlPattern = new RegExp(`^(?:${name})`);
      } catch (error) {
        return fail(`'${name}' is not a valid regular expression (${(error as Error).message})`);
      }
      for (const each of ids) rules.push({ id: each, action: 'OUTOFSCOPE', name, urlPattern, line: n });
      continue;
    }
    if (!RULE_ID.test(id)) fail(`'${id}' is not a ZAP rule id such as 10020 or an alert reference such as 10055-4`);
    rules.push({
      id,
      action: action as ZapRuleAction,
      name,
      ...(message ? { message } : {}),
      line: n,
    });
  }
  return rules;
}

/**
 * The findings with the rules applied. A rule for an alert reference
 * (`10055-4`) wins over one for its scan rule (`10055`); a later line for the
 * same id wins over an earlier one, as in ZAP.
 */
export function applyZapRules(findings: readonly Finding[], rules: readonly ZapRule[], source: string): Finding[] {
  const levels = new Map<string, ZapRule>();
  const outOfScope = new Map<string, RegExp[]>();
  for (const rule of rules) {
    if (rule.action === 'OUTOFSCOPE') {
      outOfScope.set(rule.id, [...(outOfScope.get(rule.id) ?? []), rule.urlPattern!]);
    } else {
      levels.set(rule.id, rule);
    }
  }
  return findings.map((finding) => {
    if (finding.tool !== 'zap') return finding;
    const ids = [...(finding.aliases ?? []), finding.ruleId];
    const scoped = withoutOutOfScope(
      finding,
      ['*', ...ids].flatMap((id) => outOfScope.get(id) ?? []),
      source,
    );
    if (scoped.suppressed) return scoped;
    const rule = ids.map((id) => levels.get(id)).find((r) => r !== undefined);
    if (!rule) return scoped;
    switch (rule.action) {
      case 'IGNORE':
        return { ...scoped, suppressed: { source, reason: 'IGNORE rule' } };
      case 'FAIL':
        return { ...scoped, gateRule: 'fail' };
      default:
        return { ...scoped, gateRule: 'warn' };
    }
  });
}

function withoutOutOfScope(finding: Finding, patterns: readonly RegExp[], source: string): Finding {
  if (patterns.length === 0) return finding;
  const all = [finding.location, ...(finding.extraLocations ?? [])];
  const inScope = (loc: FindingLocation): boolean => !loc.url || !patterns.some((p) => p.test(loc.url!));
  const kept = all.filter(inScope);
  if (kept.length === all.length) return finding;
  if (kept.length === 0) return { ...finding, suppressed: { source, reason: 'OUTOFSCOPE rule' } };
  const [first, ...rest] = kept;
  const { extraLocations: _dropped, ...base } = finding;
  return { ...base, location: first!, ...(rest.length ? { extraLocations: rest } : {}) };
}
