import type { Finding, FindingLocation, Severity, Suppression } from '../findings/finding.js';
import { fingerprint } from '../findings/fingerprint.js';
import { OperationError } from '../runtime/errors.js';
import { forEachElement, forEachMember, LazyArray, parseRange, skipValue, skipWhitespace } from './json-walk.js';

/*
 * Parser of Trivy's JSON report (`--format json`, schema 2), of `trivy k8s`
 * reports (Resources[]), and of the pre-0.20 format (a bare array of
 * results). Anything else is refused: a report that cannot be read must never
 * turn into "zero findings".
 *
 * Secrets: only the rule, title, category and lines are kept. The matched
 * text and code lines are never copied, even though Trivy masks them.
 */

export interface TrivyReport {
  readonly schemaVersion: number;
  readonly trivyVersion?: string;
  readonly artifactName?: string;
  readonly artifactType?: string;
  /** Active findings followed by suppressed ones (those carry `suppressed`). */
  readonly findings: Finding[];
}

export interface TrivyParseOptions {
  /**
   * Prefix that turns Trivy's paths (relative to the scanned directory) into
   * paths relative to the workspace, e.g. `services/api/` for `trivy fs services/api`.
   * Undefined for image scans, whose paths are inside the image.
   */
  readonly pathPrefix?: string;
  /** True when the target is an image (paths are inside the image, not in the repository). */
  readonly imageTarget?: boolean;
}

type Json = Record<string, unknown>;

const SEVERITY: Record<string, Severity> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  UNKNOWN: 'info',
};

/** Vendor statuses that mean the package is not affected: listed as suppressed, never counted. */
const NOT_AFFECTED = new Set(['not_affected']);

export function parseTrivyReport(text: string | Buffer | unknown, options: TrivyParseOptions = {}): TrivyReport {
  if (Buffer.isBuffer(text)) {
    const first = text[skipWhitespace(text, 0)];
    // Objects are walked lazily (large reports); the old bare-array format is small and parsed whole.
    if (first === 0x7b) return parseLazily(text, options);
    text = text.toString('utf8');
  }
  let doc: unknown;
  if (typeof text === 'string') {
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new OperationError(`the Trivy report is not valid JSON: ${(error as Error).message}`);
    }
  } else {
    doc = text;
  }
  const parser = new ReportParser(options);
  if (Array.isArray(doc)) {
    // Before Trivy 0.20 the report was a bare array of results.
    parser.results(doc, undefined);
    return { schemaVersion: 1, findings: parser.finish() };
  }
  if (!isObject(doc)) throw new OperationError('the Trivy report is not a JSON object or array');
  const artifactName = str(doc['ArtifactName']);
  const artifactType = str(doc['ArtifactType']);
  const trivyVersion = isObject(doc['Trivy']) ? str(doc['Trivy']['Version']) : undefined;
  if (Array.isArray(doc['Resources']) || (doc['ClusterName'] !== undefined && doc['SchemaVersion'] === undefined)) {
    for (const resource of arr(doc['Resources'], 'Resources')) {
      if (!isObject(resource)) continue;
      const name = [str(resource['Namespace']), str(resource['Kind']), str(resource['Name'])].filter(Boolean).join('/');
      parser.results(arr(resource['Results'] ?? [], `Resources[${name}].Results`), name);
    }
    return {
      schemaVersion: Number(doc['SchemaVersion'] ?? 2),
      trivyVersion,
      artifactName: str(doc['ClusterName']) ?? artifactName,
      artifactType: 'kubernetes',
      findings: parser.finish(),
    };
  }
  const schema = doc['SchemaVersion'];
  if (schema === undefined)
    throw new OperationError('the file is not a Trivy JSON report: it has no SchemaVersion, Results or Resources');
  if (schema !== 2)
    throw new OperationError(`Trivy report schema version ${String(schema)} is not supported (expected 2)`);
  if (doc['Results'] !== undefined && doc['Results'] !== null && !Array.isArray(doc['Results'])) {
    throw new OperationError('the Trivy report has a Results field that is not a list');
  }
  const imageTarget = options.imageTarget ?? (artifactType === 'container_image' || artifactType === 'vm');
  const imageParser = imageTarget === parser.imageTarget ? parser : new ReportParser({ ...options, imageTarget });
  imageParser.results((doc['Results'] as unknown[] | null | undefined) ?? [], undefined, artifactName);
  return { schemaVersion: 2, trivyVersion, artifactName, artifactType, findings: imageParser.finish() };
}

