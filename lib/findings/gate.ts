import picomatch from 'picomatch';
import { atLeast, countBySeverity, hasFix, SEVERITIES, type Finding } from './finding.js';
import { thresholdSeverity, type Policy, type PolicyException } from './policy.js';

export type Verdict = 'pass' | 'fail';

export interface ExceptedFinding {
  readonly finding: Finding;
  readonly exception: PolicyException;
}

export interface GateResult {
  readonly verdict: Verdict;
  /** The findings that fail the gate, most severe first as given. */
  readonly blocking: readonly Finding[];
  /** Findings a valid policy exception took out of the gate. */
  readonly excepted: readonly ExceptedFinding[];
  /** Exceptions past their date: they no longer apply. */
  readonly expired: readonly PolicyException[];
  /** One sentence: the verdict and the rule that decided it. */
  readonly reason: string;
}

/**
 * Decides pass or fail on all findings of a scan (never on a filtered
 * subset): a finding blocks when the scanner did not suppress it, no valid
 * exception covers it, it is at or above `fail-on`, and, with `only-fixed`,
 * it has a fix (findings without a package, such as secrets, always count).
 */
export function evaluateGate(findings: readonly Finding[], policy: Policy, today: Date = new Date()): GateResult {
  const day = today.toISOString().slice(0, 10);
  const valid = policy.ignore.filter((e) => e.expires >= day);
  const expired = policy.ignore.filter((e) => e.expires < day);
  const matchers = valid.map((exception) => ({ exception, matches: exceptionMatcher(exception) }));
  const threshold = thresholdSeverity(policy.failOn);

  const blocking: Finding[] = [];
  const excepted: ExceptedFinding[] = [];
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const hit = matchers.find((m) => m.matches(finding));
    if (hit) {
      excepted.push({ finding, exception: hit.exception });
      continue;
    }
    if (finding.gateRule === 'warn') continue;
    if (finding.gateRule !== 'fail') {
      if (!threshold || !atLeast(finding.severity, threshold)) continue;
      if (policy.onlyFixed && finding.package && !hasFix(finding)) continue;
    }
    blocking.push(finding);
  }
  const verdict: Verdict = blocking.length ? 'fail' : 'pass';
  return { verdict, blocking, excepted, expired, reason: explain(verdict, blocking, policy) };
}

function exceptionMatcher(exception: PolicyException): (f: Finding) => boolean {
  const id = exception.id.toLowerCase();
  const glob = exception.path ? picomatch(exception.path, { dot: true }) : undefined;
  return (f) => {
    if (f.ruleId.toLowerCase() !== id && !f.aliases?.some((a) => a.toLowerCase() === id)) return false;
    if (exception.package && f.package?.name !== exception.package) return false;
    if (glob) {
      const where = f.location.file ?? f.location.imagePath ?? f.location.url ?? f.target;
      if (!glob(where.replace(/^\/+/, ''))) return false;
    }
    return true;
  };
}

function explain(verdict: Verdict, blocking: readonly Finding[], policy: Policy): string {
  const rule = `fail-on: ${policy.failOn} (${policy.failOnSource === 'policy file' ? `policy file ${policy.file}` : policy.failOnSource})`;
  const fixed = policy.onlyFixed
    ? `, only-fixed (${policy.onlyFixedSource === 'policy file' ? `policy file ${policy.file}` : policy.onlyFixedSource})`
    : '';
  if (policy.failOn === 'none' && verdict === 'pass') return `pass: ${rule} never fails the gate`;
  if (verdict === 'pass')
    return `pass: no finding at or above ${policy.failOn}${policy.onlyFixed ? ' with a fix' : ''}; ${rule}${fixed}`;
  const counts = countBySeverity(blocking);
  const parts = SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
  const byRules = blocking.filter((f) => f.gateRule === 'fail').length;
  const rulesNote = byRules ? `; ${byRules} by a FAIL rule of the scanner's rules file` : '';
  return `fail: ${blocking.length} finding${blocking.length === 1 ? '' : 's'} at or above ${policy.failOn} (${parts}); ${rule}${fixed}${rulesNote}`;
}
