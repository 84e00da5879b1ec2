import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, statSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  createCredentialsDir,
  createPrivateDir,
  removeCredentialPath,
  writePrivateFile,
} from '../../../lib/azure/credential-files.js';

let root: string;
let runnerTemp: string;
let env: NodeJS.ProcessEnv;
const mode = (p: string): number => statSync(p).mode & 0o777;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'credential-files-'));
  runnerTemp = path.join(root, 'runner-temp');
  await mkdir(runnerTemp);
  env = { RUNNER_TEMP: runnerTemp };
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('credential files', () => {
  it('live in a fresh 0700 directory under RUNNER_TEMP, each 0600, whatever the umask', async () => {
    const previous = process.umask(0o000);
    try {
      const dir = await createCredentialsDir('azure-login', env);
      expect(path.dirname(dir)).toBe(runnerTemp);
      expect(path.basename(dir)).toMatch(/^azure-login-/);
      expect(mode(dir)).toBe(0o700);
      const sub = await createPrivateDir(path.join(dir, 'docker'));
      expect(mode(sub)).toBe(0o700);
      const file = path.join(sub, 'config.json');
      await writePrivateFile(file, '{}');
      expect(mode(file)).toBe(0o600);
      expect(await readFile(file, 'utf8')).toBe('{}');
      // Never over an existing file.
      await expect(writePrivateFile(file, 'again')).rejects.toThrow(/EEXIST/);
      // A second directory is another one.
      expect(await createCredentialsDir('azure-login', env)).not.toBe(dir);
    } finally {
      process.umask(previous);
    }
  });

  it('are removed only under RUNNER_TEMP', async () => {
    const dir = await createCredentialsDir('azure-login', env);
    const file = path.join(dir, 'federated-token');
    await writePrivateFile(file, 'token');
    expect(await removeCredentialPath(file, env)).toBe('removed');
    expect(existsSync(file)).toBe(false);
    expect(await removeCredentialPath(file, env)).toBe('absent');
    expect(await removeCredentialPath(dir, env)).toBe('removed');
    expect(existsSync(dir)).toBe(false);

    const outside = path.join(root, 'outside.txt');
    await writeFile(outside, 'keep me');
    expect(await removeCredentialPath(outside, env)).toBe('refused');
    expect(await removeCredentialPath('relative/path', env)).toBe('refused');
    expect(await removeCredentialPath(runnerTemp, env)).toBe('refused');
    expect(await removeCredentialPath(path.join(runnerTemp, '..', 'outside.txt'), env)).toBe('refused');
    // A link under RUNNER_TEMP that leads out is not followed.
    symlinkSync(outside, path.join(runnerTemp, 'link'));
    expect(await removeCredentialPath(path.join(runnerTemp, 'link'), env)).toBe('refused');
    expect(existsSync(outside)).toBe(true);
  });
});