/** The members of a Result that hold findings: iterated element by element, never parsed whole. */
const FINDING_LISTS = new Set([
  'Vulnerabilities',
  'Misconfigurations',
  'Secrets',
  'Licenses',
  'ExperimentalModifiedFindings',
]);
const RESULT_FIELDS = new Set(['Target', 'Class', 'Type']);

function parseLazily(buf: Buffer, options: TrivyParseOptions): TrivyReport {
  const top: Json = {};
  const TOP_FIELDS = ['SchemaVersion', 'ArtifactName', 'ArtifactType', 'Trivy', 'ClusterName', 'Resources'];
  forEachMember(buf, 0, (key, start) => {
    if (key === 'Results') {
      if (buf[start] !== 0x5b) {
        // null, or not a list: the common checks below decide.
        const end = skipValue(buf, start);
        top['Results'] = parseRange(buf, start, end);
        return end;
      }
      const results: Json[] = [];
      top['Results'] = results;
      return forEachElement(buf, start, (resultStart) => {
        const result: Json = {};
        results.push(result);
        return forEachMember(buf, resultStart, (field, valueStart) => {
          if (FINDING_LISTS.has(field) && buf[valueStart] === 0x5b) {
            const list = new LazyArray(buf);
            result[field] = list;
            return forEachElement(buf, valueStart, (elementStart) => list.add(elementStart));
          }
          if (!RESULT_FIELDS.has(field) && !FINDING_LISTS.has(field)) return undefined;
          const end = skipValue(buf, valueStart);
          result[field] = parseRange(buf, valueStart, end);
          return end;
        });
      });
    }
    if (!TOP_FIELDS.includes(key) && key !== 'Results') return undefined;
    const end = skipValue(buf, start);
    top[key] = parseRange(buf, start, end);
    return end;
  });
  return parseTrivyReport(top, options);
}

class ReportParser {
  private readonly active: Finding[] = [];
  private readonly suppressedList: Finding[] = [];
  private readonly seen = new Map<string, number>();

  constructor(private readonly options: TrivyParseOptions) {}

  get imageTarget(): boolean | undefined {
    return this.options.imageTarget;
  }

  results(results: Iterable<unknown>, resource: string | undefined, artifact?: string): void {
    for (const raw of results) {
      if (!isObject(raw)) continue;
      const target = str(raw['Target']) ?? '';
      const ctx: ResultContext = { target, cls: str(raw['Class']) ?? '', resource, artifact };
      for (const v of arr(raw['Vulnerabilities'], `${target}.Vulnerabilities`)) {
        if (isObject(v)) this.add(this.vulnerability(v, ctx));
      }
      for (const m of arr(raw['Misconfigurations'], `${target}.Misconfigurations`)) {
        if (isObject(m) && (str(m['Status']) ?? 'FAIL') === 'FAIL') this.add(this.misconfiguration(m, ctx));
      }
      for (const s of arr(raw['Secrets'], `${target}.Secrets`)) {
        if (isObject(s)) this.add(this.secret(s, ctx));
      }
      for (const l of arr(raw['Licenses'], `${target}.Licenses`)) {
        if (isObject(l)) this.add(this.license(l, ctx));
      }
      for (const mod of arr(raw['ExperimentalModifiedFindings'], `${target}.ExperimentalModifiedFindings`)) {
        if (isObject(mod)) this.modified(mod, ctx);
      }
    }
  }

  finish(): Finding[] {
    return [...this.active, ...this.suppressedList];
  }

  private add(finding: Finding | undefined): void {
    if (!finding) return;
    // Two findings with the same identity (e.g. one rule matched twice on one line) keep distinct fingerprints.
    const n = this.seen.get(finding.fingerprint) ?? 0;
    this.seen.set(finding.fingerprint, n + 1);
    const unique = n === 0 ? finding : { ...finding, fingerprint: fingerprint([finding.fingerprint, n]) };
    (unique.suppressed ? this.suppressedList : this.active).push(unique);
  }

  private modified(mod: Json, ctx: ResultContext): void {
    const inner = mod['Finding'];
    if (!isObject(inner)) return;
    const suppression: Suppression = {
      source: str(mod['Source']) ?? 'trivy',
      reason: [str(mod['Status']), str(mod['Statement'])].filter(Boolean).join(': ') || undefined,
    };
    const type = str(mod['Type']);
    let finding: Finding | undefined;
    if (type === 'vulnerability') finding = this.vulnerability(inner, ctx);
    else if (type === 'misconfiguration') finding = this.misconfiguration(inner, ctx);
    else if (type === 'secret') finding = this.secret(inner, ctx);
    else if (type === 'license') finding = this.license(inner, ctx);
    if (finding) this.add({ ...finding, suppressed: suppression });
  }

