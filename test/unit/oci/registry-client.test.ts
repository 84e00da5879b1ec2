import { afterEach, describe, expect, it } from '@jest/globals';
import { sha256Digest } from '../../../lib/oci/digest.js';
import { DOCKER_MANIFEST, MANIFEST_MEDIA_TYPES, OCI_INDEX, OCI_MANIFEST } from '../../../lib/oci/media-types.js';
import { RegistryClient, registryBaseUrl } from '../../../lib/oci/registry-client.js';
import { clearRegisteredSecrets, containsSecret } from '../../../lib/runtime/secrets.js';
import { captureOutput } from '../../harness/capture.js';
import { memoryRegistry } from './memory-registry.js';

const IMAGE = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: {}, layers: [] }));

afterEach(() => clearRegisteredSecrets());

/** Runs fn with @actions/core's output (::add-mask:: lines) captured, and rethrows its error. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const captured = await captureOutput(fn);
  if (captured.error) throw captured.error;
  return captured.result as T;
}

describe('registryBaseUrl', () => {
  it.each([
    ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['localhost:5000', 'http://localhost:5000'],
    ['[::1]:5000', 'http://[::1]:5000'],
    ['myacr.azurecr.io', 'https://myacr.azurecr.io'],
    ['10.0.0.5:5000', 'https://10.0.0.5:5000'],
    ['docker.io', 'https://registry-1.docker.io'],
  ])('%s is reached at %s', (host, url) => {
    expect(registryBaseUrl(host)).toBe(url);
  });
});

describe('resolving a tag to its digest', () => {
  it('asks for every manifest kind and returns the digest of the bytes, with their media type and size', async () => {
    const reg = memoryRegistry({ origin: 'https://registry.example' });
    const digest = reg.putManifest('team/app', '1.0', IMAGE, DOCKER_MANIFEST);
    const client = new RegistryClient('registry.example', { fetch: reg.fetch });
    expect(await client.resolve('team/app', '1.0')).toEqual({ mediaType: DOCKER_MANIFEST, digest, size: IMAGE.length });
    // One HEAD: GETs of manifests count as pulls on rate-limited registries.
    expect(reg.requests.map((r) => r.method)).toEqual(['HEAD']);
    const accept = reg.requests[0]!.headers['accept']!.split(', ');
    expect(accept.sort()).toEqual([...MANIFEST_MEDIA_TYPES].sort());
    expect(accept).toEqual(expect.arrayContaining([OCI_MANIFEST, OCI_INDEX]));
  });

  it('falls back to GET, and computes the digest itself, when HEAD does not say it', async () => {
    const reg = memoryRegistry({ origin: 'https://registry.example' });
    const digest = reg.putManifest('team/app', '1.0', IMAGE, DOCKER_MANIFEST);
    const fetchWithoutHeadDigest = async (url: string, init: RequestInit): Promise<Response> => {
      const response = await reg.fetch(url, init);
      if (init.method !== 'HEAD') return response;
      return new Response(null, { status: 200, headers: { 'content-type': DOCKER_MANIFEST } });
    };
    const client = new RegistryClient('registry.example', { fetch: fetchWithoutHeadDigest });
    expect(await client.resolve('team/app', '1.0')).toEqual({ mediaType: DOCKER_MANIFEST, digest, size: IMAGE.length });
    expect(reg.requests.map((r) => r.method)).toEqual(['HEAD', 'GET']);
  });

  it('refuses a manifest whose bytes do not match the digest asked for', async () => {
    const reg = memoryRegistry({ origin: 'https://registry.example' });
    const digest = reg.putManifest('team/app', '1.0', IMAGE, DOCKER_MANIFEST);
    reg.manifests.set(`team/app@${digest}`, { bytes: Buffer.from('{"tampered":true}'), mediaType: DOCKER_MANIFEST });
    const client = new RegistryClient('registry.example', { fetch: reg.fetch });
    await expect(client.getManifest('team/app', digest)).rejects.toThrow(/sent a manifest whose digest is sha256:/);
  });
});

describe('authentication', () => {
  it('gets an anonymous bearer token for public pulls, scoped to the repository', async () => {
    const reg = memoryRegistry({
      origin: 'https://registry.example',
      auth: { kind: 'bearer', realm: 'https://auth.example/token', service: 'registry.example', anonymous: true },
    });
    reg.putManifest('team/app', '1.0', IMAGE, DOCKER_MANIFEST);
    const client = new RegistryClient('registry.example', { fetch: reg.fetch });
    await quietly(() => client.resolve('team/app', '1.0'));
    const token = reg.requests.find((r) => r.url.startsWith('https://auth.example/token'))!;
    const url = new URL(token.url);
    expect(url.searchParams.get('service')).toBe('registry.example');
    expect(url.searchParams.get('scope')).toBe('repository:team/app:pull');
    expect(token.headers['authorization']).toBeUndefined();
    // The token is reused for the next pull of the same scope.
    await quietly(() => client.resolve('team/app', '1.0'));
    expect(reg.issuedTokens).toHaveLength(1);
  });

  it('exchanges user and password for a token (GET with basic auth) and registers both as secrets', async () => {
    const password = 'pa55-word-for-the-registry';
    const reg = memoryRegistry({
      origin: 'https://registry.example',
      auth: {
        kind: 'bearer',
        realm: 'https://auth.example/token',
        service: 'reg',
        username: 'bot',
        password,
        challengeScope: true,
      },
    });
    reg.putManifest('team/app', '1.0', IMAGE, DOCKER_MANIFEST);
    const client = new RegistryClient('registry.example', {
      fetch: reg.fetch,
      credentials: { kind: 'basic', username: 'bot', password },
    });
    const captured = await captureOutput(() => client.resolve('team/app', '1.0'));
    expect(captured.error).toBeUndefined();
    expect(containsSecret(`x ${reg.issuedTokens[0]!} x`)).toBe(true);
    expect(containsSecret(Buffer.from(`bot:${password}`).toString('base64'))).toBe(true);
    expect(captured.stdout).toContain(`::add-mask::${reg.issuedTokens[0]!}`);
  });

  it('exchanges an identity token (refresh token) with a POST, as ACR does', async () => {
    const refreshToken = 'acr-refresh-token-0123456789';
    const reg = memoryRegistry({
      origin: 'https://myacr.azurecr.io',
      auth: {
        kind: 'bearer',
        realm: 'https://myacr.azurecr.io/oauth2/token',
        service: 'myacr.azurecr.io',
        refreshToken,
        challengeScope: true,
      },
    });
    reg.putManifest('team/app', '1.0', IMAGE, DOCKER_MANIFEST);
    const client = new RegistryClient('myacr.azurecr.io', {
      fetch: reg.fetch,
      credentials: { kind: 'identity-token', identityToken: refreshToken },
    });
    await quietly(() => client.resolve('team/app', '1.0'));
    const post = reg.requests.find((r) => r.method === 'POST' && r.url.endsWith('/oauth2/token'))!;
    const form = new URLSearchParams(post.body);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe(refreshToken);
    expect(form.get('service')).toBe('myacr.azurecr.io');
    expect(form.get('scope')).toBe('repository:team/app:pull');
    // The refresh token travels in the body of a POST, never in a URL.
    for (const r of reg.requests) expect(r.url).not.toContain(refreshToken);
  });

  it('asks for push scope when pushing', async () => {
    const reg = memoryRegistry({
      origin: 'https://registry.example',
      auth: {
        kind: 'bearer',
        realm: 'https://auth.example/token',
        service: 'reg',
        username: 'bot',
        password: 'pw-123456789',
      },
    });
    const client = new RegistryClient('registry.example', {
      fetch: reg.fetch,
      credentials: { kind: 'basic', username: 'bot', password: 'pw-123456789' },
    });
    await quietly(() => client.pushBlob('team/app', Buffer.from('data')));
    const scopes = reg.requests
      .filter((r) => r.url.startsWith('https://auth.example/token'))
      .map((r) => new URL(r.url).searchParams.get('scope'));
    expect(scopes).toEqual(['repository:team/app:pull,push']);
    expect(reg.blobs.get(`team/app@${sha256Digest('data')}`)?.toString()).toBe('data');
  });

  it('answers a basic challenge with the credentials', async () => {
    const reg = memoryRegistry({
      origin: 'http://127.0.0.1:5000',
      auth: { kind: 'basic', username: 'u', password: 'p-123456789' },
    });
    reg.putManifest('a/b', 'x', IMAGE, DOCKER_MANIFEST);
    const client = new RegistryClient('127.0.0.1:5000', {
      fetch: reg.fetch,
      credentials: { kind: 'basic', username: 'u', password: 'p-123456789' },
    });
    expect((await quietly(() => client.resolve('a/b', 'x'))).size).toBe(IMAGE.length);
    expect(reg.requests[0]!.url.startsWith('http://127.0.0.1:5000/')).toBe(true);
  });

  it('says how to log in when the registry wants credentials and there are none', async () => {
    const reg = memoryRegistry({
      origin: 'https://registry.example',
      auth: { kind: 'basic', username: 'u', password: 'p' },
    });
    const client = new RegistryClient('registry.example', { fetch: reg.fetch });
    await expect(client.resolve('a/b', 'x')).rejects.toThrow(
      /registry registry.example asks for basic authentication and no credentials were found; log in with docker login or actions\/azure-login, or set registry-username and registry-password/,
    );
  });

  it('says the credentials were refused when the token endpoint refuses them', async () => {
    const reg = memoryRegistry({
      origin: 'https://registry.example',
      auth: { kind: 'bearer', realm: 'https://auth.example/token', service: 'reg', username: 'bot', password: 'right' },
    });
    const client = new RegistryClient('registry.example', {
      fetch: reg.fetch,
      credentials: { kind: 'basic', username: 'bot', password: 'wrong-password' },
    });
    const captured = await captureOutput(() => client.resolve('a/b', 'x'));
    expect(String(captured.error)).toMatch(
      /refused a token with the credentials given \(HTTP 401 from https:\/\/auth.example\/token\)/,
    );
  });

  it('never sends credentials to a token realm over plain HTTP on another host', async () => {
    const reg = memoryRegistry({
      origin: 'https://registry.example',
      auth: {
        kind: 'bearer',
        realm: 'http://auth.example/token',
        service: 'reg',
        username: 'bot',
        password: 'pw-123456789',
      },
    });
    const client = new RegistryClient('registry.example', {
      fetch: reg.fetch,
      credentials: { kind: 'basic', username: 'bot', password: 'pw-123456789' },
    });
    await expect(client.resolve('a/b', 'x')).rejects.toThrow(/token realm that is not https \(http:\/\/auth.example\)/);
    expect(reg.requests.some((r) => r.url.startsWith('http://auth.example'))).toBe(false);
  });

  it('does not forward the Authorization header when the registry redirects to another origin', async () => {
    const reg = memoryRegistry({
      origin: 'https://registry.example',
      auth: { kind: 'basic', username: 'u', password: 'p-123456789' },
      blobRedirect: 'https://storage.example',
    });
    const client = new RegistryClient('registry.example', {
      fetch: reg.fetch,
      credentials: { kind: 'basic', username: 'u', password: 'p-123456789' },
    });
    await quietly(() => client.pushBlob('a/b', Buffer.from('payload')));
    const bytes = await quietly(() => client.fetchBlob('a/b', sha256Digest('payload')));
    expect(bytes.toString()).toBe('payload');
    const storage = reg.requests.filter((r) => r.url.startsWith('https://storage.example'));
    expect(storage).toHaveLength(1);
    expect(storage[0]!.headers['authorization']).toBeUndefined();
  });
});

describe('transient registry errors', () => {
  it('retries a read answered 500 (a tag another writer is replacing) and gives up after three retries', async () => {
    const reg = memoryRegistry({ origin: 'https://registry.example' });
    const digest = reg.putManifest('team/app', '1.0', IMAGE, DOCKER_MANIFEST);
    let failures = 2;
    const flaky: typeof reg.fetch = async (url, init) =>
      failures-- > 0 ? new Response('{"errors":[{"code":"UNKNOWN"}]}', { status: 500 }) : reg.fetch(url, init);
    expect((await new RegistryClient('registry.example', { fetch: flaky }).resolve('team/app', '1.0')).digest).toBe(
      digest,
    );

    let calls = 0;
    const broken: typeof reg.fetch = async () => {
      calls++;
      return new Response('{}', { status: 503 });
    };
    await expect(new RegistryClient('registry.example', { fetch: broken }).resolve('team/app', '1.0')).rejects.toThrow(
      /503/,
    );
    // The HEAD, then the GET that resolve() falls back to: each tried once and retried three times.
    expect(calls).toBe(8);
  });

  it('never repeats a write', async () => {
    let calls = 0;
    const failing = (async () => {
      calls++;
      return new Response('{}', { status: 500 });
    }) as ConstructorParameters<typeof RegistryClient>[1] extends { fetch?: infer F } ? F : never;
    const client = new RegistryClient('registry.example', { fetch: failing });
    await expect(client.putManifest('team/app', 'x', IMAGE, DOCKER_MANIFEST)).rejects.toThrow(/500/);
    expect(calls).toBe(1);
  });
});
