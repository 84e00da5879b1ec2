import { OperationError } from '../runtime/errors.js';
import { referrersTag, sha256Digest } from './digest.js';
import {
  ANNOTATION_CREATED,
  ANNOTATION_TITLE,
  type Descriptor,
  EMPTY_JSON,
  type ImageIndex,
  OCI_EMPTY,
  OCI_INDEX,
  OCI_MANIFEST,
} from './media-types.js';
import type { RegistryClient } from './registry-client.js';

/*
 * Attaching artifacts to an image as OCI referrers (distribution spec 1.1):
 * an image manifest whose `subject` is the image and whose `artifactType`
 * says what it holds, with the empty config and the file as its one layer.
 * Registries with the referrers API index it themselves; for the others the
 * client maintains the referrers tag schema: an index tagged
 * `sha256-<hex of the subject digest>` listing every referrer. That index is
 * read, merged and written back. Registries need not honour If-Match (it is
 * sent when they give an ETag), so a concurrent writer is also detected by
 * re-reading the index just before the write and checking, a moment after it,
 * that the entry is still there; the merge is retried until it is, so two
 * attachments do not lose each other.
 */

export interface AttachRequest {
  readonly repository: string;
  /** The image the artifact refers to. */
  readonly subject: Descriptor;
  readonly artifactType: string;
  readonly content: Buffer;
  /** The file name stored as the layer's title. */
  readonly fileName: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface AttachResult {
  /** The descriptor of the artifact manifest. */
  readonly descriptor: Descriptor;
  /** How the registry learns about it. */
  readonly via: 'referrers-api' | 'tag-schema';
}

export interface AttachOptions {
  /** Attempts at merging the tag schema index (default 8). */
  readonly attempts?: number;
  /** Waits between attempts (default: a short random backoff). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long to wait after writing the index before checking that the entry is still in it (default 300 ms). */
  readonly settleMs?: number;
  readonly now?: () => Date;
}

/** The artifact manifest's bytes (an OCI image manifest with subject and artifactType). */
export function artifactManifest(request: AttachRequest, layer: Descriptor, created: string): Buffer {
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: request.artifactType,
    config: { mediaType: OCI_EMPTY, digest: sha256Digest(EMPTY_JSON), size: EMPTY_JSON.length },
    layers: [layer],
    subject: { mediaType: request.subject.mediaType, digest: request.subject.digest, size: request.subject.size },
    annotations: { [ANNOTATION_CREATED]: created, ...request.annotations },
  };
  return Buffer.from(JSON.stringify(manifest));
}

/** Pushes the file, the empty config and the artifact manifest, then makes it findable as a referrer of the subject. */
export async function attachArtifact(
  client: RegistryClient,
  request: AttachRequest,
  options: AttachOptions = {},
): Promise<AttachResult> {
  const { repository } = request;
  const apiBefore = await client.referrers(repository, request.subject.digest);
  const layerDigest = await client.pushBlob(repository, request.content);
  await client.pushBlob(repository, EMPTY_JSON);
  const created = (options.now?.() ?? new Date()).toISOString();
  const layer: Descriptor = {
    mediaType: request.artifactType,
    digest: layerDigest,
    size: request.content.length,
    annotations: { [ANNOTATION_TITLE]: request.fileName },
  };
  const bytes = artifactManifest(request, layer, created);
  const pushed = await client.putManifest(repository, sha256Digest(bytes), bytes, OCI_MANIFEST);
  const descriptor: Descriptor = {
    mediaType: OCI_MANIFEST,
    digest: pushed.digest,
    size: bytes.length,
    artifactType: request.artifactType,
    annotations: { [ANNOTATION_CREATED]: created, ...request.annotations },
  };
  if (apiBefore !== undefined || pushed.ociSubject === request.subject.digest) {
    return { descriptor, via: 'referrers-api' };
  }
  await addToReferrersTag(client, repository, request.subject.digest, descriptor, options);
  return { descriptor, via: 'tag-schema' };
}

/** The referrers of a digest: from the referrers API when the registry has one, else from the tag schema index. */
export async function listReferrers(
  client: RegistryClient,
  repository: string,
  subjectDigest: string,
  artifactType?: string,
): Promise<Descriptor[]> {
  const index =
    (await client.referrers(repository, subjectDigest)) ??
    (await readTagIndex(client, repository, subjectDigest)).index;
  return index.manifests.filter((m) => artifactType === undefined || m.artifactType === artifactType);
}

async function readTagIndex(
  client: RegistryClient,
  repository: string,
  subjectDigest: string,
): Promise<{ index: ImageIndex; digest?: string; etag?: string }> {
  const manifest = await client.getManifest(repository, referrersTag(subjectDigest), [OCI_INDEX]);
  if (!manifest) return { index: emptyIndex([]) };
  let doc: Partial<ImageIndex>;
  try {
    doc = JSON.parse(manifest.bytes.toString('utf8')) as Partial<ImageIndex>;
  } catch {
    throw new OperationError(`${client.registry}/${repository}:${referrersTag(subjectDigest)} is not an OCI index`);
  }
  if (doc.mediaType !== OCI_INDEX && manifest.descriptor.mediaType !== OCI_INDEX) {
    throw new OperationError(
      `${client.registry}/${repository}:${referrersTag(subjectDigest)} is a ${manifest.descriptor.mediaType}, not the referrers index it should be; not overwriting it`,
    );
  }
  return {
    index: emptyIndex(Array.isArray(doc.manifests) ? doc.manifests : []),
    digest: manifest.descriptor.digest,
    ...(manifest.etag ? { etag: manifest.etag } : {}),
  };
}

async function addToReferrersTag(
  client: RegistryClient,
  repository: string,
  subjectDigest: string,
  descriptor: Descriptor,
  options: AttachOptions,
): Promise<void> {
  const tag = referrersTag(subjectDigest);
  const attempts = options.attempts ?? 8;
  const settleMs = options.settleMs ?? 300;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const read = await readTagIndex(client, repository, subjectDigest);
    const others = read.index.manifests.filter((m) => m.digest !== descriptor.digest);
    const merged = emptyIndex([...others, descriptor]);
    const bytes = Buffer.from(JSON.stringify(merged));
    // If-Match is sent when the registry gave an ETag, but not every registry honours it on PUT
    // (distribution 2.8 does not): the index must also still be the one that was merged.
    const again = await readTagIndex(client, repository, subjectDigest);
    if (again.digest !== read.digest) {
      await sleep(backoff(attempt));
      continue;
    }
    const put = await client.putManifest(repository, tag, bytes, OCI_INDEX, read.etag ? { ifMatch: read.etag } : {});
    if (put.status === 412) {
      await sleep(backoff(attempt));
      continue;
    }
    // Verify once a concurrent writer that raced past the check above would have written: its PUT
    // follows its own re-read within a round trip, so a lost entry shows by then, and is merged again.
    await sleep(settleMs);
    const after = await readTagIndex(client, repository, subjectDigest);
    const present = new Set(after.index.manifests.map((m) => m.digest));
    if (present.has(descriptor.digest)) return;
    await sleep(backoff(attempt));
  }
  throw new OperationError(
    `could not add ${descriptor.digest} to the referrers index ${client.registry}/${repository}:${tag} after ${attempts} attempts: other writers kept changing it`,
  );
}

function emptyIndex(manifests: readonly Descriptor[]): ImageIndex {
  return { schemaVersion: 2, mediaType: OCI_INDEX, manifests };
}

function backoff(attempt: number): number {
  return Math.floor(50 * attempt + Math.random() * 100 * attempt);
}
