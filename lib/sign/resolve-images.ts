import * as core from '@actions/core';
import { isLoopbackHost, parseImageReference, pinnedReference } from '../oci/reference.js';
import { RegistryClient } from '../oci/registry-client.js';
import { registryCredentials } from '../oci/registry-credentials.js';

/*
 * Every image is named by its digest before anything is signed or verified:
 * a tag is resolved at the registry (the docker config's credentials, as
 * notation will use them), and a reference that already carries a digest is
 * checked to exist there. Only `registry/repository@sha256:…` goes further.
 */

export interface ResolvedImage {
  /** The reference as given. */
  readonly input: string;
  readonly registry: string;
  readonly repository: string;
  /** The tag that was resolved, when the reference had one and no digest. */
  readonly tag?: string;
  readonly digest: string;
  /** `registry/repository@sha256:…` */
  readonly pinned: string;
  readonly mediaType: string;
  /** The registry is on loopback (plain HTTP). */
  readonly loopback: boolean;
}

export interface ResolveOptions {
  /** Per registry request. */
  readonly timeoutMs?: number;
  /** For tests: the client of a registry. */
  readonly client?: (registry: string) => RegistryClient;
}

/**
 * Resolves each reference, in order. References that name the same digest
 * are kept once (the first), so an image is never signed twice in one step.
 */
export async function resolveImages(
  references: readonly string[],
  options: ResolveOptions = {},
): Promise<ResolvedImage[]> {
  const clients = new Map<string, RegistryClient>();
  const clientFor = (registry: string): RegistryClient => {
    let client = clients.get(registry);
    if (!client) {
      if (options.client) {
        client = options.client(registry);
      } else {
        const creds = registryCredentials(registry, undefined);
        core.info(`registry ${registry}: ${creds ? `credentials from ${creds.origin}` : 'anonymous'}`);
        client = new RegistryClient(registry, {
          ...(creds ? { credentials: creds.credentials } : {}),
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        });
      }
      clients.set(registry, client);
    }
    return client;
  };

  const resolved: ResolvedImage[] = [];
  for (const input of references) {
    const ref = parseImageReference(input);
    const wanted = ref.digest ?? ref.tag ?? 'latest';
    const descriptor = await clientFor(ref.registry).resolve(ref.repository, wanted);
    const pinned = pinnedReference(ref, descriptor.digest);
    if (ref.digest) core.info(`${input}: found in the registry`);
    else core.info(`${input}: resolved to ${pinned}`);
    if (resolved.some((r) => r.pinned === pinned)) {
      core.info(`${input} names the same image as an earlier reference; it is handled once`);
      continue;
    }
    resolved.push({
      input,
      registry: ref.registry,
      repository: ref.repository,
      ...(ref.digest ? {} : { tag: wanted }),
      digest: descriptor.digest,
      pinned,
      mediaType: descriptor.mediaType,
      loopback: isLoopbackHost(ref.registry),
    });
  }
  return resolved;
}
