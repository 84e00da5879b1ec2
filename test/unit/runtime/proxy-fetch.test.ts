import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { proxyAwareFetch } from '../../../lib/runtime/proxy-fetch.js';
import { redactSecrets } from '../../../lib/runtime/secrets.js';
import { startHttpProxy, type HttpProxy } from '../../fakes/http-proxy.js';

/*
 * proxyAwareFetch against a real forward proxy on 127.0.0.1. The target host,
 * registry.example.test, has no DNS entry: a request reaches the test server
 * only when it went through the proxy (which resolves every name to 127.0.0.1).
 */

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

let server: Server;
let port: number;
let proxy: HttpProxy;

beforeAll(async () => {
  server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  proxy = await startHttpProxy();
});

afterEach(() => {
  for (const name of PROXY_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  proxy.requests.length = 0;
});

afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => server.close(resolve));
});

function useProxy(url: string, noProxy?: string): void {
  for (const name of PROXY_VARIABLES) delete process.env[name];
  process.env['HTTP_PROXY'] = url;
  process.env['HTTPS_PROXY'] = url;
  if (noProxy !== undefined) process.env['NO_PROXY'] = noProxy;
}

describe('proxyAwareFetch', () => {
  it('goes through HTTP_PROXY (a CONNECT tunnel) to a host only the proxy can reach', async () => {
    useProxy(proxy.url);
    const response = await proxyAwareFetch(`http://registry.example.test:${port}/v2/`, {});
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello /v2/');
    expect(proxy.requests).toEqual([{ method: 'CONNECT', target: `registry.example.test:${port}` }]);
  });

  it('sends the credentials of the proxy URL as Proxy-Authorization and registers the password as a secret', async () => {
    const authenticating = await startHttpProxy({
      requireAuthorization: `Basic ${Buffer.from('build:pa ss/word').toString('base64')}`,
    });
    try {
      const withCredentials = new URL(authenticating.url);
      withCredentials.username = 'build';
      withCredentials.password = encodeURIComponent('pa ss/word');
      useProxy(withCredentials.href);
      const response = await proxyAwareFetch(`http://registry.example.test:${port}/ok`, {});
      expect(await response.text()).toBe('hello /ok');
      expect(authenticating.requests).toHaveLength(1);
      expect(redactSecrets('proxy pa ss/word failed')).toBe('proxy *** failed');
    } finally {
      await authenticating.close();
    }
  });

  it('fails when the proxy refuses the credentials (the request does not go around it)', async () => {
    const authenticating = await startHttpProxy({ requireAuthorization: 'Basic c29tZW9uZTplbHNl' });
    try {
      useProxy(authenticating.url);
      await expect(proxyAwareFetch(`http://registry.example.test:${port}/`, {})).rejects.toThrow();
      expect(authenticating.requests).toHaveLength(1);
    } finally {
      await authenticating.close();
    }
  });

  it('leaves hosts in NO_PROXY to a direct connection', async () => {
    useProxy(proxy.url, '.example.test');
    // Direct: the name does not resolve, so the request fails, and the proxy saw nothing.
    await expect(proxyAwareFetch(`http://registry.example.test:${port}/`, {})).rejects.toThrow();
    expect(proxy.requests).toEqual([]);
  });

  it('never proxies loopback', async () => {
    useProxy(proxy.url);
    const response = await proxyAwareFetch(`http://127.0.0.1:${port}/direct`, {});
    expect(await response.text()).toBe('hello /direct');
    expect(proxy.requests).toEqual([]);
  });

  it('uses the plain fetch when no proxy is set', async () => {
    for (const name of PROXY_VARIABLES) delete process.env[name];
    const response = await proxyAwareFetch(`http://127.0.0.1:${port}/plain`, { method: 'GET' });
    expect(await response.text()).toBe('hello /plain');
    expect(proxy.requests).toEqual([]);
  });
});

describe('the HTTP clients of lib/ go through the proxy', () => {
  // Each request is an https request to a host only the proxy can reach; the tunnel to the plain-HTTP
  // test server then fails TLS, which is fine: what is checked is that the CONNECT reached the proxy.
  it('the registry client', async () => {
    useProxy(proxy.url);
    const { RegistryClient } = await import('../../../lib/oci/registry-client.js');
    await expect(new RegistryClient(`registry.example.test:${port}`).resolve('team/app', 'v1')).rejects.toThrow();
    expect(proxy.requests.map((r) => r.target)).toContain(`registry.example.test:${port}`);
  });

  it('the ACR token exchange', async () => {
    useProxy(proxy.url);
    const { exchangeForAcrRefreshToken } = await import('../../../lib/azure/acr-exchange.js');
    await expect(
      exchangeForAcrRefreshToken({
        registry: `myacr.example.test:${port}`,
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        accessToken: 'not-a-real-token',
        attempts: 1,
      }),
    ).rejects.toThrow();
    expect(proxy.requests.map((r) => r.target)).toContain(`myacr.example.test:${port}`);
  });

  it('the dependency snapshot submission', async () => {
    useProxy(proxy.url);
    const { submitDependencySnapshot } = await import('../../../lib/github/dependency-submission.js');
    await expect(
      submitDependencySnapshot(
        { apiUrl: `https://api.example.test:${port}`, repository: 'o/r' },
        'not-a-real-token',
        {} as Parameters<typeof submitDependencySnapshot>[2],
      ),
    ).rejects.toThrow();
    expect(proxy.requests.map((r) => r.target)).toContain(`api.example.test:${port}`);
  });
});
