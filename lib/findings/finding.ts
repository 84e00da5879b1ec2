/** Severities, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type ScannerName = 'trivy' | 'kube-score' | 'zap';

export type FindingKind = 'vulnerability' | 'misconfiguration' | 'secret' | 'license' | 'manifest' | 'dast';

/** Where a finding is. A file location is relative to the workspace root, with `/` separators. */
export interface FindingLocation {
  readonly file?: string;
  readonly startLine?: number;
  readonly endLine?: number;
  readonly url?: string;
  readonly method?: string;
  readonly parameter?: string;
  /** Image reference or scanned artifact, for findings inside an image. */
  readonly image?: string;
  /** A path inside the image (a jar, a file with a secret): not a repository file. */
  readonly imagePath?: string;
  readonly layer?: string;
}

export interface FindingPackage {
  readonly name: string;
  readonly installedVersion?: string;
  readonly fixedVersion?: string;
  readonly purl?: string;
  /** Path of the package inside the target (a jar, a lockfile). */
  readonly path?: string;
}

/** Why a finding does not count: the scanner's own ignore mechanisms (.trivyignore, VEX, vendor status). */
export interface Suppression {
  readonly source: string;
  readonly reason?: string;
}

/** One finding of any scanner, normalized. */
export interface Finding {
  readonly tool: ScannerName;
  readonly kind: FindingKind;
  /** CVE, check id, secret rule id, ZAP plugin id. */
  readonly ruleId: string;
  /** Other names of the same rule (GHSA ids of a CVE, `AVD-KSV-0013` for `KSV013`); policy exceptions match any of them. */
  readonly aliases?: readonly string[];
  readonly severity: Severity;
  readonly title: string;
  /** The rule's own title, without what is particular to this finding (the code-scanning rule's short description). */
  readonly ruleTitle?: string;
  readonly description: string;
  /** What to do about it, plain text. */
  readonly remediation?: string;
  readonly helpUri?: string;
  /** The scanner's sub-target: a lockfile, an image's OS, a manifest file. */
  readonly target: string;
  readonly location: FindingLocation;
  /** Further locations (ZAP instances); the first is `location`. */
  readonly extraLocations?: readonly FindingLocation[];
  readonly package?: FindingPackage;
  /** A vulnerability's vendor status (fixed, affected, will_not_fix, …). */
  readonly status?: string;
  /** CVSS base score, where the scanner gives one. */
  readonly cvssScore?: number;
  readonly suppressed?: Suppression;
  /**
   * A scanner rules file's say over the gate (ZAP's `FAIL`/`WARN` rules):
   * `fail` blocks whatever `fail-on` says, `warn` never blocks. Policy
   * exceptions still apply to both.
   */
  readonly gateRule?: 'fail' | 'warn';
  /** Stable identity across runs: same tool, rule, target, package and place. */
  readonly fingerprint: string;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is at least as severe as `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/**
 * Most severe first; then by CVSS score, rule id, location and fingerprint,
 * so the order is total and the same on every machine (plain code-unit
 * comparison, not the locale's, which is also much faster on large reports).
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    (b.cvssScore ?? 0) - (a.cvssScore ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.location.file ?? a.target, b.location.file ?? b.target) ||
    (a.location.startLine ?? 0) - (b.location.startLine ?? 0) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** A fix exists when the scanner names a fixed version. */
export function hasFix(finding: Finding): boolean {
  return Boolean(finding.package?.fixedVersion);
}
