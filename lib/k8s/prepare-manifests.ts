import { ConfigurationError } from '../runtime/errors.js';
import { findImageRule, type ImageRule } from './image-rules.js';
import {
  parseManifestObjects,
  stringifyManifestObjects,
  type ManifestObject,
  type ManifestSource,
} from './manifest-documents.js';
import { containersOf, type ContainerList } from './pod-templates.js';

/*
 * What deploy-aks applies, made from the manifests before anything talks to
 * a cluster: every object read with its source line, the `images` lines
 * substituted into every container, init container and ephemeral container
 * (see image-rules.ts for which line applies), the run's annotations added
 * to every object's metadata (not to pod templates: a new run alone must not
 * restart pods), and one YAML stream for a single `kubectl apply`.
 */

export interface PrepareOptions {
  readonly rules: readonly ImageRule[];
  /** Added to (or replacing keys of) every object's `metadata.annotations`. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The `namespace` input: objects that name another namespace are refused (kubectl would refuse them later). */
  readonly namespace?: string;
}

/** One object to apply. */
export interface PreparedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** As the manifest gives it. */
  readonly namespace?: string;
  readonly source: ManifestSource;
  readonly line: number;
  /** The object as it will be applied. */
  readonly value: Record<string, unknown>;
}

/** One container's image, before and after substitution, and where it is. */
export interface ImageUse {
  readonly source: ManifestSource;
  /** 1-based line of the container's `image:` in its source (or of the container). */
  readonly line: number;
  readonly kind: string;
  readonly object: string;
  readonly namespace?: string;
  readonly list: ContainerList;
  readonly container: string;
  /** As the manifest has it ('' when the container has none). */
  readonly original: string;
  /** As it will be applied. */
  readonly image: string;
  /** The `images` name that replaced it. */
  readonly rule?: string;
}

export interface PreparedManifests {
  readonly objects: readonly PreparedObject[];
  readonly images: readonly ImageUse[];
  /** `images` lines that matched no container: most likely a misspelt name. */
  readonly unusedRules: readonly ImageRule[];
  /** The objects as one YAML stream, for apply. */
  readonly text: string;
}

export function prepareManifests(sources: readonly ManifestSource[], options: PrepareOptions): PreparedManifests {
  const objects: PreparedObject[] = [];
  const images: ImageUse[] = [];
  const used = new Set<string>();
  for (const source of sources) {
    for (const object of parseManifestObjects(source)) {
      const prepared = prepareObject(object, options);
      objects.push(prepared);
      for (const use of substituteImages(object, prepared, options.rules)) {
        images.push(use);
        if (use.rule !== undefined) used.add(use.rule);
      }
      annotate(object.value, options.annotations);
    }
  }
  if (objects.length === 0) {
    throw new ConfigurationError(
      `the manifests (${sources.map((s) => s.label).join(', ')}) hold no Kubernetes object to deploy`,
    );
  }
  return {
    objects,
    images,
    unusedRules: options.rules.filter((r) => !used.has(r.name)),
    text: stringifyManifestObjects(objects.map((o) => o.value)),
  };
}

function prepareObject(object: ManifestObject, options: PrepareOptions): PreparedObject {
  const where = `${object.source.label}:${object.line}`;
  const value = object.value;
  const kind = value['kind'] as string;
  const metadata = value['metadata'];
  const meta =
    metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
  const name = meta['name'];
  if (typeof name !== 'string' || name === '') {
    const generated = typeof meta['generateName'] === 'string' ? ' (generateName cannot be applied)' : '';
    throw new ConfigurationError(`${where}: the ${kind} has no metadata.name${generated}`);
  }
  const namespace = typeof meta['namespace'] === 'string' && meta['namespace'] !== '' ? meta['namespace'] : undefined;
  if (options.namespace !== undefined && namespace !== undefined && namespace !== options.namespace) {
    throw new ConfigurationError(
      `${where}: the ${kind} '${name}' names namespace '${namespace}', but input 'namespace' is '${options.namespace}'; remove one of them`,
    );
  }
  return {
    apiVersion: value['apiVersion'] as string,
    kind,
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    source: object.source,
    line: object.line,
    value,
  };
}

function substituteImages(object: ManifestObject, prepared: PreparedObject, rules: readonly ImageRule[]): ImageUse[] {
  return containersOf(object.value).map((ref) => {
    const original = typeof ref.container['image'] === 'string' ? ref.container['image'] : '';
    const rule = original === '' ? undefined : findImageRule(rules, original);
    if (rule) ref.container['image'] = rule.image;
    const line = object.lineAt([...ref.path, 'image']) ?? object.lineAt(ref.path) ?? object.line;
    return {
      source: object.source,
      line,
      kind: prepared.kind,
      object: prepared.name,
      ...(prepared.namespace !== undefined ? { namespace: prepared.namespace } : {}),
      list: ref.list,
      container: ref.name,
      original,
      image: rule ? rule.image : original,
      ...(rule ? { rule: rule.name } : {}),
    };
  });
}

function annotate(value: Record<string, unknown>, annotations: Readonly<Record<string, string>>): void {
  if (Object.keys(annotations).length === 0) return;
  const metadata = value['metadata'] as Record<string, unknown>;
  const existing = metadata['annotations'];
  const current = existing && typeof existing === 'object' && !Array.isArray(existing) ? existing : {};
  metadata['annotations'] = { ...current, ...annotations };
}
