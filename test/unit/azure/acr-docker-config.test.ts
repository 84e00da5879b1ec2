import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ACR_TOKEN_USERNAME,
  acrAuthEntry,
  mergeDockerConfig,
  readCurrentDockerConfig,
} from '../../../lib/azure/acr-docker-config.js';
import { dockerConfigCredentials } from '../../../lib/oci/docker-config.js';
import { clearRegisteredSecrets, containsSecret } from '../../../lib/runtime/secrets.js';
import { captureOutput } from '../../harness/capture.js';
import { parseWorkflowCommands } from '../../harness/file-commands.js';

const REFRESH = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJteWFjci5henVyZWNyLmlvIn0.c2lnbmF0dXJl';
const AUTH = Buffer.from(`00000000-0000-0000-0000-000000000000:${REFRESH}`).toString('base64');

afterEach(() => clearRegisteredSecrets());

describe('acrAuthEntry', () => {
  it('holds the refresh token as identity token and as the password of the all-zero user, both masked', async () => {
    const { stdout, result } = await captureOutput(() => acrAuthEntry(REFRESH));
    expect(ACR_TOKEN_USERNAME).toBe('00000000-0000-0000-0000-000000000000');
    expect(result).toEqual({ auth: AUTH, identitytoken: REFRESH });
    expect(parseWorkflowCommands(stdout).masked).toEqual(expect.arrayContaining([REFRESH, AUTH]));
    expect(containsSecret(AUTH)).toBe(true);
  });
});

describe('mergeDockerConfig', () => {
  it('writes the logins into an empty configuration', async () => {
    const { result } = await captureOutput(() =>
      mergeDockerConfig(undefined, [
        { registry: 'myacr.azurecr.io', refreshToken: REFRESH },
        { registry: '127.0.0.1:5000', refreshToken: `${REFRESH}2` },
      ]),
    );
    expect(result!.notes).toEqual([]);
    expect(result!.config).toEqual({
      auths: {
        'myacr.azurecr.io': { auth: AUTH, identitytoken: REFRESH },
        '127.0.0.1:5000': {
          auth: Buffer.from(`00000000-0000-0000-0000-000000000000:${REFRESH}2`).toString('base64'),
          identitytoken: `${REFRESH}2`,
        },
      },
    });
  });

  it("keeps other registries' logins and settings, replaces an old entry of the same registry", async () => {
    const existing = {
      auths: {
        'ghcr.io': { auth: 'dXNlcjpwYXNz' },
        'https://MyACR.azurecr.io/v2/': { auth: 'b2xkOm9sZA==' },
      },
      proxies: { default: { httpProxy: 'http://proxy:3128' } },
      credHelpers: { 'myacr.azurecr.io': 'acr-env', 'gcr.io': 'gcloud' },
    };
    const { result } = await captureOutput(() =>
      mergeDockerConfig(existing, [{ registry: 'myacr.azurecr.io', refreshToken: REFRESH }]),
    );
    expect(result!.config).toEqual({
      auths: { 'ghcr.io': { auth: 'dXNlcjpwYXNz' }, 'myacr.azurecr.io': { auth: AUTH, identitytoken: REFRESH } },
      proxies: { default: { httpProxy: 'http://proxy:3128' } },
      credHelpers: { 'gcr.io': 'gcloud' },
    });
    expect(result!.notes).toEqual([
      "dropped the credential helper 'acr-env' of myacr.azurecr.io: it would hide the ACR token",
    ]);
    // The input is not changed.
    expect(existing.credHelpers['myacr.azurecr.io']).toBe('acr-env');
  });

  it('drops a credential store (docker would ignore auths) and an emptied credHelpers', async () => {
    const { result } = await captureOutput(() =>
      mergeDockerConfig({ credsStore: 'desktop', credHelpers: { 'myacr.azurecr.io': 'acr-env' } }, [
        { registry: 'myacr.azurecr.io', refreshToken: REFRESH },
      ]),
    );
    expect(Object.keys(result!.config)).toEqual(['auths']);
    expect(result!.notes).toHaveLength(2);
    expect(result!.notes[1]).toContain("dropped the credential store 'desktop'");
  });

  it('starts afresh from something that is not an object', async () => {
    for (const existing of [null, [], 'text', 42]) {
      const { result } = await captureOutput(() =>
        mergeDockerConfig(existing, [{ registry: 'myacr.azurecr.io', refreshToken: REFRESH }]),
      );
      expect(Object.keys(result!.config)).toEqual(['auths']);
    }
  });

  it('is read back by lib/oci as an identity token for the registry', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'acr-docker-config-'));
    try {
      const { result } = await captureOutput(() =>
        mergeDockerConfig(undefined, [{ registry: 'myacr.azurecr.io', refreshToken: REFRESH }]),
      );
      await writeFile(path.join(dir, 'config.json'), JSON.stringify(result!.config));
      const { result: found } = await captureOutput(() =>
        dockerConfigCredentials('myacr.azurecr.io', { DOCKER_CONFIG: dir }),
      );
      expect(found?.credentials).toEqual({
        kind: 'identity-token',
        identityToken: REFRESH,
        username: '00000000-0000-0000-0000-000000000000',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readCurrentDockerConfig', () => {
  it('reads DOCKER_CONFIG/config.json, or says why it could not', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'acr-docker-config-'));
    try {
      const file = path.join(dir, 'config.json');
      expect(await readCurrentDockerConfig({ DOCKER_CONFIG: dir })).toEqual({ file, config: undefined });
      await writeFile(file, '{"auths":{}}');
      expect(await readCurrentDockerConfig({ DOCKER_CONFIG: dir })).toEqual({ file, config: { auths: {} } });
      await writeFile(file, '{not json');
      expect(await readCurrentDockerConfig({ DOCKER_CONFIG: dir })).toEqual({
        file,
        config: undefined,
        problem: `${file} is not valid JSON; it was not carried over`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
