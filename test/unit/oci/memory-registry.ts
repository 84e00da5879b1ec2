import { createHash } from 'node:crypto';

/*
 * An in-memory OCI registry behind a `fetch` function, for unit tests of the
 * registry client without sockets: manifests by tag and digest, blob uploads,
 * optionally the referrers API, ETag/If-Match, and the authentication schemes
 * registries use (none, basic, bearer with a token endpoint that accepts
 * anonymous, basic or refresh-token requests). Every request is recorded.
 */

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface MemoryRegistryOptions {
  /** `http://127.0.0.1:5000` or `https://registry.example`. */
  readonly origin: string;
  readonly auth?:
    | { readonly kind: 'basic'; readonly username: string; readonly password: string }
    | {
        readonly kind: 'bearer';
        /** The realm, e.g. `https://auth.example/token`. */
        readonly realm: string;
        readonly service: string;
        readonly username?: string;
        readonly password?: string;
        readonly refreshToken?: string;
        readonly anonymous?: boolean;
        /** Send the scope in the challenge (as Docker Hub and ACR do). */
        readonly challengeScope?: boolean;
      };
  readonly referrersApi?: boolean;
  /** Honour If-Match on manifest PUTs (412 on mismatch). */
  readonly ifMatch?: boolean;
  /** Redirect blob GETs to this origin (a storage backend). */
  readonly blobRedirect?: string;
}

export interface MemoryRegistry {
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  readonly requests: RecordedRequest[];
  readonly manifests: Map<string, { bytes: Buffer; mediaType: string }>;
  readonly tags: Map<string, string>;
  readonly blobs: Map<string, Buffer>;
  /** Tokens the token endpoint issued, to check they were registered as secrets. */
  readonly issuedTokens: string[];
  /** Runs once, just before the next manifest PUT for tag is stored (to simulate a concurrent writer). */
  beforePut(tag: string, hook: () => void): void;
  putManifest(repo: string, ref: string, bytes: Buffer, mediaType: string): string;
}

