/**
 * OCI / Docker image references, parsed and normalised the way the Docker
 * distribution grammar defines them:
 *
 *   reference := [domain "/"] path [":" tag] ["@" digest]
 *
 * The first path component is a registry domain when it contains "." or ":",
 * is "localhost", or is a bracketed IPv6 address; otherwise the image lives on
 * Docker Hub, where single-component names get the "library/" namespace.
 */
export interface ImageReference {
  /** Registry host with optional port, e.g. `myacr.azurecr.io`, `127.0.0.1:5000`, `docker.io`. */
  readonly registry: string;
  /** Repository path, e.g. `library/alpine`, `team/app`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` when the reference is pinned by digest. */
  readonly digest?: string;
}

export const DOCKER_HUB = 'docker.io';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const DOMAIN =
  /^(?:\[[0-9a-fA-F:.]+\]|(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*)(?::[0-9]+)?$/;

/** Why a string is not an image reference, or undefined when it is one. */
export function imageReferenceProblem(text: string): string | undefined {
  try {
    parseImageReference(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function parseImageReference(text: string): ImageReference {
  const input = text.trim();
  if (input === '') throw new Error('an image reference is empty');
  if (input.length > 4096) throw new Error('an image reference is longer than 4096 characters');

  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new Error(`digest '${digest}' is not sha256:<64 lower-case hex>`);
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) throw new Error(`tag '${tag}' is not a valid tag`);
  }

  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  const first = parts[0] ?? '';
  if (
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['))
  ) {
    if (!DOMAIN.test(first)) throw new Error(`registry '${first}' is not a valid host[:port]`);
    registry = first === 'index.docker.io' || first === 'registry-1.docker.io' ? DOCKER_HUB : first;
    parts.shift();
  }
  if (parts.length === 0 || parts.some((p) => !PATH_COMPONENT.test(p))) {
    throw new Error(`repository '${parts.join('/')}' must be lower-case path components (a-z, 0-9, '.', '_', '-')`);
  }
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  if (registry.length + 1 + repository.length > 255)
    throw new Error('the repository name is longer than 255 characters');

  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** The canonical string: `registry/repository[:tag][@digest]`. */
export function formatImageReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** `registry/repository@digest`, the only form that names exactly one image. */
export function pinnedReference(ref: ImageReference, digest: string): string {
  return `${ref.registry}/${ref.repository}@${digest}`;
}

/** Registries on loopback are reached over plain HTTP, as Docker does; every other one only over TLS. */
export function isLoopbackHost(hostWithPort: string): boolean {
  const host = hostWithPort.startsWith('[')
    ? hostWithPort.slice(1, hostWithPort.indexOf(']'))
    : (hostWithPort.split(':')[0] ?? '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
