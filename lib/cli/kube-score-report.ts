import type { Finding, FindingLocation, Severity } from '../findings/finding.js';
import { fingerprint } from '../findings/fingerprint.js';
import { locateManifestObjects, type ManifestObjectPosition } from '../k8s/manifest-positions.js';
import { OperationError } from '../runtime/errors.js';

/*
 * Parser of kube-score's JSON report (`kube-score score --output-format json`,
 * output version v2, the default): a top-level array of scored objects, each
 * with its checks, their grade and comments, and the file and row kube-score
 * read the object from. `null` is what kube-score prints when the input held
 * no object it scores. Anything else is refused: a report that cannot be read
 * must never turn into "zero findings".
 *
 * One finding per comment of a failing check (a failing check without
 * comments is one finding). Grades: 1 critical -> high, 5 warning -> medium,
 * 7 almost OK -> low; 10 (all OK) and skipped checks (among them those a
 * `kube-score/ignore` annotation turned off) are not findings.
 *
 * Positions: kube-score's `file_row` is 1-based and points at the first line
 * of the object's YAML document (the line after its `---`, which may be a
 * comment); for Helm output (`# Source:` first line) it names the chart
 * template and row 1. So when the manifest text is available, the object is
 * found in it by kind, namespace and name, and a finding points at the
 * object's first key, or at the `name:` line of the container (or init
 * container) its comment names. Without the text, `file_row` is used as is.
 */

/** kube-score's documentation of every check (there is one page; checks have no anchors). */
export const KUBE_SCORE_CHECKS_DOC = 'https://github.com/zegl/kube-score/blob/master/README_CHECKS.md';

/** A manifest that objects of the report were read from. */
export interface ManifestSource {
  /** Workspace-relative path (`/` separators) that findings point at; undefined when it is not in the workspace. */
  readonly file?: string;
  /** How findings name it (their `target`): the workspace-relative path, or the path as it is. */
  readonly label: string;
  /** Its text, to find objects and containers in; without it, kube-score's row is used. */
  readonly text?: string;
  /**
   * The file was matched by a guess (the tail of a path from another machine):
   * findings point into it only for objects that are really found in it.
   */
  readonly guessed?: boolean;
}

export interface KubeScoreParseOptions {
  /** The manifest behind a report's `file_name` (undefined: not available). */
  readonly source?: (fileName: string) => ManifestSource | undefined;
}

export interface KubeScoreReport {
  /** Scored objects in the report. */
  readonly objects: number;
  readonly findings: Finding[];
}

type Json = Record<string, unknown>;

const GRADE_CRITICAL = 1;
const GRADE_WARNING = 5;
const GRADE_ALL_OK = 10;

export function parseKubeScoreReport(text: string | unknown, options: KubeScoreParseOptions = {}): KubeScoreReport {
  let doc: unknown;
  if (typeof text === 'string') {
    if (text.trim() === '') throw new OperationError('the kube-score report is empty');
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new OperationError(`the kube-score report is not valid JSON: ${(error as Error).message}`);
    }
  } else {
    doc = text;
  }
  if (doc === null) return { objects: 0, findings: [] };
  if (!Array.isArray(doc)) throw new OperationError(notAReport(doc));

  const located = new Map<ManifestSource, ManifestObjectPosition[]>();
  const positionsOf = (source: ManifestSource): ManifestObjectPosition[] => {
    let positions = located.get(source);
    if (!positions) {
      positions = source.text === undefined ? [] : locateManifestObjects(source.text);
      located.set(source, positions);
    }
    return positions;
  };

  const findings: Finding[] = [];
  const seen = new Map<string, number>();
  doc.forEach((raw, index) => {
    if (!isObject(raw)) throw new OperationError(`the kube-score report's item ${index} is not an object`);
    const object = readObject(raw, index);
    const source = object.fileName ? options.source?.(object.fileName) : undefined;
    const position = source ? findObject(positionsOf(source), object, source.text) : undefined;
    for (const check of object.checks) {
      for (const f of checkFindings(object, check, source, position)) {
        // The same comment twice on one object keeps distinct fingerprints.
        const n = seen.get(f.fingerprint) ?? 0;
        seen.set(f.fingerprint, n + 1);
        findings.push(n === 0 ? f : { ...f, fingerprint: fingerprint([f.fingerprint, n]) });
      }
    }
  });
  return { objects: doc.length, findings };
}

