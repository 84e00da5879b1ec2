import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setListOutput, setOutput } from '../../../lib/runtime/outputs.js';
import { clearRegisteredSecrets, registerSecret } from '../../../lib/runtime/secrets.js';
import { captureOutput, setEnv } from '../../harness/capture.js';
import { parseKeyValueFile } from '../../harness/file-commands.js';

let dir: string;
let outputFile: string;
let restore: () => void;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'outputs-'));
  outputFile = path.join(dir, 'output');
  await writeFile(outputFile, '');
  restore = setEnv({ GITHUB_OUTPUT: outputFile });
});

afterEach(async () => {
  restore();
  clearRegisteredSecrets();
  await rm(dir, { recursive: true, force: true });
});

const outputs = async (): Promise<Record<string, string>> =>
  parseKeyValueFile(await readFile(outputFile, 'utf8'), 'GITHUB_OUTPUT');

describe('setOutput', () => {
  it('writes strings, numbers and booleans to GITHUB_OUTPUT', async () => {
    setOutput('gate', 'pass');
    setOutput('critical', 0);
    setOutput('cached', true);
    expect(await outputs()).toEqual({ gate: 'pass', critical: '0', cached: 'true' });
  });

  it.each(['a\nb', 'a\r\nb', 'trailing\n', 'a\rb'])(
    'refuses a line break in a single-line output (%j)',
    async (value) => {
      expect(() => setOutput('gate', value)).toThrow("output 'gate' must be a single line; the value has a line break");
      expect(await outputs()).toEqual({});
    },
  );

  it('writes a multiline output when asked to', async () => {
    setOutput('files', 'a.json\nb.json', { multiline: true });
    expect(await outputs()).toEqual({ files: 'a.json\nb.json' });
  });

  it('refuses a registered secret, also inside a longer value and in its base64 form', async () => {
    const secret = 'acr-refresh-token-0123456789';
    await captureOutput(() => registerSecret(secret));
    expect(() => setOutput('token', secret)).toThrow("output 'token' would contain a secret; refusing to set it");
    expect(() => setOutput('config', `{"auth":"${secret}"}`)).toThrow(/would contain a secret/);
    expect(() => setOutput('config', Buffer.from(secret).toString('base64'))).toThrow(/would contain a secret/);
    expect(() => setOutput('lines', `a\n${secret}`, { multiline: true })).toThrow(/would contain a secret/);
    expect(await outputs()).toEqual({});
  });
});

describe('setListOutput', () => {
  it('writes one item per line', async () => {
    setListOutput('digests', ['sha256:aa', 'sha256:bb']);
    setListOutput('none', []);
    expect(await outputs()).toEqual({ digests: 'sha256:aa\nsha256:bb', none: '' });
  });

  it('refuses an item with a line break', async () => {
    expect(() => setListOutput('files', ['a', 'b\nc'])).toThrow("output 'files': an item has a line break");
    expect(await outputs()).toEqual({});
  });
});
