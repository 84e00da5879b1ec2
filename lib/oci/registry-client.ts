import { proxyAwareFetch } from '../runtime/proxy-fetch.js';
import { OperationError } from '../runtime/errors.js';
import type { RegistryCredentials } from './credentials.js';
import { sha256Digest } from './digest.js';
import { type Descriptor, type ImageIndex, MANIFEST_MEDIA_TYPES, OCI_INDEX } from './media-types.js';
import { DOCKER_HUB, isLoopbackHost } from './reference.js';
import { type FetchLike, RegistryAuthenticator } from './registry-auth.js';
import { parseWwwAuthenticate } from './www-authenticate.js';

/*
 * A small client of the OCI distribution API for one registry: resolve a tag
 * to its manifest digest, read and push manifests, push blobs, and ask for
 * referrers. Loopback registries are reached over plain HTTP, as Docker does;
 * every other one only over TLS. Authentication answers the registry's own
 * challenge (see registry-auth.ts); redirects to another origin never carry
 * the Authorization header.
 */

export interface RegistryClientOptions {
  readonly credentials?: RegistryCredentials;
  /** For tests; Node's fetch by default. */
  readonly fetch?: FetchLike;
  /** Per request (default 60 s). */
  readonly timeoutMs?: number;
}

export interface Manifest {
  readonly descriptor: Descriptor;
  readonly bytes: Buffer;
  /** The registry's ETag, when it sends one (for If-Match on the next write). */
  readonly etag?: string;
}

type Scope = 'pull' | 'pull,push';

interface RequestOptions {
  /** The repository the request is about: the token's scope. */
  readonly repository: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  readonly scope: Scope;
}

const MAX_REDIRECTS = 5;

/** The base URL of a registry's API: http for loopback hosts, https for every other; Docker Hub's API host. */
export function registryBaseUrl(registry: string): string {
  if (registry === DOCKER_HUB) return 'https://registry-1.docker.io';
  return `${isLoopbackHost(registry) ? 'http' : 'https'}://${registry}`;
}

/** Retries of a read answered with 429 or 5xx (100 ms, 300 ms, 900 ms apart). */
const READ_RETRIES = 3;

export class RegistryClient {
  readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly auth: RegistryAuthenticator;

  constructor(
    readonly registry: string,
    options: RegistryClientOptions = {},
  ) {
    this.baseUrl = registryBaseUrl(registry);
    this.fetchImpl = options.fetch ?? proxyAwareFetch;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.auth = new RegistryAuthenticator(registry, options.credentials, this.fetchImpl, this.timeoutMs);
  }

  /**
   * The descriptor of what reference (a tag or a digest) names: its digest,
   * media type and size. A digest reference is verified against the bytes.
   */
  async resolve(repository: string, reference: string): Promise<Descriptor> {
    // HEAD first: registries count GETs of manifests as pulls (Docker Hub's rate limit), not HEADs.
    const path = `/v2/${repository}/manifests/${reference}`;
    const head = await this.request('HEAD', path, {
      repository,
      scope: 'pull',
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    });
    await head.arrayBuffer();
    const digest = head.headers.get('docker-content-digest') ?? '';
    const mediaType = (head.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const size = Number(head.headers.get('content-length') ?? 'NaN');
    const known = MANIFEST_MEDIA_TYPES.includes(mediaType) && Number.isSafeInteger(size) && size > 0;
    if (head.status === 200 && /^sha256:[a-f0-9]{64}$/.test(digest) && known) {
      if (reference.startsWith('sha256:') && digest !== reference) {
        throw new OperationError(`${this.registry}/${repository}@${reference}: the registry answered for ${digest}`);
      }
      return { mediaType, digest, size };
    }
    const manifest = await this.getManifest(repository, reference);
    if (!manifest)
      throw new OperationError(`${this.registry}/${repository}:${reference} was not found in the registry`);
    return manifest.descriptor;
  }

  /** A manifest by tag or digest, or undefined when the registry has none (404). */
  async getManifest(
    repository: string,
    reference: string,
    accept: readonly string[] = MANIFEST_MEDIA_TYPES,
  ): Promise<Manifest | undefined> {
    const path = `/v2/${repository}/manifests/${reference}`;
    const response = await this.request('GET', path, {
      repository,
      scope: 'pull',
      headers: { accept: accept.join(', ') },
    });
    if (response.status === 404) {
      await response.arrayBuffer();
      return undefined;
    }
    await this.expect(response, [200], 'GET', path);
    const bytes = Buffer.from(await response.arrayBuffer());
    const digest = sha256Digest(bytes);
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new OperationError(
        `${this.registry}/${repository}@${reference}: the registry sent a manifest whose digest is ${digest}`,
      );
    }
    const header = response.headers.get('docker-content-digest');
    if (header && header.startsWith('sha256:') && header !== digest) {
      throw new OperationError(
        `${this.registry}/${repository}:${reference}: Docker-Content-Digest ${header} does not match the manifest (${digest})`,
      );
    }
    const mediaType = manifestMediaType(bytes, response.headers.get('content-type'));
    const etag = response.headers.get('etag') ?? undefined;
    return { descriptor: { mediaType, digest, size: bytes.length }, bytes, ...(etag ? { etag } : {}) };
  }

