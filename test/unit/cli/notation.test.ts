import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Notation, type NotationSignOptions } from '../../../lib/cli/notation.js';
import { clearRegisteredSecrets, registerSecret } from '../../../lib/runtime/secrets.js';
import { captureOutput } from '../../harness/capture.js';
import { createFakeExecutable } from '../../fakes/fake-executable.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/notation');
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const REF = `127.0.0.1:5000/team/app@${DIGEST}`;
const KEY_ID = 'https://my-vault.vault.azure.net/keys/signing/0123456789abcdef0123456789abcdef';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'notation-cli-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  clearRegisteredSecrets();
});

const base: NotationSignOptions = {
  reference: REF,
  keyId: KEY_ID,
  plugin: 'azure-kv',
  pluginConfig: [
    ['self_signed', 'true'],
    ['credential_type', 'workloadid'],
  ],
  signatureFormat: 'cose',
  userMetadata: [],
  insecureRegistry: false,
};

describe('notation sign argv', () => {
  it('signs a digest with the plugin, its configuration and the envelope format', () => {
    expect(Notation.signArgs(base)).toEqual([
      'sign',
      '--id',
      KEY_ID,
      '--plugin',
      'azure-kv',
      '--plugin-config',
      'self_signed=true',
      '--plugin-config',
      'credential_type=workloadid',
      '--signature-format',
      'cose',
      '--',
      REF,
    ]);
  });

  it('adds the timestamp authority, every user metadata pair in order, and plain HTTP for loopback', () => {
    const args = Notation.signArgs({
      ...base,
      pluginConfig: [['ca_certs', '/ws/chain.pem']],
      signatureFormat: 'jws',
      timestamp: { url: 'http://timestamp.digicert.com/', rootCertificate: '/ws/tsa-root.pem' },
      userMetadata: [
        ['org.opencontainers.image.revision', 'ffac537e'],
        ['team', 'a=b'],
      ],
      insecureRegistry: true,
    });
    expect(args).toEqual([
      'sign',
      '--id',
      KEY_ID,
      '--plugin',
      'azure-kv',
      '--plugin-config',
      'ca_certs=/ws/chain.pem',
      '--signature-format',
      'jws',
      '--timestamp-url',
      'http://timestamp.digicert.com/',
      '--timestamp-root-cert',
      '/ws/tsa-root.pem',
      '--user-metadata',
      'org.opencontainers.image.revision=ffac537e',
      '--user-metadata',
      'team=a=b',
      '--insecure-registry',
      '--',
      REF,
    ]);
  });

  it.each([
    '127.0.0.1:5000/team/app:1.0',
    '127.0.0.1:5000/team/app',
    `127.0.0.1:5000/team/app@sha256:${'ab'.repeat(31)}`,
  ])('refuses %s: only digests are signed', (reference) => {
    expect(() => Notation.signArgs({ ...base, reference })).toThrow('only given references pinned by digest');
    expect(() => Notation.verifyArgs(reference, { insecureRegistry: false })).toThrow('pinned by digest');
    expect(() => Notation.inspectArgs(reference, { insecureRegistry: false })).toThrow('pinned by digest');
  });

  it('refuses a metadata key with = in it', () => {
    expect(() => Notation.signArgs({ ...base, userMetadata: [['a=b', 'c']] })).toThrow("not a notation key: 'a=b'");
  });
});

