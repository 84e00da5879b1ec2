import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { compareFindings, severityRank, type Finding, type FindingLocation, type Severity } from './finding.js';
import type { ExceptedFinding } from './gate.js';

/*
 * SARIF 2.1.0 for GitHub code scanning: one run per tool and target with its
 * own automationDetails.id; rules with short and full descriptions, help and
 * `security-severity`; relative URIs; stable partialFingerprints; at most
 * 25,000 results per run (the most severe kept) and at most 10 MB gzipped.
 * Every finding is included whatever `fail-on` says: the gate decides the
 * step, not what code scanning may show.
 */

export const MAX_RESULTS_PER_RUN = 25_000;
export const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;
const MAX_LOCATIONS = 10;
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Representative scores inside GitHub's bands: >9 critical, 7-8.9 high, 4-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: '0.0',
};
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

export interface ToolInfo {
  readonly name: string;
  readonly version?: string;
  readonly informationUri: string;
}

export interface SarifOptions {
  readonly tool: ToolInfo;
  /** Code scanning category, unique per tool and target. */
  readonly category: string;
  readonly excepted?: readonly ExceptedFinding[];
  readonly maxResults?: number;
  readonly maxGzippedBytes?: number;
  /** The findings are already in compareFindings order. */
  readonly sorted?: boolean;
}

export interface SarifOutput {
  /** The serialized SARIF document. */
  readonly text: string;
  /** Results left out to stay within GitHub's limits (the least severe first). */
  readonly dropped: number;
  readonly results: number;
}

type SarifObject = Record<string, unknown>;

/** SARIF as one string (for small documents and tests); `writeSarif` streams the same document to a file. */
export function buildSarif(findings: readonly Finding[], options: SarifOptions): SarifOutput {
  const maxBytes = options.maxGzippedBytes ?? MAX_GZIPPED_BYTES;
  const selected = selectResults(findings, options);
  const { exceptedBy } = selected;
  let { kept, dropped } = selected;
  for (;;) {
    const text = [...sarifChunks(kept, options, exceptedBy)].join('');
    // A document under the limit uncompressed is under it gzipped: skip the cost of compressing.
    if (Buffer.byteLength(text) <= maxBytes || gzipSync(text, { level: 1 }).length <= maxBytes || kept.length === 0) {
      return { text, dropped, results: kept.length };
    }
    const keep = Math.floor(kept.length * 0.8);
    dropped += kept.length - keep;
    kept = kept.slice(0, keep);
  }
}

/**
 * Writes the SARIF document to a file chunk by chunk, so a report of tens of
 * thousands of results never exists as one string. The gzipped size is
 * checked with the fastest compression level: a file that fits at level 1
 * fits at any higher level.
 */
export async function writeSarif(
  file: string,
  findings: readonly Finding[],
  options: SarifOptions & {
    /** Work for this thread while zlib checks the compressed size. */ readonly meanwhile?: () => void;
  },
): Promise<Omit<SarifOutput, 'text'>> {
  const maxBytes = options.maxGzippedBytes ?? MAX_GZIPPED_BYTES;
  const selected = selectResults(findings, options);
  const { exceptedBy } = selected;
  let { kept, dropped } = selected;
  let meanwhile = options.meanwhile;
  for (;;) {
    const bytes = writeChunks(file, sarifChunks(kept, options, exceptedBy));
    const size = bytes <= maxBytes || kept.length === 0 ? Promise.resolve(bytes) : gzippedSize(file);
    meanwhile?.();
    meanwhile = undefined;
    if ((await size) <= maxBytes) return { dropped, results: kept.length };
    const keep = Math.floor(kept.length * 0.8);
    dropped += kept.length - keep;
    kept = kept.slice(0, keep);
  }
}

function selectResults(
  findings: readonly Finding[],
  options: SarifOptions,
): { kept: Finding[]; dropped: number; exceptedBy: Map<Finding, ExceptedFinding> } {
  const maxResults = options.maxResults ?? MAX_RESULTS_PER_RUN;
  const exceptedBy = new Map<Finding, ExceptedFinding>();
  for (const e of options.excepted ?? []) exceptedBy.set(e.finding, e);
  const sorted = options.sorted ? findings : [...findings].sort(compareFindings);
  const dropped = Math.max(0, sorted.length - maxResults);
  return { kept: dropped ? sorted.slice(0, maxResults) : [...sorted], dropped, exceptedBy };
}

function* sarifChunks(
  findings: readonly Finding[],
  options: SarifOptions,
  exceptedBy: Map<Finding, ExceptedFinding>,
): Generator<string> {
  const rules = new Map<string, { index: number; finding: Finding; severity: Severity }>();
  const ruleIndex: number[] = [];
  for (const f of findings) {
    let rule = rules.get(f.ruleId);
    if (!rule) {
      rule = { index: rules.size, finding: f, severity: f.severity };
      rules.set(f.ruleId, rule);
    } else if (severityRank(f.severity) < severityRank(rule.severity)) {
      rule.severity = f.severity;
    }
    ruleIndex.push(rule.index);
  }
  const driver = {
    name: options.tool.name,
    ...(options.tool.version ? { version: options.tool.version } : {}),
    informationUri: options.tool.informationUri,
    rules: [...rules.values()].map((r) => ruleDescriptor(r.finding, r.severity)),
  };
  const head = JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0' }).slice(0, -1);
  const run = JSON.stringify({
    tool: { driver },
    automationDetails: { id: `${options.category}/` },
    columnKind: 'utf16CodeUnits',
  }).slice(0, -1);
  yield `${head},"runs":[${run},"results":[`;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    yield (i ? ',' : '') + JSON.stringify(result(f, ruleIndex[i]!, exceptedBy.get(f)));
  }
  yield ']}]}';
}