const digestOf = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export function memoryRegistry(options: MemoryRegistryOptions): MemoryRegistry {
  const requests: RecordedRequest[] = [];
  const manifests = new Map<string, { bytes: Buffer; mediaType: string }>();
  const tags = new Map<string, string>();
  const blobs = new Map<string, Buffer>();
  const issuedTokens: string[] = [];
  const hooks = new Map<string, () => void>();
  let uploads = 0;

  const putManifest = (repo: string, ref: string, bytes: Buffer, mediaType: string): string => {
    const digest = digestOf(bytes);
    manifests.set(`${repo}@${digest}`, { bytes, mediaType });
    if (!ref.startsWith('sha256:')) tags.set(`${repo}:${ref}`, digest);
    return digest;
  };

  const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  const authorized = (headers: Record<string, string>): boolean => {
    const auth = options.auth;
    if (!auth) return true;
    const header = headers['authorization'] ?? '';
    if (auth.kind === 'basic')
      return header === `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    return header.startsWith('Bearer ') && issuedTokens.includes(header.slice(7));
  };

  const challenge = (repo: string, push: boolean): Response => {
    const auth = options.auth!;
    const value =
      auth.kind === 'basic'
        ? 'Basic realm="Registry Realm"'
        : `Bearer realm="${auth.realm}",service="${auth.service}"${auth.challengeScope ? `,scope="repository:${repo}:${push ? 'pull,push' : 'pull'}"` : ''}`;
    return json(
      401,
      { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
      { 'www-authenticate': value },
    );
  };

  const tokenEndpoint = (
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Response => {
    const auth = options.auth;
    if (auth?.kind !== 'bearer') return json(404, {});
    let ok = false;
    if (method === 'POST') {
      const form = new URLSearchParams(body ?? '');
      ok =
        form.get('grant_type') === 'refresh_token' &&
        !!auth.refreshToken &&
        form.get('refresh_token') === auth.refreshToken;
    } else {
      const header = headers['authorization'];
      if (header) ok = header === `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
      else ok = auth.anonymous ?? false;
    }
    if (!ok) return json(401, { details: 'invalid credentials' });
    const token = `tok-${issuedTokens.length + 1}-${createHash('sha256')
      .update(url.search + String(issuedTokens.length))
      .digest('hex')
      .slice(0, 24)}`;
    issuedTokens.push(token);
    return json(200, method === 'POST' ? { access_token: token } : { token });
  };

  const handle = async (
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
  ): Promise<Response> => {
    const realm = options.auth?.kind === 'bearer' ? new URL(options.auth.realm) : undefined;
    if (realm && url.origin === realm.origin && url.pathname === realm.pathname) {
      return tokenEndpoint(url, method, headers, body?.toString('utf8'));
    }
    if (options.blobRedirect && url.origin === options.blobRedirect) {
      // Storage answers only requests without the registry's credentials, as a signed URL would.
      if (headers['authorization']) return json(400, { message: 'credentials sent to storage' });
      const digest = url.pathname.replace(/^\/storage\//, '');
      const blob = [...blobs.entries()].find(([key]) => key.endsWith(`@${digest}`))?.[1];
      return blob ? new Response(blob, { status: 200 }) : json(404, {});
    }
    if (url.origin !== options.origin) return json(502, { message: `unknown origin ${url.origin}` });
    if (url.pathname === '/v2/') return authorized(headers) ? json(200, {}) : challenge('', false);
    const m = /^\/v2\/(.+?)\/(manifests|blobs|referrers)\/(.*)$/.exec(url.pathname);
    if (!m) return json(404, { errors: [{ code: 'NOT_FOUND' }] });
    const [, repo = '', kind, rest = ''] = m;
    const push = method !== 'GET' && method !== 'HEAD';
    if (!authorized(headers)) return challenge(repo, push);

    if (kind === 'manifests') {
      if (method === 'GET' || method === 'HEAD') {
        const digest = rest.startsWith('sha256:') ? rest : tags.get(`${repo}:${rest}`);
        const found = digest ? manifests.get(`${repo}@${digest}`) : undefined;
        if (!found) return json(404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
        return new Response(method === 'HEAD' ? null : found.bytes, {
          status: 200,
          headers: {
            'content-type': found.mediaType,
            'docker-content-digest': digest!,
            etag: `"${digest!}"`,
            ...(method === 'HEAD' ? { 'content-length': String(found.bytes.length) } : {}),
          },
        });
      }
      if (method === 'PUT') {
        const hook = hooks.get(rest);
        if (hook) {
          hooks.delete(rest);
          hook();
        }
        if (options.ifMatch && headers['if-match']) {
          const current = tags.get(`${repo}:${rest}`);
          if (`"${current ?? ''}"` !== headers['if-match'])
            return json(412, { errors: [{ code: 'PRECONDITION_FAILED' }] });
        }
        const bytes = body ?? Buffer.alloc(0);
        const doc = JSON.parse(bytes.toString('utf8')) as {
          subject?: { digest: string };
          config?: { digest: string };
          layers?: Array<{ digest: string }>;
        };
        for (const d of [doc.config?.digest, ...(doc.layers ?? []).map((l) => l.digest)]) {
          if (d && !blobs.has(`${repo}@${d}`))
            return json(400, { errors: [{ code: 'MANIFEST_BLOB_UNKNOWN', message: `blob unknown ${d}` }] });
        }
        const digest = putManifest(repo, rest, bytes, headers['content-type'] ?? '');
        const extra: Record<string, string> = {
          'docker-content-digest': digest,
          location: `/v2/${repo}/manifests/${digest}`,
        };
        if (options.referrersApi && doc.subject) extra['oci-subject'] = doc.subject.digest;
        return new Response(null, { status: 201, headers: extra });
      }
    }
    if (kind === 'blobs') {
      if (rest.startsWith('uploads/')) {
        if (method === 'POST') {
          uploads++;
          return new Response(null, {
            status: 202,
            headers: { location: `/v2/${repo}/blobs/uploads/u${uploads}?state=abc` },
          });
        }
        if (method === 'PUT') {
          const digest = url.searchParams.get('digest') ?? '';
          const bytes = body ?? Buffer.alloc(0);
          if (digestOf(bytes) !== digest) return json(400, { errors: [{ code: 'DIGEST_INVALID' }] });
          blobs.set(`${repo}@${digest}`, bytes);
          return new Response(null, { status: 201, headers: { 'docker-content-digest': digest } });
        }
      }
      const blob = blobs.get(`${repo}@${rest}`);
      if (method === 'HEAD') return new Response(null, { status: blob ? 200 : 404 });
      if (method === 'GET' && blob && options.blobRedirect) {
        return new Response(null, { status: 307, headers: { location: `${options.blobRedirect}/storage/${rest}` } });
      }
      if (method === 'GET' && blob) return new Response(blob, { status: 200 });
      return json(404, { errors: [{ code: 'BLOB_UNKNOWN' }] });
    }
    if (kind === 'referrers') {
      if (!options.referrersApi) return json(404, { errors: [{ code: 'NOT_FOUND', message: 'page not found' }] });
      const refs = [...manifests.entries()]
        .filter(([key]) => key.startsWith(`${repo}@`))
        .flatMap(([key, m]) => {
          const doc = JSON.parse(m.bytes.toString('utf8')) as { subject?: { digest: string }; artifactType?: string };
          if (doc.subject?.digest !== rest) return [];
          return [
            {
              mediaType: m.mediaType,
              digest: key.slice(repo.length + 1),
              size: m.bytes.length,
              artifactType: doc.artifactType,
            },
          ];
        });
      return json(
        200,
        { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: refs },
        {
          'content-type': 'application/vnd.oci.image.index.v1+json',
        },
      );
    }
    return json(405, {});
  };

  return {
    requests,
    manifests,
    tags,
    blobs,
    issuedTokens,
    beforePut: (tag, hook) => hooks.set(tag, hook),
    putManifest,
    fetch: async (input, init) => {
      const url = new URL(input);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
      const body =
        init.body === undefined || init.body === null ? undefined : Buffer.from(init.body as Buffer | string);
      const method = init.method ?? 'GET';
      requests.push({ method, url: url.href, headers, ...(body ? { body: body.toString('utf8') } : {}) });
      return handle(url, method, headers, body);
    },
  };
}
