import { imageReferenceProblem } from '../oci/reference.js';
import { imageDigest, imageRegistry } from './image-rules.js';
import { containerListLabel } from './pod-templates.js';
import type { ImageUse } from './prepare-manifests.js';

/*
 * The image rules a deploy enforces on what is about to run, after
 * substitution: every image pinned by digest (`require-digest`), and every
 * image from an allowed registry (`allowed-registries`). A reference that
 * is not a valid image reference is refused whenever either rule is on: it
 * cannot be checked.
 */

export interface ImagePolicy {
  readonly requireDigest: boolean;
  /** Registry host names, lower case (`docker.io` for Docker Hub); empty allows any. */
  readonly allowedRegistries: readonly string[];
}

export type ImageRefusalReason = 'invalid' | 'not-pinned' | 'registry';

export interface ImageRefusal {
  readonly use: ImageUse;
  readonly reason: ImageRefusalReason;
  /** Why, in words: `is not pinned by digest`. */
  readonly detail: string;
}

/** Every image the policy refuses, in manifest order (an image refused for several reasons once per reason). */
export function checkImagePolicy(images: readonly ImageUse[], policy: ImagePolicy): ImageRefusal[] {
  if (!policy.requireDigest && policy.allowedRegistries.length === 0) return [];
  const refusals: ImageRefusal[] = [];
  for (const use of images) {
    const problem = use.image === '' ? 'the container has no image' : imageReferenceProblem(use.image);
    if (problem !== undefined) {
      refusals.push({ use, reason: 'invalid', detail: `is not a valid image reference (${problem})` });
      continue;
    }
    if (policy.requireDigest && imageDigest(use.image) === undefined) {
      refusals.push({ use, reason: 'not-pinned', detail: 'is not pinned by digest' });
    }
    const registry = imageRegistry(use.image) ?? '';
    if (policy.allowedRegistries.length > 0 && !policy.allowedRegistries.includes(registry.toLowerCase())) {
      refusals.push({ use, reason: 'registry', detail: `comes from ${registry}, which is not an allowed registry` });
    }
  }
  return refusals;
}

/** `k8s/app.yaml:23: Deployment prod/web, init container 'migrate': 'nginx:1.27'`. */
export function describeImageUse(use: ImageUse): string {
  const object = use.namespace ? `${use.namespace}/${use.object}` : use.object;
  const image = use.image === '' ? '(no image)' : `'${use.image}'`;
  const substituted = use.rule !== undefined ? ` (substituted for '${use.original}')` : '';
  return `${use.source.label}:${use.line}: ${use.kind} ${object}, ${containerListLabel(use.list)} '${use.container}': ${image}${substituted}`;
}

/** One line naming every refused image and where it is, and what to do about it. */
export function imageRefusalMessage(refusals: readonly ImageRefusal[], policy: ImagePolicy): string {
  const parts: string[] = [];
  const group = (reason: ImageRefusalReason): ImageRefusal[] => refusals.filter((r) => r.reason === reason);
  const list = (items: ImageRefusal[]): string => items.map((r) => describeImageUse(r.use)).join('; ');
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  const invalid = group('invalid');
  const unpinned = group('not-pinned');
  const foreign = group('registry');
  if (unpinned.length > 0) {
    parts.push(
      `${plural(unpinned.length, 'image is', 'images are')} not pinned by digest (require-digest): ${list(unpinned)}; pin them with the 'images' input (name=registry/repository@sha256:…) or in the manifests`,
    );
  }
  if (foreign.length > 0) {
    parts.push(
      `${plural(foreign.length, 'image comes', 'images come')} from a registry outside allowed-registries (${policy.allowedRegistries.join(', ')}): ${foreign.map((r) => `${describeImageUse(r.use)} from ${imageRegistry(r.use.image) ?? '?'}`).join('; ')}`,
    );
  }
  if (invalid.length > 0) {
    parts.push(
      `${plural(invalid.length, 'image is', 'images are')} not a valid image reference and cannot be checked: ${invalid.map((r) => `${describeImageUse(r.use)} ${r.detail}`).join('; ')}`,
    );
  }
  return `deploy refused before contacting the cluster: ${parts.join('. ')}`;
}