describe('notation verify, inspect, cert add and policy import argv', () => {
  it('verifies a digest, with plain HTTP and verbose logs when asked', () => {
    expect(Notation.verifyArgs(REF, { insecureRegistry: false })).toEqual(['verify', '--', REF]);
    expect(Notation.verifyArgs(REF, { insecureRegistry: true, verbose: true })).toEqual([
      'verify',
      '--insecure-registry',
      '--verbose',
      '--',
      REF,
    ]);
  });

  it('inspects a digest as JSON', () => {
    expect(Notation.inspectArgs(REF, { insecureRegistry: true })).toEqual([
      'inspect',
      '--output',
      'json',
      '--insecure-registry',
      '--',
      REF,
    ]);
  });

  it('adds certificates to a named store of a type, and imports a trust policy without a prompt', () => {
    expect(Notation.certAddArgs('ca', 'devsecops', ['/ws/a.pem', '/ws/b.crt'])).toEqual([
      'cert',
      'add',
      '--type',
      'ca',
      '--store',
      'devsecops',
      '--',
      '/ws/a.pem',
      '/ws/b.crt',
    ]);
    expect(Notation.policyImportArgs('/tmp/p.json')).toEqual(['policy', 'import', '--force', '--', '/tmp/p.json']);
    expect(() => Notation.certAddArgs('ca', 'bad name', ['/a.pem'])).toThrow('not a notation trust store name');
    expect(() => Notation.certAddArgs('tsa', 'ts', [])).toThrow('no certificates');
  });
});

describe('notation environment and plugin path', () => {
  it('points every notation directory under the root and drops other Azure credentials', () => {
    const env = Notation.environment('/tmp/n', {
      PATH: '/bin',
      HOME: '/home/runner',
      DOCKER_CONFIG: '/tmp/docker',
      AZURE_CLIENT_SECRET: 'shh',
      AZURE_CLIENT_CERTIFICATE_PATH: '/cert.pem',
      AZURE_PASSWORD: 'pw',
      AZURE_CLIENT_ID: 'id',
    });
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/home/runner',
      DOCKER_CONFIG: '/tmp/docker',
      AZURE_CLIENT_ID: 'id',
      NOTATION_CONFIG: '/tmp/n/notation',
      NOTATION_LIBEXEC: '/tmp/n/notation',
      NOTATION_CACHE: '/tmp/n/cache/notation',
      XDG_CONFIG_HOME: '/tmp/n',
      XDG_CACHE_HOME: '/tmp/n/cache',
    });
  });

  it('puts a plugin at plugins/<name>/notation-<name>', () => {
    expect(Notation.pluginPath('/tmp/n/notation', 'azure-kv', false)).toBe(
      '/tmp/n/notation/plugins/azure-kv/notation-azure-kv',
    );
    expect(Notation.pluginPath('/n', 'azure-kv', true)).toBe(
      path.join('/n', 'plugins', 'azure-kv', 'notation-azure-kv.exe'),
    );
  });
});

describe('notation version and verify output', () => {
  it.each([
    [
      'Notation - a tool to sign and verify artifacts.\n\nVersion:     1.3.2\nGo version:  go1.23.8\nOS/Arch:     linux/amd64\nGit commit:  abc\n',
      '1.3.2',
    ],
    ['Version:     v1.1.0\n', '1.1.0'],
    ['garbage', 'unknown'],
  ])('reads the version of %j', (stdout, version) => {
    expect(Notation.parseVersion(stdout)).toBe(version);
  });

  it('counts exit 0 with "Successfully verified signature for" as verified, keeping warnings', () => {
    expect(
      Notation.parseVerifyResult({
        exitCode: 0,
        stdout: `Successfully verified signature for ${REF}\n\nThe artifact was signed with the following user metadata.\n`,
        stderr: 'Warning: revocation was set to "log" and failed with error: ocsp unavailable\n',
      }),
    ).toEqual({ verified: true, warnings: ['revocation was set to "log" and failed with error: ocsp unavailable'] });
  });

  it('does not count a trust policy that skips verification, nor an unexplained exit 0', () => {
    expect(
      Notation.parseVerifyResult({
        exitCode: 0,
        stdout: `Trust policy is configured to skip signature verification for ${REF}\n`,
        stderr: '',
      }),
    ).toEqual({
      verified: false,
      reason: 'the trust policy skips signature verification for this image',
      warnings: [],
    });
    expect(Notation.parseVerifyResult({ exitCode: 0, stdout: '', stderr: '' }).verified).toBe(false);
  });

  it("takes notation's last Error: line as the reason of a failure, else the last stderr line or the exit code", () => {
    expect(
      Notation.parseVerifyResult({
        exitCode: 1,
        stdout: '',
        stderr: `Error: signature verification failed for all the signatures associated with ${REF}\n`,
      }),
    ).toEqual({
      verified: false,
      reason: `signature verification failed for all the signatures associated with ${REF}`,
      warnings: [],
    });
    expect(Notation.parseVerifyResult({ exitCode: 1, stdout: '', stderr: 'panic: boom\n\n' }).reason).toBe(
      'panic: boom',
    );
    expect(Notation.parseVerifyResult({ exitCode: 3, stdout: '', stderr: '' }).reason).toBe(
      'notation verify exited with code 3',
    );
  });
});