interface ScoredObject {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly fileName?: string;
  readonly fileRow?: number;
  readonly checks: readonly ScoredCheck[];
}

interface ScoredCheck {
  readonly id: string;
  readonly name: string;
  readonly comment?: string;
  readonly grade: number;
  readonly skipped: boolean;
  readonly comments: readonly CheckComment[];
}

interface CheckComment {
  readonly path?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly documentationUrl?: string;
}

function readObject(raw: Json, index: number): ScoredObject {
  const typeMeta = isObject(raw['type_meta']) ? raw['type_meta'] : {};
  const objectMeta = isObject(raw['object_meta']) ? raw['object_meta'] : {};
  const kind = str(typeMeta['kind']);
  const name = str(objectMeta['name']) ?? str(objectMeta['generateName']) ?? '';
  if (!kind || raw['checks'] === undefined) {
    throw new OperationError(
      `the kube-score report's item ${index} has no type_meta.kind or no checks: is it kube-score JSON output version v2?`,
    );
  }
  const where = `${kind} ${name}`;
  const checks = list(raw['checks'], `${where}: checks`).map((c, i) => readCheck(c, `${where}: checks[${i}]`));
  const row = raw['file_row'];
  return {
    ...(str(typeMeta['apiVersion']) ? { apiVersion: str(typeMeta['apiVersion']) } : {}),
    kind,
    name,
    ...(str(objectMeta['namespace']) ? { namespace: str(objectMeta['namespace']) } : {}),
    ...(str(raw['file_name']) ? { fileName: str(raw['file_name']) } : {}),
    ...(typeof row === 'number' && Number.isInteger(row) && row > 0 ? { fileRow: row } : {}),
    checks,
  };
}

function readCheck(raw: unknown, where: string): ScoredCheck {
  if (!isObject(raw) || !isObject(raw['check']))
    throw new OperationError(`the kube-score report's ${where} is not a check`);
  const check = raw['check'];
  const id = str(check['id']);
  const grade = raw['grade'];
  if (!id) throw new OperationError(`the kube-score report's ${where} has no check id`);
  if (typeof grade !== 'number' || !Number.isFinite(grade)) {
    throw new OperationError(`the kube-score report's ${where} (${id}) has no numeric grade`);
  }
  return {
    id,
    name: str(check['name']) ?? id,
    ...(str(check['comment']) ? { comment: str(check['comment']) } : {}),
    grade,
    skipped: raw['skipped'] === true,
    comments: list(raw['comments'], `${where}.comments`)
      .filter(isObject)
      .map((c) => ({
        ...(str(c['path']) ? { path: str(c['path']) } : {}),
        ...(str(c['summary']) ? { summary: str(c['summary']) } : {}),
        ...(str(c['description']) ? { description: str(c['description']) } : {}),
        ...(str(c['documentation_url']) ? { documentationUrl: str(c['documentation_url']) } : {}),
      })),
  };
}

function severityOf(grade: number): Severity | undefined {
  if (grade >= GRADE_ALL_OK) return undefined;
  if (grade <= GRADE_CRITICAL) return 'high';
  if (grade <= GRADE_WARNING) return 'medium';
  return 'low';
}

