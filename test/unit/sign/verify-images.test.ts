import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InstalledTool } from '../../../lib/tools/installer.js';
import { captureOutput } from '../../harness/capture.js';
import { createFakeExecutable, type FakeExecutable } from '../../fakes/fake-executable.js';

/*
 * verifyImageSignatures with a fake notation in place of the installed one:
 * the trust store and policy are set up in a configuration of its own under
 * RUNNER_TEMP, every image is verified, every failure is named, and nothing
 * is left behind.
 */

const scratch = mkdtempSync(path.join(os.tmpdir(), 'verify-images-'));
const runnerTemp = path.join(scratch, 'runner-temp');
let notationPath = '';
const installNotation = jest.fn(async (): Promise<InstalledTool> => ({
  tool: 'notation',
  version: '1.3.2',
  path: notationPath,
  dir: scratch,
  fromCache: false,
}));
jest.unstable_mockModule('../../../lib/sign/install-notation.js', () => ({
  installNotation,
  installAzureKvPlugin: jest.fn(),
  AZURE_KV_PLUGIN: 'azure-kv',
}));
const { verifyImageSignatures } = await import('../../../lib/sign/verify-images.js');

const GOOD = `127.0.0.1:5000/team/app@sha256:${'1'.repeat(64)}`;
const BAD = `myacr.azurecr.io/team/api@sha256:${'2'.repeat(64)}`;
const IDENTITY = 'x509.subject: C=US, ST=WA, O=Example Org';
const cert = path.join(scratch, 'ws', 'certs', 'root.pem');
mkdirSync(path.dirname(cert), { recursive: true });
writeFileSync(cert, 'pem');

const previousTemp = process.env['RUNNER_TEMP'];
beforeEach(() => {
  rmSync(runnerTemp, { recursive: true, force: true });
  mkdirSync(runnerTemp, { recursive: true });
  process.env['RUNNER_TEMP'] = runnerTemp;
  installNotation.mockClear();
});
afterAll(() => {
  if (previousTemp === undefined) delete process.env['RUNNER_TEMP'];
  else process.env['RUNNER_TEMP'] = previousTemp;
  rmSync(scratch, { recursive: true, force: true });
});

function fakeNotation(name: string): FakeExecutable {
  const fake = createFakeExecutable(scratch, name, {
    recordEnv: ['NOTATION_CONFIG', 'NOTATION_LIBEXEC', 'XDG_CONFIG_HOME'],
    cases: [
      { expect: ['version'], stdout: 'Version:     1.3.2\n' },
      { expect: ['cert', 'add', '--type', 'ca', '--store', 'devsecops', '--', cert] },
      {
        expect: { startsWith: ['policy', 'import', '--force', '--'] },
        stdout: 'Trust policy configuration imported successfully.\n',
      },
      {
        expect: ['verify', '--insecure-registry', '--', GOOD],
        stdout: `Successfully verified signature for ${GOOD}\n`,
      },
      {
        expect: ['verify', '--', BAD],
        stderr: `Error: signature verification failed for all the signatures associated with ${BAD}\n`,
        exitCode: 1,
      },
    ],
  });
  notationPath = fake.path;
  return fake;
}

const request = {
  trust: { 'trust-store-certs': [cert], 'trusted-identities': [IDENTITY] },
  notation: {},
  timeoutMs: 60_000,
};

describe('verifyImageSignatures', () => {
  it('verifies every image, names each failure, and removes its notation configuration', async () => {
    const fake = fakeNotation('notation-mixed');
    const captured = await captureOutput(() => verifyImageSignatures({ ...request, images: [BAD, GOOD] }));
    expect(captured.error).toBeUndefined();
    expect(captured.result).toEqual({
      verified: [GOOD],
      failures: [{ image: BAD, reason: `signature verification failed for all the signatures associated with ${BAD}` }],
      notationVersion: '1.3.2',
      trustPolicy: { generated: true, text: expect.any(String) },
    });
    expect(JSON.parse(captured.result!.trustPolicy!.text)).toEqual({
      version: '1.0',
      trustPolicies: [
        {
          name: 'devsecops-images',
          registryScopes: ['myacr.azurecr.io/team/api', '127.0.0.1:5000/team/app'],
          signatureVerification: { level: 'strict' },
          trustStores: ['ca:devsecops'],
          trustedIdentities: [IDENTITY],
        },
      ],
    });
    const calls = fake.invocations();
    expect(calls.map((c) => c.argv.slice(0, 2).join(' '))).toEqual([
      'version',
      'cert add',
      'policy import',
      `verify --`,
      'verify --insecure-registry',
    ]);
    expect(calls.every((c) => c.exitCode !== 97)).toBe(true);
    const config = calls[0]!.env['NOTATION_CONFIG']!;
    expect(config.startsWith(runnerTemp + path.sep)).toBe(true);
    expect(calls.every((c) => c.env['NOTATION_CONFIG'] === config && c.env['NOTATION_LIBEXEC'] === config)).toBe(true);
    expect(calls[2]!.argv[4]!.startsWith(path.dirname(config))).toBe(true);
    expect(readdirSync(runnerTemp)).toEqual([]);
    expect(captured.stdout).toContain(`${BAD}: NOT verified: signature verification failed`);
  });

  it('refuses a tag before anything is installed or run', async () => {
    await expect(verifyImageSignatures({ ...request, images: ['127.0.0.1:5000/team/app:1.0'] })).rejects.toThrow(
      '127.0.0.1:5000/team/app:1.0 is not pinned by digest: only digests are verified',
    );
    expect(installNotation).not.toHaveBeenCalled();
  });

  it('refuses trust material it cannot use before anything is installed', async () => {
    const policy = path.join(scratch, 'ws', 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        version: '1.0',
        trustPolicies: [{ name: 'p', registryScopes: ['*'], trustStores: ['ca:a', 'ca:b'], trustedIdentities: ['*'] }],
      }),
    );
    await expect(
      verifyImageSignatures({
        ...request,
        images: [GOOD],
        trust: { 'trust-policy': policy, 'trust-store-certs': [cert], 'trusted-identities': [] },
      }),
    ).rejects.toThrow('certificate files must sit in directories named after their store');
    expect(installNotation).not.toHaveBeenCalled();
    expect(readdirSync(runnerTemp)).toEqual([]);
  });

  it('returns nothing to do for no images', async () => {
    expect(await verifyImageSignatures({ ...request, images: [] })).toEqual({ verified: [], failures: [] });
    expect(installNotation).not.toHaveBeenCalled();
  });
});