  private location(
    ctx: ResultContext,
    file: string | undefined,
    startLine?: number,
    endLine?: number,
  ): FindingLocation {
    const lines = {
      ...(startLine && startLine > 0 ? { startLine } : {}),
      ...(endLine && endLine > 0 ? { endLine } : {}),
    };
    if (this.options.imageTarget || ctx.resource) {
      return { image: ctx.artifact ?? ctx.resource ?? ctx.target, ...(file ? { imagePath: file } : {}), ...lines };
    }
    if (!file) return {};
    return { file: repositoryPath(this.options.pathPrefix, file), ...lines };
  }

  private vulnerability(v: Json, ctx: ResultContext): Finding {
    const id = str(v['VulnerabilityID']) ?? 'UNKNOWN';
    const pkgName = str(v['PkgName']) ?? str(v['PkgID']) ?? 'unknown';
    const installed = str(v['InstalledVersion']);
    const fixed = str(v['FixedVersion']);
    const pkgPath = str(v['PkgPath']);
    const status = str(v['Status']);
    const identifier = isObject(v['PkgIdentifier']) ? v['PkgIdentifier'] : undefined;
    const layer = isObject(v['Layer']) ? (str(v['Layer']['DiffID']) ?? str(v['Layer']['Digest'])) : undefined;
    const loc = this.location(ctx, pkgPath ?? (ctx.cls === 'lang-pkgs' ? ctx.target : undefined));
    const location: FindingLocation = layer ? { ...loc, layer } : loc;
    const title = str(v['Title']) ?? id;
    const vendorIds = Array.isArray(v['VendorIDs'])
      ? v['VendorIDs'].filter((x): x is string => typeof x === 'string' && x !== id)
      : [];
    const finding: Finding = {
      tool: 'trivy',
      kind: 'vulnerability',
      ruleId: id,
      ...(vendorIds.length ? { aliases: vendorIds } : {}),
      severity: severityOf(v['Severity']),
      title: `${id}: ${title}`.slice(0, 1000),
      description: str(v['Description']) ?? title,
      remediation: fixed
        ? `Upgrade ${pkgName} from ${installed ?? 'the installed version'} to ${fixed}.`
        : 'No fixed version is available yet.',
      helpUri: str(v['PrimaryURL']),
      target: ctx.resource ? `${ctx.resource}: ${ctx.target}` : ctx.target,
      location,
      package: {
        name: pkgName,
        ...(installed ? { installedVersion: installed } : {}),
        ...(fixed ? { fixedVersion: fixed } : {}),
        ...(identifier && str(identifier['PURL']) ? { purl: str(identifier['PURL']) } : {}),
        ...(pkgPath ? { path: pkgPath } : {}),
      },
      ...(status ? { status } : {}),
      ...(cvssScore(v) !== undefined ? { cvssScore: cvssScore(v) } : {}),
      ...(status && NOT_AFFECTED.has(status) ? { suppressed: { source: 'vendor status', reason: status } } : {}),
      fingerprint: fingerprint(['trivy', 'vuln', id, ctx.resource, ctx.target, pkgName, installed, pkgPath]),
    };
    return finding;
  }

  private misconfiguration(m: Json, ctx: ResultContext): Finding {
    const id = str(m['ID']) ?? str(m['AVDID']) ?? 'UNKNOWN';
    const aliases = checkIdAliases(id, str(m['AVDID']));
    const cause = isObject(m['CauseMetadata']) ? m['CauseMetadata'] : {};
    const start = num(cause['StartLine']);
    const end = num(cause['EndLine']);
    const message = str(m['Message']);
    const title = str(m['Title']) ?? id;
    return {
      tool: 'trivy',
      kind: 'misconfiguration',
      ruleId: id,
      ...(aliases.length ? { aliases } : {}),
      severity: severityOf(m['Severity']),
      title: message ? `${title}: ${message}` : title,
      ruleTitle: title,
      description: str(m['Description']) ?? title,
      ...(str(m['Resolution']) ? { remediation: str(m['Resolution']) } : {}),
      helpUri: str(m['PrimaryURL']),
      target: ctx.resource ? `${ctx.resource}: ${ctx.target}` : ctx.target,
      location: this.location(ctx, ctx.target, start, end),
      fingerprint: fingerprint(['trivy', 'misconfig', id, ctx.resource, ctx.target, message, str(cause['Resource'])]),
    };
  }

