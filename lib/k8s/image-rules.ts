import { parseImageReference } from '../oci/reference.js';

/*
 * Which `images` line applies to a container's image. The rule, as
 * Azure/k8s-deploy and kustomize's `images:` apply it (an image is named by
 * its repository, whatever its tag or digest), with Docker's reading of
 * names so that the same image written two ways is one image:
 *
 * - The image's tag and digest never matter: `app` matches `app`,
 *   `app:1.0`, `app@sha256:…` and `app:1.0@sha256:…`.
 * - A name without a registry matches that repository in any registry:
 *   `team/app` matches `team/app:1.0` and `myacr.azurecr.io/team/app:1.0`;
 *   `app` matches `app`, `docker.io/library/app` and `myacr.azurecr.io/app`
 *   (Docker Hub's implicit `library/` is ignored on both sides).
 * - A name with a registry (`myacr.azurecr.io/team/app`) matches only that
 *   registry's repository; such a line wins over one without a registry.
 * - A manifest image that is not a valid reference (a template left
 *   unrendered, upper-case letters) matches only a name equal to its text up
 *   to the tag or digest.
 */

/** One `images` line: manifests' images named `name` become `image`. */
export interface ImageRule {
  /** The name as given, without tag or digest: `app`, `team/app`, `myacr.azurecr.io/team/app`. */
  readonly name: string;
  /** The image it becomes, pinned by digest. */
  readonly image: string;
}

interface ImageName {
  /** Set only when the name spells out a registry. */
  readonly registry?: string;
  /** The repository path; for Docker Hub without its `library/` namespace. */
  readonly path: string;
}

/** A name's registry (when written) and repository path, or undefined when it is not a valid image name. */
export function parseImageName(text: string): ImageName | undefined {
  let parsed;
  try {
    parsed = parseImageReference(text);
  } catch {
    return undefined;
  }
  const first = text.trim().split('/')[0] ?? '';
  const explicit =
    text.includes('/') &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['));
  return {
    ...(explicit ? { registry: parsed.registry } : {}),
    path: withoutLibrary(parsed.registry, parsed.repository),
  };
}

function withoutLibrary(registry: string, repository: string): string {
  return repository.startsWith('library/') && registry === 'docker.io'
    ? repository.slice('library/'.length)
    : repository;
}

/** The text of an image up to its tag or digest (for images that are not valid references). */
function rawName(image: string): string {
  const noDigest = image.trim().split('@')[0] ?? '';
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** Whether the rule named `name` applies to a container's `image`. */
export function imageNameMatches(name: string, image: string): boolean {
  const rule = parseImageName(name);
  let target;
  try {
    target = parseImageReference(image);
  } catch {
    return rawName(image) === name.trim();
  }
  if (!rule) return false;
  if (rule.registry !== undefined) {
    return rule.registry === target.registry && rule.path === withoutLibrary(target.registry, target.repository);
  }
  return rule.path === withoutLibrary(target.registry, target.repository);
}

/** The rule for an image: one naming a registry first, then one without. */
export function findImageRule(rules: readonly ImageRule[], image: string): ImageRule | undefined {
  const withRegistry = rules.filter((r) => parseImageName(r.name)?.registry !== undefined);
  const without = rules.filter((r) => parseImageName(r.name)?.registry === undefined);
  return [...withRegistry, ...without].find((r) => imageNameMatches(r.name, image));
}

/** The registry an image is pulled from (`docker.io` for Docker Hub), or undefined when it is not a valid reference. */
export function imageRegistry(image: string): string | undefined {
  try {
    return parseImageReference(image).registry;
  } catch {
    return undefined;
  }
}

/** The digest an image is pinned by, or undefined (a tag only, or not a valid reference). */
export function imageDigest(image: string): string | undefined {
  try {
    return parseImageReference(image).digest;
  } catch {
    return undefined;
  }
}
