import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256Digest } from '../../lib/oci/digest.js';
import { listReferrers } from '../../lib/oci/referrers.js';
import { RegistryClient } from '../../lib/oci/registry-client.js';
import { TOOL_MANIFEST } from '../../lib/tools/manifest.js';
import { createFakeExecutable, type FakeExecutable, type Invocation } from '../fakes/fake-executable.js';
import { NOT_ACCESSIBLE, startArtifactService, startGitHubApi, type GitHubApi } from '../fakes/github-api.js';
import { buildImage, pushImage } from '../fakes/oci-image.js';
import { startRegistry, type Registry } from '../fakes/oci-registry.js';
import { makeTarGz, startToolMirror, type ToolMirror } from '../fakes/tool-mirror.js';
import { assertNoStackTrace, runAction, type ActionResult } from '../harness/run-action.js';

/*
 * actions/sbom with Syft: the committed dist installs a fake `syft` through
 * the project's installer (a release archive on a local mirror, checksum
 * verified). The fake checks the argv it is given and writes the real Syft
 * SBOMs of ../shared/fixtures/real/syft into the `-o <format>=<file>` paths.
 * The image is a real one, built with umoci and pushed to a real registry on
 * 127.0.0.1; attached SBOMs are read back from that registry.
 */

const VERSION = '1.39.0';
const REAL = path.resolve(import.meta.dirname, '../../../shared/fixtures/real/syft');
const SPDX_FIXTURE = path.join(REAL, 'spdx-image-alpine310-real-syft.json');
const CDX_FIXTURE = path.join(REAL, 'cyclonedx-image-snapshot.json');
const CDX_DIR_FIXTURE = path.join(REAL, 'cyclonedx-dir-go-real-syft.json');
const SYFT_JSON = JSON.stringify({
  artifacts: [],
  artifactRelationships: [],
  source: { id: 'x', name: 'shop/app', type: 'image' },
  distro: {},
  descriptor: { name: 'syft', version: VERSION },
  schema: {
    version: '16.0.43',
    url: 'https://raw.githubusercontent.com/anchore/syft/main/schema/json/schema-16.0.43.json',
  },
});
// Built at run time so that no credential-shaped literal is committed.
const PASSWORD = ['reg', 'istry-', 'Pa55', '-', randomHex(8)].join('');
const TIMEOUT = 120_000;

let scratch: string;
let mirror: ToolMirror;
let registry: Registry;
let api: GitHubApi;
let syft: FakeExecutable;
let archiveSha: string;
let imageDigest: string;

function randomHex(bytes: number): string {
  return createHash('sha256')
    .update(`${process.pid}-${Date.now()}-${Math.random()}`)
    .digest('hex')
    .slice(0, bytes * 2);
}