/** Writes chunks in batches of about 1 MiB; returns the bytes written. */
export function writeChunks(file: string, chunks: Iterable<string>): number {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  let bytes = 0;
  try {
    let batch = '';
    for (const chunk of chunks) {
      batch += chunk;
      if (batch.length >= 1 << 20) {
        bytes += writeSync(fd, batch);
        batch = '';
      }
    }
    if (batch) bytes += writeSync(fd, batch);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

async function gzippedSize(file: string): Promise<number> {
  let size = 0;
  const gzip = createGzip({ level: 1 });
  gzip.on('data', (chunk: Buffer) => (size += chunk.length));
  await pipeline(createReadStream(file), gzip);
  return size;
}

function ruleDescriptor(f: Finding, severity: Severity): SarifObject {
  const short = oneLine(ruleTitle(f));
  const help = [
    f.description,
    f.remediation ? `Remediation: ${f.remediation}` : undefined,
    f.helpUri ? `More: ${f.helpUri}` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  const markdown = [
    `**${escapeMarkdown(short)}**`,
    '',
    escapeMarkdown(f.description),
    ...(f.remediation ? ['', `**Remediation:** ${escapeMarkdown(f.remediation)}`] : []),
    ...(f.helpUri ? ['', `[${f.helpUri}](${f.helpUri})`] : []),
  ].join('\n');
  return {
    id: f.ruleId,
    name: ruleName(f.ruleId),
    shortDescription: { text: limit(short, 1000) },
    fullDescription: { text: limit(f.description || short, 10_000) },
    ...(f.helpUri ? { helpUri: f.helpUri } : {}),
    help: { text: limit(help, 20_000), markdown: limit(markdown, 20_000) },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[severity],
      precision: 'very-high',
      tags: ['security', f.kind, severity],
    },
  };
}

function result(f: Finding, ruleIndex: number, excepted: ExceptedFinding | undefined): SarifObject {
  const all = [f.location, ...(f.extraLocations ?? [])];
  const suppressions: SarifObject[] = [];
  if (f.suppressed)
    suppressions.push({
      kind: 'external',
      status: 'accepted',
      justification: limit(`${f.suppressed.source}${f.suppressed.reason ? `: ${f.suppressed.reason}` : ''}`, 1000),
    });
  if (excepted)
    suppressions.push({
      kind: 'external',
      status: 'accepted',
      justification: limit(`policy exception until ${excepted.exception.expires}: ${excepted.exception.reason}`, 1000),
    });
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: limit(resultMessage(f), 10_000) },
    locations: all.slice(0, MAX_LOCATIONS).map((loc) => location(f, loc)),
    partialFingerprints: { 'devsecopsFingerprint/v1': f.fingerprint },
    ...(suppressions.length ? { suppressions } : {}),
    properties: {
      severity: f.severity,
      ...(f.package
        ? {
            package: f.package.name,
            installedVersion: f.package.installedVersion,
            fixedVersion: f.package.fixedVersion,
          }
        : {}),
      ...(f.cvssScore !== undefined ? { cvssScore: f.cvssScore } : {}),
    },
  };
}

function location(f: Finding, loc: FindingLocation): SarifObject {
  if (loc.url) {
    return { physicalLocation: { artifactLocation: { uri: safeAbsoluteUri(loc.url) } } };
  }
  const path = loc.file ?? [loc.image ?? f.target, loc.imagePath].filter(Boolean).join('/');
  const region = loc.startLine
    ? {
        region: {
          startLine: loc.startLine,
          ...(loc.endLine && loc.endLine >= loc.startLine ? { endLine: loc.endLine } : {}),
        },
      }
    : {};
  return {
    physicalLocation: { artifactLocation: { uri: toRelativeUri(path), uriBaseId: '%SRCROOT%' }, ...region },
    ...(loc.image ? { message: { text: `in ${loc.image}${loc.imagePath ? ` at ${loc.imagePath}` : ''}` } } : {}),
  };
}

/**
 * A relative URI reference for any path or artifact name: each segment is
 * percent-encoded, so `alpine:3.10 (alpine 3.10.2)` becomes
 * `alpine%3A3.10%20(alpine%203.10.2)` and can never be read as a scheme.
 */
export function toRelativeUri(path: string): string {
  const segments = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  return (
    segments
      .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
      .join('/') || '.'
  );
}

function safeAbsoluteUri(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return toRelativeUri(url);
  }
}

function resultMessage(f: Finding): string {
  const lines = [f.title];
  if (f.package) {
    lines.push(`Package: ${f.package.name}${f.package.installedVersion ? ` ${f.package.installedVersion}` : ''}`);
    lines.push(f.package.fixedVersion ? `Fixed version: ${f.package.fixedVersion}` : 'Fixed version: none yet');
  }
  lines.push(`Severity: ${f.severity}`);
  if (f.location.image) lines.push(`Image: ${f.location.image}`);
  if (f.helpUri) lines.push(`Link: ${f.helpUri}`);
  return lines.join('\n');
}

function ruleTitle(f: Finding): string {
  return f.ruleTitle ?? f.title;
}

/** SARIF rule names are identifiers; derive one from the id. */
function ruleName(id: string): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') || 'Rule';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function limit(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
