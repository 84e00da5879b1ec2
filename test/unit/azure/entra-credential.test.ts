import { afterEach, describe, expect, it } from '@jest/globals';
import { resolveAzureEndpoints } from '../../../lib/azure/cloud-endpoints.js';
import {
  EntraLoginError,
  GitHubOidcCredential,
  type GitHubOidcCredentialDeps,
} from '../../../lib/azure/entra-credential.js';
import { ConfigurationError } from '../../../lib/runtime/errors.js';
import { clearRegisteredSecrets, containsSecret } from '../../../lib/runtime/secrets.js';
import { captureOutput } from '../../harness/capture.js';

/*
 * GitHubOidcCredential with a stand-in for @azure/identity that behaves like
 * MSAL where it matters: it asks for the client assertion twice per token
 * request, and wraps a failing assertion callback in its own error.
 */

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f';
const ARM = 'https://management.azure.com/.default';
const ACR = 'https://containerregistry.azure.net/.default';

afterEach(() => clearRegisteredSecrets());

interface Exchange {
  readonly scope: string;
  readonly assertions: string[];
}

function idToken(n: number, claims: Record<string, unknown> = {}): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part({
    sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
    aud: 'api://AzureADTokenExchange',
    iss: 'https://token.actions.githubusercontent.com',
    repository: 'octo-org/octo-repo',
    ref: 'refs/heads/main',
    jti: `id-${n}`,
    ...claims,
  })}.sig${n}`;
}

function setup(options: { fail?: string; lifetimeMs?: number; idTokenError?: Error; fetch?: typeof fetch } = {}) {
  const exchanges: Exchange[] = [];
  const constructed: Array<{ tenantId: string; clientId: string; options: Record<string, unknown> }> = [];
  const audiences: string[] = [];
  let loads = 0;
  let issued = 0;
  class FakeClientAssertionCredential {
    constructor(
      tenantId: string,
      clientId: string,
      private readonly getAssertion: () => Promise<string>,
      credentialOptions: Record<string, unknown>,
    ) {
      constructed.push({ tenantId, clientId, options: credentialOptions });
    }
    async getToken(scope: string): Promise<{ token: string; expiresOnTimestamp: number }> {
      const assertions: string[] = [];
      try {
        assertions.push(await this.getAssertion(), await this.getAssertion());
      } catch (error) {
        throw new Error(`ClientAssertionCredential: ${(error as Error).message}`);
      }
      exchanges.push({ scope, assertions });
      if (options.fail) throw new Error(options.fail);
      return {
        token: `access-${exchanges.length}-${scope}`,
        expiresOnTimestamp: Date.now() + (options.lifetimeMs ?? 3_600_000),
      };
    }
  }
  const deps: GitHubOidcCredentialDeps = {
    loadIdentity: () => {
      loads++;
      return Promise.resolve({ ClientAssertionCredential: FakeClientAssertionCredential } as never);
    },
    requestIdToken: (audience) => {
      audiences.push(audience);
      if (options.idTokenError) return Promise.reject(options.idTokenError);
      issued++;
      return Promise.resolve(idToken(issued));
    },
    env: { GITHUB_REPOSITORY_OWNER_ID: '9919', GITHUB_REPOSITORY_ID: '123456789' },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const credential = new GitHubOidcCredential(
    {
      clientId: CLIENT,
      tenantId: TENANT,
      audience: 'api://AzureADTokenExchange',
      endpoints: resolveAzureEndpoints('AzureCloud', { AZURE_AUTHORITY_HOST: 'https://127.0.0.1:8443' }),
    },
    deps,
  );
  return { credential, exchanges, constructed, audiences, loads: () => loads, issued: () => issued };
}

describe('GitHubOidcCredential', () => {
  it('loads @azure/identity only when a token is asked for', async () => {
    const t = setup();
    expect(t.loads()).toBe(0);
    await captureOutput(() => t.credential.getToken(ARM));
    await captureOutput(() => t.credential.getToken(ACR));
    expect(t.loads()).toBe(1);
    expect(t.constructed).toEqual([
      {
        tenantId: TENANT,
        clientId: CLIENT,
        options: { authorityHost: 'https://127.0.0.1:8443', disableInstanceDiscovery: true },
      },
    ]);
  });

  it('presents one fresh GitHub ID token per exchange, however often MSAL asks', async () => {
    const t = setup();
    await captureOutput(async () => {
      await t.credential.getToken(ARM);
      await t.credential.getToken(ACR);
    });
    expect(t.exchanges.map((e) => e.scope)).toEqual([ARM, ACR]);
    expect(t.exchanges[0]!.assertions).toEqual([idToken(1), idToken(1)]);
    expect(t.exchanges[1]!.assertions).toEqual([idToken(2), idToken(2)]);
    expect(t.credential.idTokensRequested).toBe(2);
    expect(t.audiences).toEqual(['api://AzureADTokenExchange', 'api://AzureADTokenExchange']);
    expect(t.credential.presentedClaims?.['jti']).toBe('id-2');
  });

  it('runs concurrent requests one after the other, each with its own ID token', async () => {
    const t = setup();
    await captureOutput(() => Promise.all([t.credential.getToken(ARM), t.credential.getToken(ACR)]));
    expect(t.exchanges.map((e) => new Set(e.assertions).size)).toEqual([1, 1]);
    expect(t.exchanges[0]!.assertions[0]).not.toBe(t.exchanges[1]!.assertions[0]);
  });

  it('registers every access token as a secret before returning it', async () => {
    const t = setup();
    const { stdout, result } = await captureOutput(() => t.credential.getToken(ARM));
    expect(result?.token).toBe(`access-1-${ARM}`);
    expect(stdout).toContain(`::add-mask::access-1-${ARM}`);
    expect(containsSecret(`access-1-${ARM}`)).toBe(true);
  });

  it('reuses a token that lives long enough, and exchanges again (a fresh ID token) when it does not', async () => {
    const long = setup();
    await captureOutput(async () => {
      await long.credential.getToken(ARM);
      await long.credential.getToken(ARM);
    });
    expect(long.exchanges).toHaveLength(1);
    const short = setup({ lifetimeMs: 60_000 });
    await captureOutput(async () => {
      await short.credential.getToken(ARM);
      await short.credential.getToken(ARM);
    });
    expect(short.exchanges).toHaveLength(2);
    expect(short.issued()).toBe(2);
  });

  it('explains a refused assertion with the claims of the ID token presented', async () => {
    const t = setup({
      fail: "invalid_client: Error(s): 70021 - Description: AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'x'. Trace ID: 17079c23-0135-4f5b-b124-75a9f0e0e2fc",
    });
    const { error } = await captureOutput(() => t.credential.getToken(ARM));
    expect(error).toBeInstanceOf(EntraLoginError);
    const e = error as EntraLoginError;
    expect(e.info.kind).toBe('assertion-rejected');
    expect(e.claims?.['jti']).toBe('id-1');
    expect(e.message).toContain("sub 'repo:octo-org/octo-repo:ref:refs/heads/main'");
    expect(e.message).toContain(
      '  repo:octo-org@9919/octo-repo@123456789:ref:refs/heads/main  (branch main, immutable owner and repository IDs)',
    );
    expect(e.message).not.toContain(idToken(1));
  });

  it('reports a failure to get the GitHub ID token as it is, not as an Entra ID error', async () => {
    const missing = new ConfigurationError("the job lacks 'permissions: id-token: write'");
    const t = setup({ idTokenError: missing });
    const { error } = await captureOutput(() => t.credential.getToken(ARM));
    expect(error).toBe(missing);
  });

  it('finds out why the OpenID configuration could not be read: an unknown tenant', async () => {
    const urls: string[] = [];
    const t = setup({
      fail: 'endpoints_resolution_error: See https://aka.ms/msal.js.errors#endpoints_resolution_error for details',
      fetch: (input) => {
        urls.push(String(input));
        return Promise.resolve(
          new Response(
            JSON.stringify({
              error: 'invalid_tenant',
              error_description: `AADSTS90002: Tenant '${TENANT}' not found. Check to make sure.`,
            }),
            { status: 400 },
          ),
        );
      },
    });
    const { error } = await captureOutput(() => t.credential.getToken(ARM));
    expect(urls).toEqual([`https://127.0.0.1:8443/${TENANT}/v2.0/.well-known/openid-configuration`]);
    expect((error as EntraLoginError).info.kind).toBe('unknown-tenant');
    expect((error as Error).message).toContain(
      `Entra ID at https://127.0.0.1:8443 has no tenant '${TENANT}' (AADSTS90002)`,
    );
  });

  it('finds out why the OpenID configuration could not be read: the network', async () => {
    const t = setup({
      fail: 'endpoints_resolution_error: See https://aka.ms/msal.js.errors#endpoints_resolution_error for details',
      fetch: () =>
        Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { message: 'self-signed certificate' } })),
    });
    const { error } = await captureOutput(() => t.credential.getToken(ARM));
    expect((error as EntraLoginError).info.kind).toBe('unreachable');
    expect((error as Error).message).toBe(
      `could not reach Entra ID at https://127.0.0.1:8443 for tenant '${TENANT}': GET https://127.0.0.1:8443/${TENANT}/v2.0/.well-known/openid-configuration failed: fetch failed (self-signed certificate)`,
    );
  });

  it('takes exactly one scope', async () => {
    const t = setup();
    await expect(t.credential.getToken([ARM, ACR])).rejects.toThrow('exactly one scope');
  });
});