/** The fake syft: `version -o json`, and `scan <source> -o …` writing the real fixtures. */
function fakeSyft(dir: string): FakeExecutable {
  return createFakeExecutable(dir, 'syft', {
    recordEnv: [
      'SYFT_REGISTRY_INSECURE_USE_HTTP',
      'SYFT_REGISTRY_AUTH_AUTHORITY',
      'SYFT_REGISTRY_AUTH_USERNAME',
      'SYFT_REGISTRY_AUTH_PASSWORD',
      'SYFT_CHECK_FOR_APP_UPDATE',
      'DOCKER_CONFIG',
    ],
    cases: [
      {
        expect: ['version', '-o', 'json'],
        stdout: JSON.stringify({
          application: 'syft',
          version: VERSION,
          buildDate: '2025-12-01T00:00:00Z',
          platform: 'linux/amd64',
        }),
      },
      {
        expect: { startsWith: ['scan'], patterns: [/^spdx-json=\//, /^cyclonedx-json=\//, /^syft-json=\//] },
        files: [
          { fromArg: '-o', valuePrefix: 'spdx-json=', copy: SPDX_FIXTURE },
          { fromArg: '-o', valuePrefix: 'cyclonedx-json=', copy: CDX_FIXTURE },
          { fromArg: '-o', valuePrefix: 'syft-json=', content: SYFT_JSON },
        ],
      },
      {
        expect: { startsWith: ['scan'], patterns: [/^spdx-json=\//, /^cyclonedx-json=\//] },
        files: [
          { fromArg: '-o', valuePrefix: 'spdx-json=', copy: SPDX_FIXTURE },
          { fromArg: '-o', valuePrefix: 'cyclonedx-json=', copy: CDX_FIXTURE },
        ],
      },
      {
        expect: { startsWith: ['scan'], patterns: [/^cyclonedx-json=\//], excludes: ['spdx-json'] },
        files: [{ fromArg: '-o', valuePrefix: 'cyclonedx-json=', copy: CDX_DIR_FIXTURE }],
      },
      {
        expect: { startsWith: ['scan'], patterns: [/^spdx-json=\//] },
        files: [{ fromArg: '-o', valuePrefix: 'spdx-json=', copy: SPDX_FIXTURE }],
      },
    ],
  });
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sbom-syft-'));
  const [m, r, a, image] = await Promise.all([
    startToolMirror(),
    startRegistry(),
    startGitHubApi(),
    buildImage({ files: { 'app/hello.txt': 'hello\n' }, tag: '1.0', dir: path.join(scratch, 'layout') }),
  ]);
  mirror = m;
  registry = r;
  api = a;
  imageDigest = await pushImage(image.layoutDir, '1.0', registry.host, 'shop/app');

  const fakeDir = path.join(scratch, 'fake');
  mkdirSync(fakeDir);
  syft = fakeSyft(fakeDir);
  const archive = makeTarGz(
    { syft: readFileSync(syft.path), LICENSE: 'Apache-2.0 (test copy)\n', 'README.md': '# syft (test mirror copy)\n' },
    { syft: 0o755 },
  );
  archiveSha = createHash('sha256').update(archive).digest('hex');
  const file = TOOL_MANIFEST.syft.locate(VERSION, 'linux-x64')!.file;
  mirror.serveRelease('anchore/syft', `v${VERSION}`, file, archive);
}, TIMEOUT);

afterAll(async () => {
  await Promise.all([mirror?.close(), registry?.stop(), api?.close()]);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function sbom(inputs: Record<string, string>, env: Record<string, string | undefined> = {}): Promise<ActionResult> {
  return runAction('sbom', {
    timeoutMs: TIMEOUT,
    env: { GITHUB_API_URL: api.url, ...env },
    inputs: { version: VERSION, 'version-sha256': archiveSha, 'tool-mirror': mirror.url, ...inputs },
  });
}

function scans(since: number): Invocation[] {
  return syft
    .invocations()
    .slice(since)
    .filter((i) => i.argv[0] === 'scan');
}

/** Lines of the log that show a value, other than the runner's mask command for it. */
function leaks(result: ActionResult, secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64')].flatMap((form) =>
    result.log.split(/\r?\n/).filter((line) => line.includes(form) && line !== `::add-mask::${form}`),
  );
}

describe('actions/sbom of an image in a registry, attached as referrers', () => {
  let result: ActionResult;
  let before: number;

  beforeAll(async () => {
    before = syft.invocations().length;
    result = await sbom({
      target: `${registry.host}/shop/app:1.0`,
      formats: 'spdx-json, cyclonedx-json, syft-json',
      attach: 'true',
      'registry-username': 'ci-bot',
      'registry-password': PASSWORD,
    });
  }, TIMEOUT);

  it('installs Syft from the mirror and writes SPDX, CycloneDX and Syft JSON from one run', () => {
    expect(result.exitCode).toBe(0);
    assertNoStackTrace(result.log);
    const file = TOOL_MANIFEST.syft.locate(VERSION, 'linux-x64')!.file;
    expect(mirror.requestsFor(`/anchore/syft/releases/download/v${VERSION}/${file}`)).toHaveLength(1);
    const runs = scans(before);
    expect(runs).toHaveLength(1);
    const outDir = path.dirname(result.outputs['spdx-file']!);
    // The image is pinned to the digest the tag resolved to, and pulled straight from the registry.
    expect(runs[0]!.argv).toEqual([
      'scan',
      `registry:${registry.host}/shop/app@${imageDigest}`,
      '-o',
      `spdx-json=${path.join(outDir, 'sbom.spdx.json')}`,
      '-o',
      `cyclonedx-json=${path.join(outDir, 'sbom.cyclonedx.json')}`,
      '-o',
      `syft-json=${path.join(outDir, 'sbom.syft.json')}`,
    ]);
    expect(result.outputs['files']!.split('\n')).toEqual([
      path.join(outDir, 'sbom.spdx.json'),
      path.join(outDir, 'sbom.cyclonedx.json'),
      path.join(outDir, 'sbom.syft.json'),
    ]);
    expect(result.outputs['cyclonedx-file']).toBe(path.join(outDir, 'sbom.cyclonedx.json'));
    expect(readFileSync(result.outputs['spdx-file']!, 'utf8')).toBe(readFileSync(SPDX_FIXTURE, 'utf8'));
  });

  it('passes the credentials and the plain-HTTP setting in Syft’s environment, never on its command line', () => {
    const run = scans(before)[0]!;
    expect(run.env).toMatchObject({
      SYFT_REGISTRY_INSECURE_USE_HTTP: 'true',
      SYFT_REGISTRY_AUTH_AUTHORITY: registry.host,
      SYFT_REGISTRY_AUTH_USERNAME: 'ci-bot',
      SYFT_REGISTRY_AUTH_PASSWORD: PASSWORD,
      SYFT_CHECK_FOR_APP_UPDATE: 'false',
    });
    for (const invocation of syft.invocations()) expect(invocation.argv.join(' ')).not.toContain(PASSWORD);
    expect(result.masked).toContain(PASSWORD);
    expect(leaks(result, PASSWORD)).toEqual([]);
    expect(result.summary).not.toContain(PASSWORD);
    expect(JSON.stringify(result.outputs)).not.toContain(PASSWORD);
  });

  it('outputs the image digest and the number of packages in the SPDX document', () => {
    expect(result.outputs['image-digest']).toBe(imageDigest);
    // The SPDX fixture (alpine 3.10) lists busybox, libssl1.1 and ssl_client, each with a purl.
    const doc = JSON.parse(readFileSync(SPDX_FIXTURE, 'utf8')) as {
      packages: Array<{ externalRefs: Array<{ referenceType: string }> }>;
    };
    const withPurl = doc.packages.filter((p) => p.externalRefs.some((r) => r.referenceType === 'purl')).length;
    expect(withPurl).toBe(3);
    expect(result.outputs['packages']).toBe(String(withPurl));
  });

  it('attaches every SBOM as a referrer of the image digest, found through the referrers tag schema', async () => {
    const referrers = result.outputs['referrers']!.split('\n');
    expect(referrers).toHaveLength(3);
    const client = new RegistryClient(registry.host);
    const listed = await listReferrers(client, 'shop/app', imageDigest);
    expect(listed.map((d) => d.digest).sort()).toEqual([...referrers].sort());
    expect(listed.map((d) => d.artifactType).sort()).toEqual([
      'application/spdx+json',
      'application/vnd.cyclonedx+json',
      'application/vnd.syft+json',
    ]);
    // Each referrer's one layer is the SBOM file, byte for byte, and its subject is the image.
    const spdxReferrer = listed.find((d) => d.artifactType === 'application/spdx+json')!;
    const manifest = JSON.parse(
      (await client.getManifest('shop/app', spdxReferrer.digest))!.bytes.toString('utf8'),
    ) as {
      subject: { digest: string };
      layers: Array<{ digest: string; mediaType: string }>;
      config: { mediaType: string };
    };
    expect(manifest.subject.digest).toBe(imageDigest);
    expect(manifest.config.mediaType).toBe('application/vnd.oci.empty.v1+json');
    expect(manifest.layers).toEqual([
      expect.objectContaining({
        mediaType: 'application/spdx+json',
        digest: sha256Digest(readFileSync(result.outputs['spdx-file']!)),
      }),
    ]);
  });

  it('writes a summary with the packages by ecosystem, the licences, the files and where they were attached', () => {
    expect(result.summary).toContain(`SBOM of \`${registry.host}/shop/app:1.0\`: 3 packages`);
    expect(result.summary).toMatch(/\| apk \| — \| 3 \|/);
    expect(result.summary).toMatch(/\| GPL-2\.0 \| 2 \|/);
    expect(result.summary).toContain('sbom.spdx.json');
    expect(result.summary).toContain(`${registry.host}/shop/app@${imageDigest}`);
    for (const digest of result.outputs['referrers']!.split('\n')) expect(result.summary).toContain(digest);
  });

  it(
    'a second attachment to the same image keeps the first ones listed',
    async () => {
      const second = await sbom({
        target: `${registry.host}/shop/app@${imageDigest}`,
        formats: 'spdx-json',
        attach: 'true',
      });
      expect(second.exitCode).toBe(0);
      const listed = await listReferrers(new RegistryClient(registry.host), 'shop/app', imageDigest);
      const all = [...result.outputs['referrers']!.split('\n'), second.outputs['referrers']!];
      expect(listed.map((d) => d.digest).sort()).toEqual([...new Set(all)].sort());
      expect(listed.filter((d) => d.artifactType === 'application/spdx+json')).toHaveLength(2);
      // Without inputs, Syft gets no credentials of its own: it would use the docker config.
      const run = syft
        .invocations()
        .filter((i) => i.argv[0] === 'scan')
        .pop()!;
      expect(run.env['SYFT_REGISTRY_AUTH_PASSWORD']).toBeUndefined();
    },
    TIMEOUT,
  );

  it(
    'fails with a clear message when the tag does not exist, before running Syft',
    async () => {
      const count = syft.invocations().length;
      const missing = await sbom({ target: `${registry.host}/shop/app:missing` });
      expect(missing.exitCode).toBe(1);
      expect(missing.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
        `${registry.host}/shop/app:missing was not found in the registry`,
      ]);
      expect(syft.invocations().length).toBe(count);
      assertNoStackTrace(missing.log);
    },
    TIMEOUT,
  );
});

describe('actions/sbom upload-artifact', () => {
  it(
    'uploads the SBOM files as one workflow artifact through @actions/artifact, under the name given',
    async () => {
      const service = await startArtifactService();
      try {
        const result = await sbom(
          {
            target: `${registry.host}/shop/app@${imageDigest}`,
            formats: 'spdx-json,cyclonedx-json',
            'upload-artifact': 'true',
            'artifact-name': 'sboms-linux-x64',
          },
          { ACTIONS_RESULTS_URL: service.resultsUrl, ACTIONS_RUNTIME_TOKEN: service.runtimeToken },
        );
        expect(result.exitCode).toBe(0);
        assertNoStackTrace(result.log);
        const artifact = service.artifacts.get('sboms-linux-x64');
        expect(artifact?.finalized).toBe(true);
        // The zip holds both SBOMs, byte for byte.
        const zip = path.join(scratch, 'artifact.zip');
        writeFileSync(zip, artifact!.bytes);
        const listing = execFileSync('python3', ['-m', 'zipfile', '-l', zip], { encoding: 'utf8' });
        expect(listing).toContain('sbom.spdx.json');
        expect(listing).toContain('sbom.cyclonedx.json');
        const unpacked = mkdtempSync(path.join(scratch, 'unzipped-'));
        execFileSync('python3', ['-m', 'zipfile', '-e', zip, unpacked]);
        expect(readFileSync(path.join(unpacked, 'sbom.spdx.json'))).toEqual(readFileSync(result.outputs['spdx-file']!));
        expect(result.summary).toContain('Uploaded as the workflow artifact `sboms-linux-x64`.');
      } finally {
        await service.close();
      }
    },
    TIMEOUT,
  );
});

describe('actions/sbom of an OCI layout in the workspace', () => {
  it(
    'gives Syft the layout as oci-dir:<absolute path>, and no image digest',
    async () => {
      const ws = mkdtempSync(path.join(scratch, 'ws-oci-'));
      await buildImage({ files: { 'x.txt': 'x\n' }, tag: '1.0', dir: path.join(ws, 'build', 'oci') });
      const result = await runAction('sbom', {
        workspace: ws,
        timeoutMs: TIMEOUT,
        inputs: {
          target: 'oci-dir:build/oci',
          version: VERSION,
          'version-sha256': archiveSha,
          'tool-mirror': mirror.url,
        },
      });
      expect(result.exitCode).toBe(0);
      const run = scans(0).pop()!;
      expect(run.argv).toEqual([
        'scan',
        `oci-dir:${path.join(ws, 'build', 'oci')}`,
        '-o',
        `spdx-json=${result.outputs['spdx-file']!}`,
      ]);
      expect(run.env['SYFT_REGISTRY_INSECURE_USE_HTTP']).toBeUndefined();
      expect(result.outputs['image-digest']).toBeUndefined();
      expect(result.outputs['packages']).toBe('3');
      expect(result.summary).toContain('SBOM of `oci-dir:build/oci`: 3 packages');
    },
    TIMEOUT,
  );
});

describe('actions/sbom of a directory, submitted to the dependency graph', () => {
  let ws: string;

  beforeAll(() => {
    ws = mkdtempSync(path.join(scratch, 'ws-'));
    writeFileSync(path.join(ws, 'requirements.txt'), 'aiohttp==3.5.3\n');
  });

  it(
    'submits the packages grouped by the manifest they were found in, with the run’s context and token',
    async () => {
      const before = api.requests.length;
      const result = await runAction('sbom', {
        workspace: ws,
        timeoutMs: TIMEOUT,
        env: { GITHUB_API_URL: api.url },
        inputs: {
          target: 'dir:.',
          formats: 'cyclonedx-json',
          'dependency-snapshot': 'true',
          version: VERSION,
          'version-sha256': archiveSha,
          'tool-mirror': mirror.url,
        },
      });
      expect(result.exitCode).toBe(0);
      expect(result.outputs['packages']).toBe('18');
      expect(result.outputs['spdx-file']).toBeUndefined();
      expect(scans(0).pop()!.argv.slice(0, 2)).toEqual(['scan', `dir:${ws}`]);

      const posts = api.requests.slice(before);
      expect(posts).toHaveLength(1);
      const post = posts[0]!;
      expect(post.method).toBe('POST');
      expect(post.path).toBe('/repos/octo-org/octo-repo/dependency-graph/snapshots');
      const token = String(post.headers['authorization']).replace(/^Bearer /, '');
      expect(token).toMatch(/^ghs_test/);
      const body = post.body as {
        version: number;
        sha: string;
        ref: string;
        job: { correlator: string; id: string };
        detector: { name: string; version: string; url: string };
        scanned: string;
        manifests: Record<
          string,
          { name: string; file: { source_location: string }; resolved: Record<string, { package_url: string }> }
        >;
      };
      expect(body).toMatchObject({
        version: 0,
        sha: 'ffac537e6cbbf934b08745a378932722df287a53',
        ref: 'refs/heads/main',
        job: { id: '1658821493', correlator: expect.stringContaining('test') },
        detector: { name: 'syft', version: VERSION, url: 'https://github.com/anchore/syft' },
      });
      expect(Number.isNaN(Date.parse(body.scanned))).toBe(false);
      expect(Object.keys(body.manifests)).toEqual(['requirements.txt']);
      const manifest = body.manifests['requirements.txt']!;
      expect(manifest.file).toEqual({ source_location: 'requirements.txt' });
      expect(Object.keys(manifest.resolved)).toHaveLength(18);
      expect(manifest.resolved['pkg:pypi/aiohttp@3.5.3']).toEqual({
        package_url: 'pkg:pypi/aiohttp@3.5.3',
        dependencies: [],
      });

      expect(leaks(result, token)).toEqual([]);
      expect(result.summary).not.toContain(token);
      expect(result.summary).toContain('Submitted to the dependency graph: 1 manifest');
    },
    TIMEOUT,
  );

  it(
    'explains that the job needs contents: write when GitHub refuses the token',
    async () => {
      api.answerNext(403, NOT_ACCESSIBLE);
      const result = await runAction('sbom', {
        workspace: ws,
        timeoutMs: TIMEOUT,
        env: { GITHUB_API_URL: api.url },
        inputs: {
          target: 'dir:.',
          formats: 'cyclonedx-json',
          'dependency-snapshot': 'true',
          version: VERSION,
          'version-sha256': archiveSha,
          'tool-mirror': mirror.url,
        },
      });
      expect(result.exitCode).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toContain('Resource not accessible by integration');
      expect(errors[0]!.message).toContain('permissions: contents: write');
      assertNoStackTrace(result.log);
      // The SBOM itself was still written and reported before the submission failed.
      expect(result.outputs['packages']).toBe('18');
      const token = String(api.requests[api.requests.length - 1]!.headers['authorization']).replace(/^Bearer /, '');
      expect(leaks(result, token)).toEqual([]);
    },
    TIMEOUT,
  );
});
