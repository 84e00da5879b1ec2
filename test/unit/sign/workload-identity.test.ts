import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../lib/runtime/errors.js';
import { clearRegisteredSecrets, containsSecret } from '../../../lib/runtime/secrets.js';
import { prepareWorkloadIdentity } from '../../../lib/sign/workload-identity.js';
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
    expect(captured.result).toEqual({
      tokenFile: file,
      env: {
        AZURE_CLIENT_ID: CLIENT,
        AZURE_TENANT_ID: TENANT,
        AZURE_FEDERATED_TOKEN_FILE: file,
        AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
      },
    });
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
});
