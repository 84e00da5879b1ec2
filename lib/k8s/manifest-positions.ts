import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type YAMLMap } from 'yaml';

/*
 * Where Kubernetes objects and their containers are in a manifest file, as
 * 1-based line numbers: for findings that point at the right line (kube-score
 * reports only the object) and for tools that edit manifests (deploy-aks
 * substitutes images). Every YAML document of the file is read, whatever its
 * separators (`---`, `--- # comment`, empty documents) and comments; a `List`
 * contributes each of its items.
 */

/** One container or init container of an object's pod template. */
export interface ContainerPosition {
  readonly name: string;
  /** 1-based line of the container's `name:` key (the `- name: …` line in the usual layout). */
  readonly line: number;
  readonly image?: string;
  /** 1-based line of its `image:` key. */
  readonly imageLine?: number;
}

/** One Kubernetes object of a manifest file. */
export interface ManifestObjectPosition {
  /** Index of the YAML document in the file (0-based, empty documents counted). */
  readonly document: number;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  /** 1-based line of the object's first key. */
  readonly line: number;
  /** 1-based line of the object's last content. */
  readonly endLine: number;
  readonly containers: readonly ContainerPosition[];
  readonly initContainers: readonly ContainerPosition[];
}

/** Where the pod spec is, by kind; other kinds are tried in the same order. */
const POD_SPEC_PATHS: readonly (readonly string[])[] = [
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'], // CronJob
  ['spec', 'template', 'spec'], // Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, ReplicationController
  ['spec'], // Pod
];

/** Every object of every document in `text`, in file order. A YAML error loses only the document it breaks. */
export function locateManifestObjects(text: string): ManifestObjectPosition[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  const line = (offset: number): number => lineCounter.linePos(offset).line;
  const objects: ManifestObjectPosition[] = [];
  docs.forEach((doc, index) => {
    const root = doc.contents;
    // A document YAML cannot read has no reliable positions (and no scanner reads it either).
    if (!isMap(root) || doc.errors.length > 0) return;
    const items = stringAt(root, ['kind']) === 'List' ? root.get('items', true) : undefined;
    if (isSeq(items)) {
      for (const item of items.items) if (isMap(item)) objects.push(describe(item, index, line));
      return;
    }
    objects.push(describe(root, index, line));
  });
  return objects;
}

function describe(obj: YAMLMap, document: number, line: (offset: number) => number): ManifestObjectPosition {
  const range = obj.range ?? [0, 0, 0];
  const spec = podSpec(obj);
  return {
    document,
    ...optional('apiVersion', stringAt(obj, ['apiVersion'])),
    ...optional('kind', stringAt(obj, ['kind'])),
    ...optional('name', stringAt(obj, ['metadata', 'name'])),
    ...optional('namespace', stringAt(obj, ['metadata', 'namespace'])),
    line: line(range[0]),
    endLine: line(Math.max(range[0], range[1] - 1)),
    containers: spec ? containersOf(spec, 'containers', line) : [],
    initContainers: spec ? containersOf(spec, 'initContainers', line) : [],
  };
}

function podSpec(obj: YAMLMap): YAMLMap | undefined {
  for (const keys of POD_SPEC_PATHS) {
    const node = obj.getIn([...keys], true);
    if (isMap(node) && (node.has('containers') || node.has('initContainers'))) return node;
  }
  return undefined;
}

function containersOf(spec: YAMLMap, key: string, line: (offset: number) => number): ContainerPosition[] {
  const list = spec.get(key, true);
  if (!isSeq(list)) return [];
  const found: ContainerPosition[] = [];
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const name = scalarPair(item, 'name');
    if (!name) continue;
    const image = scalarPair(item, 'image');
    found.push({
      name: name.value,
      line: line(name.keyOffset),
      ...(image ? { image: image.value, imageLine: line(image.keyOffset) } : {}),
    });
  }
  return found;
}

/** A scalar value of `key` in map, with the offset of the key itself. */
function scalarPair(map: YAMLMap, key: string): { value: string; keyOffset: number } | undefined {
  for (const pair of map.items) {
    const k = pair.key as Node | null;
    if (!isScalar(k) || k.value !== key) continue;
    const v = pair.value as Node | null;
    if (!isScalar(v) || v.value === null || v.value === undefined) return undefined;
    return { value: String(v.value), keyOffset: k.range?.[0] ?? 0 };
  }
  return undefined;
}

function stringAt(map: YAMLMap, keys: readonly string[]): string | undefined {
  const value = map.getIn([...keys]);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