describe('Notation through a fake executable', () => {
  it('memoises the version, inspects with JSON kept out of the log, and reports a failed verification as an outcome', async () => {
    const fake = createFakeExecutable(scratch, 'notation', {
      recordEnv: ['NOTATION_CONFIG', 'AZURE_FEDERATED_TOKEN_FILE'],
      cases: [
        { expect: ['version'], stdout: 'Notation - a tool to sign and verify artifacts.\n\nVersion:     1.3.2\n' },
        {
          expect: ['inspect', '--output', 'json', '--insecure-registry', '--', REF],
          stdout: { file: path.join(FIXTURES, 'inspect-with-timestamped-oci-layout-and-output-in-json.json') },
        },
        {
          expect: ['verify', '--insecure-registry', '--', REF],
          stderr: `Error: signature verification failed for all the signatures associated with ${REF}\n`,
          exitCode: 1,
        },
        { expect: { startsWith: ['sign'], includes: ['--id', KEY_ID] }, stdout: `Successfully signed ${REF}\n` },
      ],
    });
    const env = { ...Notation.environment(path.join(scratch, 'home')), AZURE_FEDERATED_TOKEN_FILE: '/tmp/token' };
    const notation = new Notation(fake.path, env);
    const captured = await captureOutput(async () => {
      expect(await notation.version()).toBe('1.3.2');
      expect(await notation.version()).toBe('1.3.2');
      const inspected = await notation.inspect(REF, { insecureRegistry: true }, 10_000);
      expect(inspected.signatures.map((s) => s.digest)).toEqual([
        'sha256:6a5cd3a886707a317935dcaf13954fc80ef9aeb665262b6ae4fe469ad7ea3aea',
      ]);
      const outcome = await notation.verify(REF, { insecureRegistry: true }, 10_000);
      expect(outcome.verified).toBe(false);
      expect(outcome.reason).toContain('signature verification failed for all the signatures');
      await notation.sign({ ...base, insecureRegistry: true }, 10_000);
    });
    expect(captured.error).toBeUndefined();
    expect(captured.stdout).not.toContain('"signatures"');
    expect(captured.stdout).toContain(`Successfully signed ${REF}`);
    const calls = fake.invocations();
    expect(calls.map((c) => c.argv[0])).toEqual(['version', 'inspect', 'verify', 'sign']);
    for (const call of calls) {
      expect(call.env).toEqual({
        NOTATION_CONFIG: path.join(scratch, 'home', 'notation'),
        AZURE_FEDERATED_TOKEN_FILE: '/tmp/token',
      });
    }
  });

  it('refuses to run with a registered secret on the command line', async () => {
    const fake = createFakeExecutable(scratch, 'notation-secret', {});
    const captured = await captureOutput(() => {
      registerSecret('metadata-secret-0123456789');
      return new Notation(fake.path).sign({ ...base, userMetadata: [['token', 'metadata-secret-0123456789']] }, 10_000);
    });
    expect(String(captured.error)).toContain('a secret would appear on its command line');
    expect(fake.invocations()).toEqual([]);
  });

  it('throws when notation fails for another reason than verification (exit 2), with its stderr', async () => {
    const fake = createFakeExecutable(scratch, 'notation-broken', {
      stderr: 'Error: trust policy is not present\n',
      exitCode: 2,
    });
    const captured = await captureOutput(() =>
      new Notation(fake.path).verify(REF, { insecureRegistry: false }, 10_000),
    );
    expect(String(captured.error)).toMatch(
      /notation-broken exited with code 2; last lines of stderr:\nError: trust policy/,
    );
  });
});
