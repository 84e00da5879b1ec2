import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Syft, type SyftScanOptions } from '../../../lib/cli/syft.js';
import { exec } from '../../../lib/exec.js';
import { clearRegisteredSecrets, registerSecret } from '../../../lib/runtime/secrets.js';
import { captureOutput } from '../../harness/capture.js';
import { createFakeExecutable } from '../../fakes/fake-executable.js';

const REAL = path.resolve(import.meta.dirname, '../../../../shared/fixtures/real/syft');
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'syft-cli-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  clearRegisteredSecrets();
});

const base: SyftScanOptions = {
  source: { kind: 'registry', reference: `127.0.0.1:5000/team/app@${DIGEST}` },
  outputs: [
    { format: 'spdx-json', file: '/out/sbom.spdx.json' },
    { format: 'cyclonedx-json', file: '/out/sbom.cyclonedx.json' },
  ],
  timeoutMs: 60_000,
};

describe('Syft argv', () => {
  it('writes every format from one run: scan <source> -o <format>=<file> …', () => {
    expect(Syft.scanArgs(base)).toEqual([
      'scan',
      `registry:127.0.0.1:5000/team/app@${DIGEST}`,
      '-o',
      'spdx-json=/out/sbom.spdx.json',
      '-o',
      'cyclonedx-json=/out/sbom.cyclonedx.json',
    ]);
  });

  it.each([
    [{ kind: 'dir', path: '/ws/app' }, 'dir:/ws/app'],
    [{ kind: 'oci-dir', path: '/ws/oci' }, 'oci-dir:/ws/oci'],
    [{ kind: 'docker-archive', path: '/ws/app.tar' }, 'docker-archive:/ws/app.tar'],
  ] as const)('names the source %j %s', (source, arg) => {
    expect(Syft.scanArgs({ ...base, source })[1]).toBe(arg);
  });

  it('refuses a run without outputs', () => {
    expect(() => Syft.scanArgs({ ...base, outputs: [] })).toThrow('at least one output');
  });
});

describe('Syft environment', () => {
  it('carries plain HTTP and the credentials for the registry, and turns off the update check', () => {
    const env = Syft.scanEnv(
      { ...base, insecureUseHttp: true, auth: { authority: '127.0.0.1:5000', username: 'bot', password: 's3cret' } },
      { PATH: '/bin', DOCKER_CONFIG: '/cfg' },
    );
    expect(env).toEqual({
      PATH: '/bin',
      DOCKER_CONFIG: '/cfg',
      SYFT_CHECK_FOR_APP_UPDATE: 'false',
      SYFT_REGISTRY_INSECURE_USE_HTTP: 'true',
      SYFT_REGISTRY_AUTH_AUTHORITY: '127.0.0.1:5000',
      SYFT_REGISTRY_AUTH_USERNAME: 'bot',
      SYFT_REGISTRY_AUTH_PASSWORD: 's3cret',
    });
  });

  it('names Docker Hub as go-containerregistry does, and drops credentials inherited from the environment', () => {
    const env = Syft.scanEnv(
      { ...base, auth: { authority: 'docker.io', username: 'u', password: 'p' } },
      { SYFT_REGISTRY_AUTH_TOKEN: 'stale' },
    );
    expect(env['SYFT_REGISTRY_AUTH_AUTHORITY']).toBe('index.docker.io');
    expect(env['SYFT_REGISTRY_AUTH_TOKEN']).toBeUndefined();
    expect(env['SYFT_REGISTRY_INSECURE_USE_HTTP']).toBeUndefined();
    expect(Syft.scanEnv(base, {})['SYFT_REGISTRY_AUTH_PASSWORD']).toBeUndefined();
  });
});

describe('Syft version', () => {
  it.each([
    ['{"application":"syft","version":"1.40.1","buildDate":"2025-12-01T00:00:00Z"}', '1.40.1'],
    ['{"application":"syft","version":"v0.98.0"}', '0.98.0'],
    ['Application:   syft\nVersion:       1.20.0\nBuildDate:     2025-02-01\n', '1.20.0'],
    ['garbage', 'unknown'],
  ])('%s is %s', (stdout, version) => {
    expect(Syft.parseVersion(stdout)).toBe(version);
  });
});

describe('Syft through a fake executable', () => {
  it('runs the version once (memoised) and a scan that writes the real fixtures, with the password only in its environment', async () => {
    const password = 'registry-password-0123456789';
    const fake = createFakeExecutable(scratch, 'syft', {
      recordEnv: ['SYFT_REGISTRY_AUTH_PASSWORD', 'SYFT_CHECK_FOR_APP_UPDATE'],
      cases: [
        { expect: ['version', '-o', 'json'], stdout: '{"application":"syft","version":"1.40.1"}' },
        {
          expect: { startsWith: ['scan', `registry:127.0.0.1:5000/team/app@${DIGEST}`] },
          files: [
            { fromArg: '-o', valuePrefix: 'spdx-json=', copy: path.join(REAL, 'spdx-image-snapshot.json') },
            { fromArg: '-o', valuePrefix: 'cyclonedx-json=', copy: path.join(REAL, 'cyclonedx-image-snapshot.json') },
          ],
        },
      ],
    });
    const syft = new Syft(fake.path);
    const spdx = path.join(scratch, 'out', 'sbom.spdx.json');
    const cdx = path.join(scratch, 'out', 'sbom.cyclonedx.json');
    const captured = await captureOutput(async () => {
      registerSecret(password);
      expect(await syft.version()).toBe('1.40.1');
      expect(await syft.version()).toBe('1.40.1');
      await syft.scan({
        ...base,
        outputs: [
          { format: 'spdx-json', file: spdx },
          { format: 'cyclonedx-json', file: cdx },
        ],
        auth: { authority: '127.0.0.1:5000', username: 'bot', password },
      });
    });
    expect(captured.error).toBeUndefined();
    const calls = fake.invocations();
    expect(calls.map((c) => c.argv[0])).toEqual(['version', 'scan']);
    expect(calls[1]!.env).toEqual({ SYFT_REGISTRY_AUTH_PASSWORD: password, SYFT_CHECK_FOR_APP_UPDATE: 'false' });
    expect(calls.flatMap((c) => c.argv).join(' ')).not.toContain(password);
    expect(readFileSync(spdx, 'utf8')).toBe(readFileSync(path.join(REAL, 'spdx-image-snapshot.json'), 'utf8'));
    expect(JSON.parse(readFileSync(cdx, 'utf8'))).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.7' });
  });

  it('fails with the stderr tail when Syft fails, and stops a Syft that hangs at the timeout', async () => {
    const failing = createFakeExecutable(scratch, 'syft-failing', {
      stderr: 'could not fetch image "x": GET https://x/v2/: UNAUTHORIZED\n',
      exitCode: 1,
    });
    const captured = await captureOutput(() => new Syft(failing.path).scan(base));
    expect(String(captured.error)).toMatch(/syft-failing exited with code 1; last lines of stderr:\n.*UNAUTHORIZED/);
    const hanging = createFakeExecutable(scratch, 'syft-hanging', { hang: true });
    const timed = await captureOutput(() => new Syft(hanging.path, exec).scan({ ...base, timeoutMs: 300 }));
    expect(String(timed.error)).toMatch(/syft-hanging timed out/);
  });
});