function checkFindings(
  object: ScoredObject,
  check: ScoredCheck,
  source: ManifestSource | undefined,
  position: ManifestObjectPosition | undefined,
): Finding[] {
  const severity = severityOf(check.grade);
  if (check.skipped || !severity) return [];
  const comments: CheckComment[] = check.comments.length ? [...check.comments] : [{}];
  return comments.map((comment) => {
    const summary = comment.summary ?? check.name;
    const container = position ? containerOf(position, comment) : undefined;
    const line = container?.line ?? position?.line ?? object.fileRow;
    const pointsIntoFile = source?.file !== undefined && (!source.guessed || position !== undefined);
    const location: FindingLocation = {
      ...(pointsIntoFile ? { file: source!.file } : {}),
      ...(line ? { startLine: line } : {}),
    };
    const ref = `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
    const subject = container
      ? `, ${container.init ? 'init container' : 'container'} ${container.name}`
      : comment.path
        ? `, ${comment.path}`
        : '';
    return {
      tool: 'kube-score',
      kind: 'manifest',
      ruleId: check.id,
      severity,
      title: `${summary} (${ref}${subject})`,
      ruleTitle: check.name,
      description: [check.comment ?? check.name, comment.description].filter(Boolean).join('\n\n'),
      remediation: comment.description ?? summary,
      helpUri: comment.documentationUrl ?? KUBE_SCORE_CHECKS_DOC,
      target: pointsIntoFile ? source!.file! : source && !source.guessed ? source.label : (object.fileName ?? ref),
      location,
      // No line numbers: unrelated edits move them. The object, container and message anchor the finding.
      fingerprint: fingerprint([
        'kube-score',
        check.id,
        object.kind,
        object.namespace,
        object.name,
        container?.name ?? comment.path,
        summary,
      ]),
    } satisfies Finding;
  });
}

/** The container a comment is about: kube-score names it in `path`, some checks only in the summary. */
function containerOf(
  position: ManifestObjectPosition,
  comment: CheckComment,
): { name: string; line: number; init: boolean } | undefined {
  const all = [
    ...position.containers.map((c) => ({ ...c, init: false })),
    ...position.initContainers.map((c) => ({ ...c, init: true })),
  ];
  if (comment.path) {
    const byPath = all.find((c) => c.name === comment.path);
    if (byPath) return { name: byPath.name, line: byPath.line, init: byPath.init };
    return undefined;
  }
  const summary = comment.summary ?? '';
  const named = all.filter((c) =>
    [`"${c.name}"`, `'${c.name}'`, `(${c.name})`, `container ${c.name}`].some((form) => summary.includes(form)),
  );
  const only = named.length === 1 ? named[0]! : undefined;
  return only ? { name: only.name, line: only.line, init: only.init } : undefined;
}

/**
 * The object in its file: by kind, namespace and name (and apiVersion when
 * both have it); among duplicates, the one whose document starts at
 * kube-score's row.
 */
function findObject(
  positions: readonly ManifestObjectPosition[],
  object: ScoredObject,
  text: string | undefined,
): ManifestObjectPosition | undefined {
  const candidates = positions.filter(
    (p) =>
      p.kind === object.kind &&
      (p.name ?? '') === object.name &&
      (p.namespace ?? '') === (object.namespace ?? '') &&
      (!p.apiVersion || !object.apiVersion || p.apiVersion === object.apiVersion),
  );
  if (candidates.length <= 1 || object.fileRow === undefined || text === undefined) return candidates[0];
  const rows = kubeScoreRows(text);
  const rowOf = (p: ManifestObjectPosition): number => rows.filter((r) => r <= p.line).pop() ?? 1;
  return candidates.find((p) => rowOf(p) === object.fileRow) ?? candidates[0];
}

/**
 * The rows kube-score reports for the documents of a file: it splits on
 * `\n---\n` after dropping a leading `---\n`, and counts lines from 1.
 */
export function kubeScoreRows(text: string): number[] {
  let body = text.replace(/\r\n/g, '\n');
  let row = 1;
  if (body.startsWith('---\n')) {
    body = body.slice(4);
    row = 2;
  }
  const rows: number[] = [];
  for (const chunk of body.split('\n---\n')) {
    if (chunk.trim() !== '') rows.push(row);
    row += 2 + (chunk.match(/\n/g)?.length ?? 0);
  }
  return rows;
}

function notAReport(doc: unknown): string {
  if (isObject(doc) && Array.isArray(doc['runs'])) {
    return 'the file is SARIF, not a kube-score JSON report: run kube-score with --output-format json';
  }
  if (isObject(doc) && Object.values(doc).some((v) => isObject(v) && 'TypeMeta' in v)) {
    return 'the kube-score report is JSON output version v1, which is not supported: run kube-score with --output-format json (output version v2, its default)';
  }
  return 'the file is not a kube-score JSON report: expected a list of scored objects';
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function list(value: unknown, where: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OperationError(`the kube-score report's ${where} is not a list`);
  return value;
}
