import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listReferrers, attachArtifact } from '../../../lib/oci/referrers.js';
import { RegistryClient } from '../../../lib/oci/registry-client.js';
import { registryCredentials } from '../../../lib/oci/registry-credentials.js';
import { clearRegisteredSecrets } from '../../../lib/runtime/secrets.js';
import { captureOutput } from '../../harness/capture.js';
import { buildImage, skopeo } from '../../fakes/oci-image.js';
import { freePort, REGISTRY_BINARY } from '../../fakes/oci-registry.js';

/*
 * The registry client against a real registry that wants credentials:
 * Debian's docker-registry (distribution 2.8) with htpasswd (bcrypt) basic
 * authentication on 127.0.0.1. Credentials come from the client options or
 * from a docker config.json, as `docker login` writes it.
 */

const USER = 'ci-bot';
const PASSWORD = `pw-${process.pid}-registry`;
let dir: string;
let host: string;
let child: ChildProcess;
let digest: string;

/**
 * A bcrypt htpasswd line (distribution only accepts bcrypt; cost 4 keeps
 * requests fast), made by Apache's htpasswd (Debian apache2-utils). The
 * password is a test value, so it may be on this command line.
 */
function htpasswdLine(user: string, password: string): string {
  const line = execFileSync('htpasswd', ['-nbBC', '4', user, password], { encoding: 'utf8' }).trim();
  if (!line.startsWith(`${user}:$2`)) throw new Error(`htpasswd did not make a bcrypt line: ${line}`);
  return `${line}\n`;
}

async function waitForRegistry(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 401) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('docker-registry with htpasswd did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'oci-auth-'));
  host = `127.0.0.1:${await freePort()}`;
  writeFileSync(path.join(dir, 'htpasswd'), htpasswdLine(USER, PASSWORD));
  writeFileSync(
    path.join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${JSON.stringify(path.join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      '    realm: test-registry',
      `    path: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
      'http:',
      `  addr: ${JSON.stringify(host)}`,
      '',
    ].join('\n'),
  );
  child = spawn(REGISTRY_BINARY, ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
  await waitForRegistry(`http://${host}`);
  const image = await buildImage({ files: { 'a.txt': 'a\n' }, tag: '1.0', dir: path.join(dir, 'layout') });
  const digestFile = path.join(dir, 'digest');
  await skopeo([
    'copy',
    '--quiet',
    '--dest-tls-verify=false',
    '--dest-creds',
    `${USER}:${PASSWORD}`,
    '--digestfile',
    digestFile,
    `oci:${image.layoutDir}:1.0`,
    `docker://${host}/team/app:1.0`,
  ]);
  digest = readFileSync(digestFile, 'utf8').trim();
}, 60_000);

afterAll(() => {
  child?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
  clearRegisteredSecrets();
});

describe('RegistryClient against docker-registry with basic authentication', () => {
  it('says how to log in when there are no credentials', async () => {
    const client = new RegistryClient(host);
    await expect(client.resolve('team/app', '1.0')).rejects.toThrow(
      `registry ${host} asks for basic authentication and no credentials were found`,
    );
  });

  it('answers the challenge with the credentials from a docker config.json and attaches an artifact', async () => {
    const config = mkdtempSync(path.join(dir, 'docker-'));
    const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths: { [host]: { auth } } }));
    const captured = await captureOutput(async () => {
      const creds = registryCredentials(host, undefined, { DOCKER_CONFIG: config });
      expect(creds?.credentials).toEqual({ kind: 'basic', username: USER, password: PASSWORD });
      const client = new RegistryClient(host, { credentials: creds!.credentials });
      const subject = await client.resolve('team/app', '1.0');
      expect(subject.digest).toBe(digest);
      const attached = await attachArtifact(client, {
        repository: 'team/app',
        subject,
        artifactType: 'application/spdx+json',
        content: Buffer.from('{"spdxVersion":"SPDX-2.3"}'),
        fileName: 'sbom.spdx.json',
      });
      expect((await listReferrers(client, 'team/app', digest)).map((d) => d.digest)).toEqual([
        attached.descriptor.digest,
      ]);
    });
    expect(captured.error).toBeUndefined();
    // The password and its basic-auth form were masked, and never printed otherwise.
    expect(captured.stdout).toContain(`::add-mask::${PASSWORD}`);
    const shown = captured.stdout.split('\n').filter((l) => l.includes(PASSWORD) && !l.startsWith('::add-mask::'));
    expect(shown).toEqual([]);
  });

  it('reports refused credentials with the status and what to check', async () => {
    const client = new RegistryClient(host, {
      credentials: { kind: 'basic', username: USER, password: 'wrong-password' },
    });
    const captured = await captureOutput(() => client.resolve('team/app', '1.0'));
    expect(String(captured.error)).toContain(`registry ${host}: GET /v2/team/app/manifests/1.0 answered HTTP 401`);
    expect(String(captured.error)).toContain('check the credentials');
  });
});
