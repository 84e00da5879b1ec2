import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dockerConfigCredentials, dockerConfigPath, normaliseAuthKey } from '../../../lib/oci/docker-config.js';
import { registryCredentials } from '../../../lib/oci/registry-credentials.js';
import { clearRegisteredSecrets, containsSecret } from '../../../lib/runtime/secrets.js';
import { captureOutput } from '../../harness/capture.js';

afterEach(() => clearRegisteredSecrets());

function configDir(config: unknown): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-config-'));
  writeFileSync(path.join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return { DOCKER_CONFIG: dir };
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

async function read(registry: string, env: NodeJS.ProcessEnv): Promise<ReturnType<typeof dockerConfigCredentials>> {
  const captured = await captureOutput(() => dockerConfigCredentials(registry, env));
  if (captured.error) throw captured.error;
  return captured.result;
}

describe('docker config credentials', () => {
  it('reads DOCKER_CONFIG/config.json, else ~/.docker/config.json', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/x' })).toBe('/x/config.json');
    expect(dockerConfigPath({ HOME: '/home/runner' })).toBe('/home/runner/.docker/config.json');
  });

  it.each([
    ['myacr.azurecr.io', 'myacr.azurecr.io'],
    ['https://myacr.azurecr.io', 'myacr.azurecr.io'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['http://127.0.0.1:5000/', '127.0.0.1:5000'],
  ])('normalises the key %s to %s', (key, host) => {
    expect(normaliseAuthKey(key)).toBe(host);
  });

  it('decodes auth (base64 of user:password) and registers the password and the encoded form as secrets', async () => {
    const env = configDir({ auths: { 'https://index.docker.io/v1/': { auth: b64('octocat:hub-pat-0123456789') } } });
    const found = await read('docker.io', env);
    expect(found?.credentials).toEqual({ kind: 'basic', username: 'octocat', password: 'hub-pat-0123456789' });
    expect(found?.origin).toContain('config.json');
    expect(containsSecret('hub-pat-0123456789')).toBe(true);
    expect(containsSecret(b64('octocat:hub-pat-0123456789'))).toBe(true);
  });

  it('prefers an identitytoken (ACR refresh token) and registers it', async () => {
    const env = configDir({
      auths: {
        'myacr.azurecr.io': {
          auth: b64('00000000-0000-0000-0000-000000000000:'),
          identitytoken: 'acr-refresh-0123456789',
        },
      },
    });
    const found = await read('myacr.azurecr.io', env);
    expect(found?.credentials).toEqual({
      kind: 'identity-token',
      identityToken: 'acr-refresh-0123456789',
      username: '00000000-0000-0000-0000-000000000000',
    });
    expect(containsSecret('acr-refresh-0123456789')).toBe(true);
  });

  it('has nothing for a registry it does not list, or without a config file', async () => {
    expect(
      await read('other.example', configDir({ auths: { 'myacr.azurecr.io': { auth: b64('u:p') } } })),
    ).toBeUndefined();
    expect(await read('x.example', { DOCKER_CONFIG: path.join(os.tmpdir(), 'no-such-docker-config') })).toBeUndefined();
  });

  it('warns that credential helpers are not run when the registry has no auths entry', async () => {
    const env = configDir({ auths: {}, credHelpers: { 'myacr.azurecr.io': 'acr-env' } });
    const captured = await captureOutput(() => dockerConfigCredentials('myacr.azurecr.io', env));
    expect(captured.result).toBeUndefined();
    expect(captured.stdout).toMatch(/::warning::.*docker-credential-acr-env, which this action does not run/);
    const other = await captureOutput(() => dockerConfigCredentials('other.example', env));
    expect(other.stdout).not.toContain('::warning::');
  });

  it('refuses a config file that is not JSON, saying which file', async () => {
    const env = configDir('{not json');
    await expect(read('x.example', env)).rejects.toThrow(/config\.json is not valid JSON/);
  });

  it('the inputs win over the docker config', async () => {
    const env = configDir({ auths: { 'myacr.azurecr.io': { identitytoken: 'acr-refresh-0123456789' } } });
    const given = registryCredentials('myacr.azurecr.io', { username: 'bot', password: 'pw' }, env);
    expect(given?.credentials).toEqual({ kind: 'basic', username: 'bot', password: 'pw' });
    expect(given?.origin).toBe('the registry-username and registry-password inputs');
    const captured = await captureOutput(() => registryCredentials('myacr.azurecr.io', undefined, env));
    expect(captured.result?.credentials.kind).toBe('identity-token');
  });
});
