import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../lib/runtime/errors.js';
import { clearRegisteredSecrets, containsSecret } from '../../../lib/runtime/secrets.js';
import { FEDERATED_TOKEN_AUDIENCE, prepareWorkloadIdentity } from '../../../lib/sign/workload-identity.js';
import { captureOutput } from '../../harness/capture.js';

const CLIENT = '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const dir = mkdtempSync(path.join(os.tmpdir(), 'workload-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => clearRegisteredSecrets());

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe('the workload identity of the azure-kv plugin', () => {
  it('passes the client, tenant, token file and authority host, and registers the token as a secret', async () => {
    const token = jwt({ aud: 'api://AzureADTokenExchange', exp: 4102444800 });
    const file = path.join(dir, 'token');
    writeFileSync(file, `${token}\n`);
    const captured = await captureOutput(() =>
      prepareWorkloadIdentity(
        { clientId: CLIENT, tenantId: TENANT },
        { AZURE_FEDERATED_TOKEN_FILE: file, AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/' },
      ),
    );
    const identity = captured.result!;
    expect(identity.source).toBe('azure-login');
    expect(identity.env).toEqual({
      AZURE_CLIENT_ID: CLIENT,
      AZURE_TENANT_ID: TENANT,
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
    });
    expect(await identity.withTokenFile(async (env) => env)).toEqual({
      AZURE_CLIENT_ID: CLIENT,
      AZURE_TENANT_ID: TENANT,
      AZURE_FEDERATED_TOKEN_FILE: file,
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
    });
    await identity.remove();
    expect(existsSync(file)).toBe(true);
    expect(containsSecret(token)).toBe(true);
    expect(captured.stdout).toContain(`::add-mask::${token}`);
    expect(captured.stdout).not.toContain('::warning::');
  });

  it('warns about a token that has expired', async () => {
    const file = path.join(dir, 'expired');
    writeFileSync(file, jwt({ exp: 1_700_000_000 }));
    const captured = await captureOutput(() =>
      prepareWorkloadIdentity({ clientId: CLIENT, tenantId: TENANT }, { AZURE_FEDERATED_TOKEN_FILE: file }),
    );
    expect(captured.error).toBeUndefined();
    expect(captured.stdout).toContain(
      '::warning::the GitHub ID token in AZURE_FEDERATED_TOKEN_FILE expired at 2023-11-14T22:13:20.000Z',
    );
  });

  it.each([
    ['is not set', {}, 'AZURE_FEDERATED_TOKEN_FILE is not set; run actions/azure-login'],
    ['names a missing file', { AZURE_FEDERATED_TOKEN_FILE: '/nonexistent/token' }, 'which cannot be read'],
  ])('refuses a token file that %s', async (_name, env, message) => {
    const attempt = prepareWorkloadIdentity({ clientId: CLIENT, tenantId: TENANT }, env);
    await expect(attempt).rejects.toThrow(ConfigurationError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('refuses an empty token file', async () => {
    const file = path.join(dir, 'empty');
    writeFileSync(file, '\n');
    await expect(
      prepareWorkloadIdentity({ clientId: CLIENT, tenantId: TENANT }, { AZURE_FEDERATED_TOKEN_FILE: file }),
    ).rejects.toThrow('which is empty');
  });

  describe('the source of the federated token', () => {
    const OIDC = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/idtoken', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req' };

    function requester(): { audiences: string[]; request: (audience: string) => Promise<string> } {
      const audiences: string[] = [];
      return {
        audiences,
        request: async (audience) => {
          audiences.push(audience);
          return jwt({ aud: audience, n: audiences.length });
        },
      };
    }

    it('prefers a fresh GitHub ID token per call, in a 0600 file under RUNNER_TEMP removed after the call', async () => {
      const runnerTemp = mkdtempSync(path.join(dir, 'runner-temp-'));
      const stale = path.join(dir, 'azure-login-token');
      writeFileSync(stale, jwt({ exp: 1_700_000_000 }));
      const ids = requester();
      const identity = await prepareWorkloadIdentity(
        { clientId: CLIENT, tenantId: TENANT },
        { ...OIDC, RUNNER_TEMP: runnerTemp, AZURE_FEDERATED_TOKEN_FILE: stale },
        () => new Date(),
        ids.request,
      );
      expect(identity.source).toBe('github-id-token');
      expect(identity.env).toEqual({ AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT });
      expect(ids.audiences).toEqual([]);

      const seen: Array<{ file: string; content: string; mode: number; dirMode: number }> = [];
      for (let i = 0; i < 2; i++) {
        await identity.withTokenFile(async (env) => {
          const file = env['AZURE_FEDERATED_TOKEN_FILE']!;
          expect(env).toMatchObject({ AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT });
          seen.push({
            file,
            content: readFileSync(file, 'utf8'),
            mode: statSync(file).mode & 0o777,
            dirMode: statSync(path.dirname(file)).mode & 0o777,
          });
        });
        expect(existsSync(seen[i]!.file)).toBe(false);
      }
      expect(ids.audiences).toEqual([FEDERATED_TOKEN_AUDIENCE, FEDERATED_TOKEN_AUDIENCE]);
      expect(seen.map((s) => s.content)).toEqual([
        jwt({ aud: FEDERATED_TOKEN_AUDIENCE, n: 1 }),
        jwt({ aud: FEDERATED_TOKEN_AUDIENCE, n: 2 }),
      ]);
      for (const s of seen) {
        expect(s.file.startsWith(runnerTemp + path.sep)).toBe(true);
        expect(s.file).not.toBe(stale);
        expect(s.mode).toBe(0o600);
        expect(s.dirMode).toBe(0o700);
      }
      // The file is removed even when the call fails; the directory at the end.
      await expect(identity.withTokenFile(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
      expect(readdirSync(path.dirname(seen[0]!.file))).toEqual([]);
      await identity.remove();
      expect(readdirSync(runnerTemp)).toEqual([]);
    });

    it('falls back to the token file of actions/azure-login without both ID token variables', async () => {
      const file = path.join(dir, 'fallback-token');
      writeFileSync(file, jwt({ exp: 4102444800 }));
      const ids = requester();
      const identity = await prepareWorkloadIdentity(
        { clientId: CLIENT, tenantId: TENANT },
        { ACTIONS_ID_TOKEN_REQUEST_URL: OIDC.ACTIONS_ID_TOKEN_REQUEST_URL, AZURE_FEDERATED_TOKEN_FILE: file },
        () => new Date(),
        ids.request,
      );
      expect(identity.source).toBe('azure-login');
      expect((await identity.withTokenFile(async (env) => env))['AZURE_FEDERATED_TOKEN_FILE']).toBe(file);
      expect(ids.audiences).toEqual([]);
    });

    it('refuses clearly when there is neither', async () => {
      const ids = requester();
      await expect(
        prepareWorkloadIdentity({ clientId: CLIENT, tenantId: TENANT }, {}, () => new Date(), ids.request),
      ).rejects.toThrow(
        "mode 'sign' signs as the workload identity of actions/azure-login, and AZURE_FEDERATED_TOKEN_FILE is not set",
      );
      expect(ids.audiences).toEqual([]);
    });
  });
});
