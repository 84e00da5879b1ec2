import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, stringify, type Node, type Tags } from 'yaml';
import { ConfigurationError } from '../runtime/errors.js';

/*
 * Kubernetes objects read from manifest text the way kubectl reads them, each
 * with a way back to its source lines, and written out again for apply.
 *
 * kubectl reads YAML 1.1 (sigs.k8s.io/yaml over go-yaml v2): `yes`, `on`
 * and `y` are booleans, `0777` is octal. The objects are read with the same
 * scalars (YAML 1.1, minus the sexagesimal numbers and timestamps go-yaml
 * leaves as strings, so `10:30` in a ConfigMap stays `10:30`), edited as
 * plain values, and written as YAML 1.1 that quotes every string another
 * reader could take for something else. What is applied is therefore what
 * kubectl would have read from the original file, plus the edits.
 */

/** A text of manifests and how to name it in messages. */
export interface ManifestSource {
  /** How messages name it: a workspace-relative path, or the rendered file. */
  readonly label: string;
  /** The workspace-relative path, when the text is a file in the workspace (annotations point at it). */
  readonly file?: string;
  readonly text: string;
}

export type PathSegment = string | number;

/** One Kubernetes object (a document, or an item of a `kind: List`). */
export interface ManifestObject {
  readonly source: ManifestSource;
  /** 1-based line of the object's first key. */
  readonly line: number;
  /** The object as kubectl reads it; edits to it are what gets applied. */
  readonly value: Record<string, unknown>;
  /** 1-based line of the node at a path inside the object; undefined when it has none (absent, or via an alias or merge). */
  lineAt(path: readonly PathSegment[]): number | undefined;
}

/** YAML 1.1 as go-yaml v2 resolves plain scalars: no sexagesimal numbers, no timestamps. */
export const kubectlTags = (tags: Tags): Tags =>
  tags.filter((t) => {
    if (typeof t !== 'object') return true;
    return t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME';
  });

/**
 * Every object in a manifest text, in order. Empty documents are skipped; a
 * document YAML cannot read, that is not a mapping, or that lacks
 * `apiVersion` or `kind` is refused with its line.
 */
export function parseManifestObjects(source: ManifestSource): ManifestObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(source.text, { version: '1.1', customTags: kubectlTags, lineCounter });
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  const objects: ManifestObject[] = [];
  // A stream of only comments parses as an empty array.
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const error = doc.errors[0];
    if (error) {
      const line = lineOf(error.pos[0]);
      throw new ConfigurationError(`${source.label}:${line}: not valid YAML: ${firstLine(error.message)}`);
    }
    const root = doc.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) continue;
    const docLine = lineOf(root.range?.[0] ?? 0);
    if (!isMap(root)) {
      throw new ConfigurationError(`${source.label}:${docLine}: a document is not a Kubernetes object (a mapping)`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      throw new ConfigurationError(`${source.label}:${docLine}: ${firstLine((error as Error).message)}`);
    }
    const object = value as Record<string, unknown>;
    const at =
      (base: readonly PathSegment[]) =>
      (path: readonly PathSegment[]): number | undefined => {
        const range = rangeOf(root.getIn([...base, ...path], true));
        return range ? lineOf(range[0]) : undefined;
      };
    if (object['kind'] === 'List' && Array.isArray(object['items'])) {
      const itemsNode = root.get('items', true);
      object['items'].forEach((item, index) => {
        const range = rangeOf(isSeq(itemsNode) ? itemsNode.items[index] : undefined);
        const itemLine = range ? lineOf(range[0]) : docLine;
        objects.push(checked(source, itemLine, item, at(['items', index])));
      });
      continue;
    }
    objects.push(checked(source, docLine, object, at([])));
  }
  return objects;
}

function checked(
  source: ManifestSource,
  line: number,
  value: unknown,
  lineAt: (path: readonly PathSegment[]) => number | undefined,
): ManifestObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigurationError(`${source.label}:${line}: a List item is not a Kubernetes object (a mapping)`);
  }
  const object = value as Record<string, unknown>;
  for (const key of ['apiVersion', 'kind'] as const) {
    if (typeof object[key] !== 'string' || object[key] === '') {
      throw new ConfigurationError(`${source.label}:${line}: the object has no ${key}`);
    }
  }
  return { source, line, value: object, lineAt };
}

function rangeOf(node: unknown): readonly [number, number, number] | undefined {
  if (!node || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as Node).range;
  return range ?? undefined;
}

/** The first line of the YAML parser's message, without its own `at line 4, column 9:` (the label gives the line). */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\s*at line \d+, column \d+:?\s*$/, '').trim();
}

/** Objects as one multi-document YAML 1.1 stream, each string quoted where a YAML 1.1 reader could misread it. */
export function stringifyManifestObjects(objects: readonly Record<string, unknown>[]): string {
  return objects.map((o) => stringify(o, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