  /** Pushes a manifest under reference (a tag or its digest). Returns its digest and the OCI-Subject header, if any. */
  async putManifest(
    repository: string,
    reference: string,
    bytes: Buffer,
    mediaType: string,
    options: { ifMatch?: string } = {},
  ): Promise<{ digest: string; ociSubject?: string; status: number }> {
    const path = `/v2/${repository}/manifests/${reference}`;
    const headers: Record<string, string> = { 'content-type': mediaType };
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    const response = await this.request('PUT', path, { repository, scope: 'pull,push', headers, body: bytes });
    if (response.status === 412) {
      await response.arrayBuffer();
      return { digest: sha256Digest(bytes), status: 412 };
    }
    await this.expect(response, [201, 200], 'PUT', path);
    await response.arrayBuffer();
    const subject = response.headers.get('oci-subject') ?? undefined;
    return { digest: sha256Digest(bytes), status: response.status, ...(subject ? { ociSubject: subject } : {}) };
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const path = `/v2/${repository}/blobs/${digest}`;
    const response = await this.request('HEAD', path, { repository, scope: 'pull,push' });
    await response.arrayBuffer();
    if (response.status === 404) return false;
    await this.expect(response, [200], 'HEAD', path);
    return true;
  }

  /** A blob's bytes, verified against its digest (redirects to storage are followed without credentials). */
  async fetchBlob(repository: string, digest: string): Promise<Buffer> {
    const path = `/v2/${repository}/blobs/${digest}`;
    const response = await this.request('GET', path, { repository, scope: 'pull' });
    await this.expect(response, [200], 'GET', path);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (sha256Digest(bytes) !== digest) {
      throw new OperationError(`registry ${this.registry}: blob ${digest} of ${repository} does not match its digest`);
    }
    return bytes;
  }

