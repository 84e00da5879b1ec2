import type { Finding, FindingLocation, Severity } from '../findings/finding.js';
import { fingerprint } from '../findings/fingerprint.js';
import { OperationError } from '../runtime/errors.js';
import { htmlToText, referenceUrls } from './zap-html-text.js';

/*
 * Parser of ZAP's traditional JSON report (report template
 * `traditional-json`, also `traditional-json-plus`, and the `-J` report of
 * the packaged scans): `{ "@version", "site": [ { "@name", "alerts": [...] } ] }`.
 * One finding per alert per site, its instances as locations. Older releases
 * write every number as a string, may write a single site or instance as an
 * object instead of a list, and may leave `instances` out. Anything that is
 * not a ZAP report is refused: a report that cannot be read must never turn
 * into "zero findings".
 *
 * Instance evidence is left out on purpose: it is response content (tokens,
 * keys, personal data can be in it) and stays in ZAP's own reports only.
 */

export interface ZapReport {
  /** ZAP's version (`@version`), when the report names it. */
  readonly zapVersion?: string;
  readonly generated?: string;
  /** The sites the report covers, as ZAP names them (`http://host:port`). */
  readonly sites: readonly string[];
  readonly findings: Finding[];
}

type Json = Record<string, unknown>;

/** ZAP's riskcode: 3 High, 2 Medium, 1 Low, 0 Informational. */
const RISK: Record<number, Severity> = { 3: 'high', 2: 'medium', 1: 'low', 0: 'info' };
/** Confidence 0 is ZAP's "false positive": such alerts are not findings. */
const FALSE_POSITIVE = 0;
/** Locations kept per finding; the JSON of a large site stays readable and ZAP's own reports have them all. */
export const MAX_ZAP_LOCATIONS = 100;

export function zapAlertPage(pluginId: string): string {
  return `https://www.zaproxy.org/docs/alerts/${encodeURIComponent(pluginId)}/`;
}

export function parseZapReport(text: string | unknown): ZapReport {
  let doc: unknown;
  if (typeof text === 'string') {
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new OperationError(`the ZAP report is not valid JSON: ${(error as Error).message}`);
    }
  } else {
    doc = text;
  }
  if (!isObject(doc) || !('site' in doc)) {
    throw new OperationError(
      "the file is not a ZAP traditional JSON report: it has no 'site' list (write it with the report template traditional-json)",
    );
  }
  const program = str(doc['@programName']);
  if (program !== undefined && !/zap/i.test(program)) {
    throw new OperationError(`the file is not a ZAP report: it was written by '${program}'`);
  }
  const findings: Finding[] = [];
  const used = new Set<string>();
  const sites: string[] = [];
  for (const [index, site] of list(doc['site'], 'site').entries()) {
    if (!isObject(site)) throw new OperationError(`the ZAP report's site[${index}] is not an object`);
    const name = str(site['@name']);
    if (name === undefined) throw new OperationError(`the ZAP report's site[${index}] has no '@name'`);
    sites.push(name);
    for (const [i, alert] of list(site['alerts'], `site[${index}].alerts`).entries()) {
      if (!isObject(alert)) throw new OperationError(`the ZAP report's site[${index}].alerts[${i}] is not an object`);
      const finding = alertFinding(alert, name, `site[${index}].alerts[${i}]`);
      if (!finding) continue;
      // Two alerts of one rule with the same name on one site (ZAP also groups by risk and confidence)
      // keep distinct fingerprints, told apart by what distinguishes them rather than by report order.
      let unique = finding;
      if (used.has(unique.fingerprint)) {
        const distinct = fingerprint([
          finding.fingerprint,
          str(alert['alertRef']),
          finding.severity,
          num(alert['confidence']),
        ]);
        let candidate = distinct;
        for (let n = 1; used.has(candidate); n++) candidate = fingerprint([distinct, n]);
        unique = { ...finding, fingerprint: candidate };
      }
      used.add(unique.fingerprint);
      findings.push(unique);
    }
  }
  return {
    ...(str(doc['@version']) ? { zapVersion: str(doc['@version']) } : {}),
    ...(str(doc['@generated']) ? { generated: str(doc['@generated']) } : {}),
    sites,
    findings,
  };
}

function alertFinding(alert: Json, site: string, where: string): Finding | undefined {
  const pluginId = str(alert['pluginid']) ?? str(alert['pluginId']);
  if (pluginId === undefined) throw new OperationError(`the ZAP report's ${where} has no pluginid`);
  const name = str(alert['name']) ?? str(alert['alert']) ?? `ZAP rule ${pluginId}`;
  const risk = num(alert['riskcode']);
  const severity = risk === undefined ? undefined : RISK[risk];
  if (severity === undefined) {
    throw new OperationError(
      `the ZAP report's ${where} (${name}) has riskcode '${String(alert['riskcode'])}', not 0 to 3`,
    );
  }
  if (num(alert['confidence']) === FALSE_POSITIVE) return undefined;
  const alertRef = str(alert['alertRef']);

  const locations = instanceLocations(alert, where);
  const count = num(alert['count']) ?? locations.length;
  const references = referenceUrls(str(alert['reference']) ?? '');
  const cwe = num(alert['cweid']);
  const wasc = num(alert['wascid']);
  const otherInfo = htmlToText(str(alert['otherinfo']) ?? '').slice(0, 1000);
  const description = [
    htmlToText(str(alert['desc']) ?? '') || name,
    otherInfo ? `Other information: ${otherInfo}` : undefined,
    cwe && cwe > 0 ? `CWE-${cwe}` + (wasc && wasc > 0 ? `, WASC-${wasc}` : '') : undefined,
    references.length ? `References:\n${references.join('\n')}` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  const solution = htmlToText(str(alert['solution']) ?? '');

  const [first, ...rest] = locations.length ? locations : [{ url: site }];
  return {
    tool: 'zap',
    kind: 'dast',
    ruleId: pluginId,
    ...(alertRef && alertRef !== pluginId ? { aliases: [alertRef] } : {}),
    severity,
    title: count > 1 ? `${name} (${count} instances)` : name,
    ruleTitle: name,
    description,
    ...(solution ? { remediation: solution } : {}),
    helpUri: references[0] ?? zapAlertPage(pluginId),
    target: site,
    location: first!,
    ...(rest.length ? { extraLocations: rest } : {}),
    // The instance list changes from run to run (spider order, new pages): it is no part of the identity.
    fingerprint: fingerprint(['zap', pluginId, site, name]),
  };
}

/** Instances as locations: de-duplicated, in a stable order, at most MAX_ZAP_LOCATIONS. */
function instanceLocations(alert: Json, where: string): FindingLocation[] {
  const byKey = new Map<string, FindingLocation>();
  for (const instance of list(alert['instances'], `${where}.instances`)) {
    if (!isObject(instance)) continue;
    const url = str(instance['uri']);
    if (!url) continue;
    const method = str(instance['method']);
    const parameter = str(instance['param']);
    const key = `${url}\u0000${method ?? ''}\u0000${parameter ?? ''}`;
    if (!byKey.has(key)) byKey.set(key, { url, ...(method ? { method } : {}), ...(parameter ? { parameter } : {}) });
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_ZAP_LOCATIONS)
    .map(([, location]) => location);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** ZAP wrote numbers as strings before the reporting add-on; both are read. */
function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A list, a single object standing for a one-element list (older releases), or nothing. */
function list(value: unknown, where: string): readonly unknown[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value;
  if (isObject(value)) return [value];
  throw new OperationError(`the ZAP report's ${where} is not a list`);
}