  private secret(s: Json, ctx: ResultContext): Finding {
    const rule = str(s['RuleID']) ?? 'secret';
    const title = str(s['Title']) ?? rule;
    const category = str(s['Category']);
    const start = num(s['StartLine']);
    return {
      tool: 'trivy',
      kind: 'secret',
      ruleId: rule,
      severity: severityOf(s['Severity']),
      title: `Secret: ${title}`,
      ruleTitle: `Secret: ${title}`,
      description: `A ${category ? `${category} ` : ''}secret (${title}) is written in the scanned files, where anyone who can read them can use it.`,
      remediation:
        'Revoke the secret, remove it from the code and its history, and load it at run time from a secret store.',
      target: ctx.target,
      location: this.location(ctx, ctx.target, start, num(s['EndLine'])),
      // The line number anchors a secret: its text must never be hashed into a published value.
      fingerprint: fingerprint(['trivy', 'secret', rule, ctx.resource, ctx.target, start]),
    };
  }

  private license(l: Json, ctx: ResultContext): Finding {
    const name = str(l['Name']) ?? 'unknown';
    const pkg = str(l['PkgName']);
    const file = str(l['FilePath']);
    return {
      tool: 'trivy',
      kind: 'license',
      ruleId: `license:${name}`,
      severity: severityOf(l['Severity']),
      title: `License ${name}${pkg ? ` in ${pkg}` : ''} (${str(l['Category']) ?? 'unknown category'})`,
      description: `The ${name} license was found${pkg ? ` for package ${pkg}` : ''}${file ? ` in ${file}` : ''}.`,
      helpUri: str(l['Link']),
      target: ctx.target,
      location: this.location(ctx, file ?? (ctx.cls === 'lang-pkgs' ? ctx.target : undefined)),
      ...(pkg ? { package: { name: pkg } } : {}),
      fingerprint: fingerprint(['trivy', 'license', name, ctx.resource, ctx.target, pkg, file]),
    };
  }
}

interface ResultContext {
  readonly target: string;
  readonly cls: string;
  readonly resource: string | undefined;
  readonly artifact: string | undefined;
}

/**
 * Trivy has spelled its check ids three ways across releases (`KSV013`,
 * `KSV-0013`, `AVD-KSV-0013`); an exception written in any of them matches.
 */
export function checkIdAliases(id: string, avdId: string | undefined): string[] {
  const names = new Set<string>(avdId ? [avdId] : []);
  for (const name of [id, avdId]) {
    const m = name ? /^(?:AVD-)?([A-Za-z]+)-?0*(\d+)$/.exec(name) : null;
    if (!m) continue;
    const [, prefix, digits] = m as unknown as [string, string, string];
    names.add(`${prefix}-${digits.padStart(4, '0')}`);
    names.add(`${prefix}${digits.padStart(3, '0')}`);
    names.add(`AVD-${prefix}-${digits.padStart(4, '0')}`);
  }
  names.delete(id);
  return [...names];
}

function severityOf(value: unknown): Severity {
  return SEVERITY[String(value ?? 'UNKNOWN').toUpperCase()] ?? 'info';
}

function cvssScore(v: Json): number | undefined {
  const cvss = v['CVSS'];
  if (!isObject(cvss)) return undefined;
  const source = str(v['SeveritySource']);
  const pick = (entry: unknown): number | undefined =>
    isObject(entry) ? (num(entry['V3Score']) ?? num(entry['V40Score']) ?? num(entry['V2Score'])) : undefined;
  if (source && pick(cvss[source]) !== undefined) return pick(cvss[source]);
  if (pick(cvss['nvd']) !== undefined) return pick(cvss['nvd']);
  for (const entry of Object.values(cvss)) {
    const score = pick(entry);
    if (score !== undefined) return score;
  }
  return undefined;
}

/** A Trivy path made relative to the workspace root with `/` separators. */
function repositoryPath(prefix: string | undefined, file: string): string {
  const clean = file.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
  return prefix ? `${prefix.replace(/\/+$/, '')}/${clean}` : clean;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function arr(value: unknown, where: string): Iterable<unknown> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) && !(value instanceof LazyArray))
    throw new OperationError(`the Trivy report's ${where} is not a list`);
  return value;
}