  /** Pushes a blob in one request (POST then PUT), unless the registry has it already. Returns its digest. */
  async pushBlob(repository: string, bytes: Buffer): Promise<string> {
    const digest = sha256Digest(bytes);
    if (await this.hasBlob(repository, digest)) return digest;
    const start = `/v2/${repository}/blobs/uploads/`;
    const started = await this.request('POST', start, {
      repository,
      scope: 'pull,push',
      headers: { 'content-length': '0' },
    });
    await this.expect(started, [202], 'POST', start);
    await started.arrayBuffer();
    const location = started.headers.get('location');
    if (!location) throw new OperationError(`registry ${this.registry}: POST ${start} answered without a Location`);
    const upload = new URL(location, `${this.baseUrl}${start}`);
    if (upload.origin !== this.baseUrl) {
      throw new OperationError(
        `registry ${this.registry}: upload location ${upload.origin} is not the registry itself`,
      );
    }
    upload.searchParams.set('digest', digest);
    const put = `${upload.pathname}${upload.search}`;
    const response = await this.request('PUT', put, {
      repository,
      scope: 'pull,push',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    await this.expect(response, [201], 'PUT', upload.pathname);
    await response.arrayBuffer();
    return digest;
  }

  /**
   * The referrers of a digest from the referrers API, or undefined when the
   * registry has no such API (it answers 404 or anything but an index).
   */
  async referrers(repository: string, digest: string): Promise<ImageIndex | undefined> {
    const path = `/v2/${repository}/referrers/${digest}`;
    const response = await this.request('GET', path, { repository, scope: 'pull', headers: { accept: OCI_INDEX } });
    const body = await response.text();
    if (response.status !== 200) return undefined;
    const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim();
    try {
      const doc = JSON.parse(body) as Partial<ImageIndex>;
      if (type !== OCI_INDEX && doc.mediaType !== OCI_INDEX) return undefined;
      return { schemaVersion: 2, mediaType: OCI_INDEX, manifests: Array.isArray(doc.manifests) ? doc.manifests : [] };
    } catch {
      return undefined;
    }
  }

  /**
   * One API request: the cached token for scope, one retry after a 401
   * challenge, redirects followed. Reads (GET, HEAD) are retried a few times
   * on 429 and 5xx: a registry answers 500 for a tag that another writer is
   * replacing at that moment (distribution's filesystem storage does).
   */
  private async request(method: string, path: string, options: RequestOptions): Promise<Response> {
    const idempotent = method === 'GET' || method === 'HEAD';
    for (let attempt = 0; ; attempt++) {
      const response = await this.requestOnce(method, path, options);
      const transient = response.status === 429 || response.status >= 500;
      if (!idempotent || !transient || attempt >= READ_RETRIES) return response;
      await response.arrayBuffer();
      const after = Number(response.headers.get('retry-after'));
      const wait = Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 5000) : 100 * 3 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async requestOnce(method: string, path: string, options: RequestOptions): Promise<Response> {
    const tokenScope = `repository:${options.repository}:${options.scope}`;
    let authorization = this.auth.cached(tokenScope);
    let response = await this.send(method, `${this.baseUrl}${path}`, options, authorization);
    if (response.status === 401) {
      await response.arrayBuffer();
      const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '');
      authorization = await this.auth.authorize(challenges, tokenScope);
      response = await this.send(method, `${this.baseUrl}${path}`, options, authorization);
    }
    return response;
  }

  private async send(
    method: string,
    url: string,
    options: RequestOptions,
    authorization: string | undefined,
  ): Promise<Response> {
    let current = new URL(url);
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { 'user-agent': 'devsecops-actions-aks', ...options.headers };
      // The Authorization header goes to the registry itself only, never to a storage backend it redirects to.
      if (authorization && current.origin === this.baseUrl) headers['authorization'] = authorization;
      let response: Response;
      try {
        response = await this.fetchImpl(current.href, {
          method,
          headers,
          ...(options.body !== undefined ? { body: options.body } : {}),
          redirect: 'manual',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        throw new OperationError(
          `registry ${this.registry}: ${method} ${current.pathname} failed: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
        );
      }
      const location = response.headers.get('location');
      if (![301, 302, 303, 307, 308].includes(response.status) || !location || method === 'POST') return response;
      if (hop >= MAX_REDIRECTS)
        throw new OperationError(`registry ${this.registry}: too many redirects for ${method} ${url}`);
      await response.arrayBuffer();
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && isLoopbackHost(next.host))) {
        throw new OperationError(`registry ${this.registry}: refusing a redirect to ${next.origin} (not https)`);
      }
      current = next;
    }
  }

  private async expect(response: Response, ok: readonly number[], method: string, path: string): Promise<void> {
    if (ok.includes(response.status)) return;
    const body = await response.text().catch(() => '');
    let detail = '';
    try {
      const doc = JSON.parse(body) as { errors?: Array<{ code?: string; message?: string }> };
      const first = doc.errors?.[0];
      if (first) detail = `: ${[first.code, first.message].filter(Boolean).join(' ')}`;
    } catch {
      detail = body ? `: ${body.slice(0, 200).trim()}` : '';
    }
    const hint =
      response.status === 401 || response.status === 403
        ? '; check the credentials (docker login, actions/azure-login, or registry-username and registry-password) and that they may push to this repository'
        : '';
    throw new OperationError(
      `registry ${this.registry}: ${method} ${path} answered HTTP ${response.status}${detail}${hint}`,
    );
  }
}

/** The media type of a manifest: its own `mediaType` field, else the Content-Type the registry sent. */
function manifestMediaType(bytes: Buffer, contentType: string | null): string {
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown; manifests?: unknown };
    if (typeof doc.mediaType === 'string' && doc.mediaType) return doc.mediaType;
  } catch {
    /* fall through to the header */
  }
  const header = (contentType ?? '').split(';')[0]?.trim();
  return header || 'application/vnd.oci.image.manifest.v1+json';
}
