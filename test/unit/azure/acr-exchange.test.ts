import { afterEach, describe, expect, it } from '@jest/globals';
import { acrExchangeUrl, exchangeForAcrRefreshToken, type HttpPost } from '../../../lib/azure/acr-exchange.js';
import { OperationError } from '../../../lib/runtime/errors.js';
import { clearRegisteredSecrets, containsSecret } from '../../../lib/runtime/secrets.js';
import { captureOutput } from '../../harness/capture.js';
import { parseWorkflowCommands } from '../../harness/file-commands.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ACCESS = 'entra-access-token-value';
const REFRESH = 'acr-refresh-token-value';

afterEach(() => clearRegisteredSecrets());

interface Call {
  readonly url: string;
  readonly init: Parameters<HttpPost>[1];
}

function fakeFetch(answers: Array<Response | Error>): { fetch: HttpPost; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push({ url, init });
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('acrExchangeUrl', () => {
  it('is https for every registry but loopback ones', () => {
    expect(acrExchangeUrl('myacr.azurecr.io')).toBe('https://myacr.azurecr.io/oauth2/exchange');
    expect(acrExchangeUrl('myacr.azurecr.io:443')).toBe('https://myacr.azurecr.io:443/oauth2/exchange');
    expect(acrExchangeUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000/oauth2/exchange');
    expect(acrExchangeUrl('localhost:5000')).toBe('http://localhost:5000/oauth2/exchange');
    expect(acrExchangeUrl('[::1]:5000')).toBe('http://[::1]:5000/oauth2/exchange');
  });
});

describe('exchangeForAcrRefreshToken', () => {
  it('posts the access token as a form and returns the refresh token, masked', async () => {
    const { fetch, calls } = fakeFetch([json(200, { refresh_token: REFRESH })]);
    const { stdout, result, error } = await captureOutput(() =>
      exchangeForAcrRefreshToken({ registry: 'myacr.azurecr.io', tenantId: TENANT, accessToken: ACCESS, fetch }),
    );
    expect(error).toBeUndefined();
    expect(result).toBe(REFRESH);
    expect(parseWorkflowCommands(stdout).masked).toContain(REFRESH);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://myacr.azurecr.io/oauth2/exchange');
    expect(calls[0]!.init.method).toBe('POST');
    expect((calls[0]!.init.headers as Record<string, string>)['content-type']).toBe(
      'application/x-www-form-urlencoded',
    );
    expect(Object.fromEntries(new URLSearchParams(String(calls[0]!.init.body)))).toEqual({
      grant_type: 'access_token',
      service: 'myacr.azurecr.io',
      tenant: TENANT,
      access_token: ACCESS,
    });
  });

  it('retries 429, 5xx and connection failures, then succeeds', async () => {
    const { fetch, calls } = fakeFetch([
      json(503, {}),
      new TypeError('fetch failed'),
      json(200, { refresh_token: REFRESH }),
    ]);
    const { result } = await captureOutput(() =>
      exchangeForAcrRefreshToken({
        registry: 'myacr.azurecr.io',
        tenantId: TENANT,
        accessToken: ACCESS,
        fetch,
        backoffMs: 0,
      }),
    );
    expect(result).toBe(REFRESH);
    expect(calls).toHaveLength(3);
  });

  it('names the registry and the cause when it cannot be reached', async () => {
    const failure = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    const { fetch } = fakeFetch([failure, failure]);
    const { error } = await captureOutput(() =>
      exchangeForAcrRefreshToken({
        registry: 'nope.azurecr.io',
        tenantId: TENANT,
        accessToken: ACCESS,
        fetch,
        attempts: 2,
        backoffMs: 0,
      }),
    );
    expect(error).toBeInstanceOf(OperationError);
    expect((error as Error).message).toBe(
      'could not reach registry nope.azurecr.io (POST https://nope.azurecr.io/oauth2/exchange): fetch failed (ENOTFOUND)',
    );
  });

  it('explains a refused token: tenant and role', async () => {
    const { fetch } = fakeFetch([
      json(401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }),
    ]);
    const { error } = await captureOutput(() =>
      exchangeForAcrRefreshToken({
        registry: 'myacr.azurecr.io',
        tenantId: TENANT,
        accessToken: ACCESS,
        clientId: 'app-id',
        fetch,
      }),
    );
    expect((error as Error).message).toBe(
      "registry myacr.azurecr.io refused the Entra ID token (HTTP 401: UNAUTHORIZED: authentication required): check that the registry belongs to the tenant and that the identity 'app-id' has a role on it that allows pulling or pushing (AcrPull, AcrPush, or Container Registry Repository Reader/Writer)",
    );
  });

  it('says when the registry has no ACR exchange', async () => {
    const { fetch } = fakeFetch([new Response('404 page not found', { status: 404 })]);
    const { error } = await captureOutput(() =>
      exchangeForAcrRefreshToken({ registry: 'ghcr.io', tenantId: TENANT, accessToken: ACCESS, fetch }),
    );
    expect((error as Error).message).toContain('registry ghcr.io has no ACR token exchange');
    expect((error as Error).message).toContain('is it an Azure Container Registry?');
  });

  it('never repeats a registered secret from an error body', async () => {
    const { fetch } = fakeFetch([json(400, { errors: [{ code: 'BAD', message: `token ${ACCESS} is malformed` }] })]);
    const { error } = await captureOutput(async () => {
      const { registerSecret } = await import('../../../lib/runtime/secrets.js');
      registerSecret(ACCESS);
      return exchangeForAcrRefreshToken({ registry: 'myacr.azurecr.io', tenantId: TENANT, accessToken: ACCESS, fetch });
    });
    expect((error as Error).message).toBe(
      'registry myacr.azurecr.io refused the token exchange (HTTP 400: BAD: token *** is malformed)',
    );
    expect(containsSecret((error as Error).message)).toBe(false);
  });

  it('refuses an answer without a refresh token', async () => {
    const { fetch } = fakeFetch([json(200, { access_token: 'x' })]);
    const { error } = await captureOutput(() =>
      exchangeForAcrRefreshToken({ registry: 'myacr.azurecr.io', tenantId: TENANT, accessToken: ACCESS, fetch }),
    );
    expect((error as Error).message).toBe(
      'registry myacr.azurecr.io answered the token exchange without a refresh_token',
    );
  });
});
