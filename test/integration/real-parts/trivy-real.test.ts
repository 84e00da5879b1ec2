import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { apkInstalledDb, buildImage, imageArchive, inspectRawManifest, pushImage } from '../../fakes/oci-image.js';
import type { BuiltImage } from '../../fakes/oci-image.js';
import { startRegistry } from '../../fakes/oci-registry.js';
import type { Registry } from '../../fakes/oci-registry.js';
import { buildTrivyDb, installTrivyDb, pushTrivyDb } from '../../fakes/trivy-db.js';
import { TEST_ADVISORIES } from '../../fakes/trivy-db-advisories.js';
import { trivyBinaryPath, trivyReleaseArchive } from '../../fakes/trivy-release.js';

/*
 * The real parts together: a real OCI registry (docker-registry), a real
 * image (umoci + skopeo), a real Trivy vulnerability database (bbolt, built
 * by Go) and the real Trivy binary (v0.44.1 from cdxgen's plugins).
 */

const TIMEOUT = 120_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function trivy(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: work, TMPDIR: work };
    const child = spawn(trivyBinaryPath(), [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface TrivyVuln {
  VulnerabilityID: string;
  PkgName: string;
  InstalledVersion: string;
  FixedVersion?: string;
  Severity: string;
  SeveritySource?: string;
  Title?: string;
  DataSource?: { ID: string; Name: string };
}
interface TrivySecret {
  RuleID: string;
  Category: string;
  Severity: string;
  Title: string;
  StartLine: number;
  Match: string;
}
interface TrivyResult {
  Target: string;
  Class: string;
  Type?: string;
  Vulnerabilities?: TrivyVuln[];
  Secrets?: TrivySecret[];
}
interface TrivyReport {
  ArtifactName: string;
  ArtifactType: string;
  Metadata?: { OS?: { Family: string; Name: string } };
  Results?: TrivyResult[];
}

function vulns(report: TrivyReport): TrivyVuln[] {
  return (report.Results ?? []).flatMap((r) => r.Vulnerabilities ?? []);
}

let work: string;
let registry: Registry;
let dbDir: string;
let image: BuiltImage;
const repo = 'team/alpine-app';
const tag = '1.0.0';
let imageDigest: string;
let scanCounter = 0;

/** A fresh `--cache-dir` for one Trivy run, optionally with the DB installed. */
function cacheDir(withDb: boolean): string {
  const dir = path.join(work, `cache-${++scanCounter}`);
  mkdirSync(dir, { recursive: true });
  if (withDb) installTrivyDb(dir, dbDir);
  return dir;
}

async function scanJson(args: readonly string[]): Promise<TrivyReport> {
  const output = path.join(work, `report-${++scanCounter}.json`);
  const run = await trivy([...args, '--format', 'json', '--output', output]);
  if (run.code !== 0) throw new Error(`trivy ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(readFileSync(output, 'utf8')) as TrivyReport;
}

function expectAlpineFindings(report: TrivyReport): void {
  expect(report.Metadata?.OS).toMatchObject({ Family: 'alpine', Name: '3.18.4' });
  const found = vulns(report);
  const musl = found.find((v) => v.VulnerabilityID === 'CVE-2099-0001');
  expect(musl).toMatchObject({
    PkgName: 'musl',
    InstalledVersion: '1.2.4-r1',
    FixedVersion: '1.2.4-r2',
    Severity: 'HIGH',
    SeveritySource: 'alpine',
    Title: 'musl: test vulnerability',
    DataSource: { ID: 'alpine', Name: 'Alpine Secdb' },
  });
  const lodash = found.find((v) => v.VulnerabilityID === 'GHSA-29mw-wpgm-hmr9');
  expect(lodash).toMatchObject({
    PkgName: 'lodash',
    InstalledVersion: '4.17.20',
    FixedVersion: '4.17.21',
    Severity: 'CRITICAL',
    SeveritySource: 'ghsa',
    DataSource: { ID: 'ghsa', Name: 'GitHub Security Advisory Npm' },
  });
  const classes = (report.Results ?? [])
    .filter((r) => (r.Vulnerabilities ?? []).length > 0)
    .map((r) => [r.Class, r.Type])
    .sort();
  expect(classes).toEqual([
    ['lang-pkgs', 'node-pkg'],
    ['os-pkgs', 'alpine'],
  ]);
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'trivy-real-'));
  const [reg, db, img] = await Promise.all([
    startRegistry(),
    buildTrivyDb(TEST_ADVISORIES, path.join(work, 'db')),
    buildImage({
      osRelease: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.4\nPRETTY_NAME="Alpine Linux v3.18"\n',
      apkInstalled: apkInstalledDb([
        { name: 'musl', version: '1.2.4-r1' },
        { name: 'busybox', version: '1.36.1-r2' },
      ]),
      files: {
        'etc/alpine-release': '3.18.4\n',
        'app/package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { lodash: '4.17.20' } }),
        // Trivy 0.44 does not read lock files in images (only in fs/repo scans): the
        // npm finding comes from the installed package's node_modules/lodash/package.json.
        'app/package-lock.json': JSON.stringify({
          name: 'app',
          version: '1.0.0',
          lockfileVersion: 3,
          requires: true,
          packages: {
            '': { name: 'app', version: '1.0.0', dependencies: { lodash: '4.17.20' } },
            'node_modules/lodash': { version: '4.17.20' },
          },
        }),
        'app/node_modules/lodash/package.json': JSON.stringify({ name: 'lodash', version: '4.17.20', license: 'MIT' }),
      },
      tag,
      entrypoint: ['/bin/sh'],
    }),
  ]);
  registry = reg;
  dbDir = db;
  image = img;
  imageDigest = await pushImage(image.layoutDir, tag, registry.host, repo);
}, TIMEOUT);

afterAll(async () => {
  await registry?.stop();
  image?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('real Trivy with a real registry, image and database', () => {
  it(
    'pushes the umoci image to the registry under the digest skopeo reports',
    async () => {
      const { digest, manifest } = await inspectRawManifest(registry.host, repo, tag);
      expect(digest).toBe(imageDigest);
      // umoci writes OCI manifests without the optional top-level mediaType.
      expect(JSON.parse(manifest.toString('utf8'))).toMatchObject({
        schemaVersion: 2,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json' },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }],
      });
    },
    TIMEOUT,
  );

  it(
    'finds the OS and npm vulnerabilities of an image in the local registry',
    async () => {
      const report = await scanJson([
        'image',
        '--quiet',
        '--insecure',
        '--image-src',
        'remote',
        '--skip-db-update',
        '--skip-policy-update',
        '--scanners',
        'vuln',
        '--cache-dir',
        cacheDir(true),
        `${registry.host}/${repo}:${tag}`,
      ]);
      expect(report.ArtifactName).toBe(`${registry.host}/${repo}:${tag}`);
      expectAlpineFindings(report);
    },
    TIMEOUT,
  );

  it(
    'downloads the database from the local registry with --db-repository',
    async () => {
      const pushed = await pushTrivyDb(dbDir, registry.host, 'aquasecurity/trivy-db');
      const cache = cacheDir(false);
      const download = await trivy([
        'image',
        '--quiet',
        '--download-db-only',
        '--insecure',
        '--db-repository',
        pushed.repository,
        '--cache-dir',
        cache,
      ]);
      expect(download.stderr).toBe('');
      expect(download.code).toBe(0);
      expect(existsSync(path.join(cache, 'db', 'trivy.db'))).toBe(true);
      const metadata = JSON.parse(readFileSync(path.join(cache, 'db', 'metadata.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(metadata.Version).toBe(2);

      const report = await scanJson([
        'image',
        '--quiet',
        '--insecure',
        '--image-src',
        'remote',
        '--skip-db-update',
        '--skip-policy-update',
        '--scanners',
        'vuln',
        '--cache-dir',
        cache,
        `${registry.host}/${repo}@${imageDigest}`,
      ]);
      expectAlpineFindings(report);

      const missing = await trivy([
        'image',
        '--quiet',
        '--download-db-only',
        '--insecure',
        '--db-repository',
        `${registry.host}/no/such-db`,
        '--cache-dir',
        cacheDir(false),
      ]);
      expect(missing.code).not.toBe(0);

      // Trivy 0.44 appends `:2` to --db-repository itself: a tag in the flag makes `repo:2:2`, which fails.
      const tagged = await trivy([
        'image',
        '--quiet',
        '--download-db-only',
        '--insecure',
        '--db-repository',
        pushed.reference,
        '--cache-dir',
        cacheDir(false),
      ]);
      expect(tagged.code).not.toBe(0);
    },
    TIMEOUT,
  );

  it(
    'scans a docker-archive tar and an OCI layout with --input',
    async () => {
      const archive = await imageArchive(image.layoutDir, tag, path.join(work, 'image.tar'), repo);
      const fromArchive = await scanJson([
        'image',
        '--quiet',
        '--skip-db-update',
        '--skip-policy-update',
        '--scanners',
        'vuln',
        '--cache-dir',
        cacheDir(true),
        '--input',
        archive,
      ]);
      expect(fromArchive.ArtifactType).toBe('container_image');
      expectAlpineFindings(fromArchive);

      const fromLayout = await scanJson([
        'image',
        '--quiet',
        '--skip-db-update',
        '--skip-policy-update',
        '--scanners',
        'vuln',
        '--cache-dir',
        cacheDir(true),
        '--input',
        image.layoutDir,
      ]);
      expectAlpineFindings(fromLayout);
    },
    TIMEOUT,
  );

  it(
    'reports secrets in a directory with trivy fs --scanners secret (Match is masked)',
    async () => {
      const dir = path.join(work, 'src');
      mkdirSync(dir);
      // Built at run time so that no secret-looking literal is committed.
      const awsKeyId = 'AKIA' + 'Q3EGWXYZ' + '7TESTKEY';
      const githubToken = 'ghp_' + 'aBcDeFgHiJkLmNoPqRsTuVwXyZ' + '0123456789';
      writeFileSync(
        path.join(dir, 'settings.env'),
        `# test settings\nAWS_ACCESS_KEY_ID=${awsKeyId}\nGITHUB_TOKEN=${githubToken}\n`,
      );
      writeFileSync(path.join(dir, 'README.md'), 'nothing to see here\n');

      const report = await scanJson([
        'fs',
        '--quiet',
        '--skip-policy-update',
        '--scanners',
        'secret',
        '--cache-dir',
        cacheDir(false),
        dir,
      ]);
      const results = report.Results ?? [];
      expect(results.map((r) => r.Target)).toEqual(['settings.env']);
      const secrets = results[0]?.Secrets ?? [];
      const byRule = Object.fromEntries(secrets.map((s) => [s.RuleID, s]));
      expect(byRule['aws-access-key-id']).toMatchObject({
        Category: 'AWS',
        Severity: 'CRITICAL',
        StartLine: 2,
        Match: 'AWS_ACCESS_KEY_ID=' + '*'.repeat(awsKeyId.length),
      });
      expect(byRule['github-pat']).toMatchObject({
        Category: 'GitHub',
        Severity: 'CRITICAL',
        StartLine: 3,
        Match: 'GITHUB_TOKEN=' + '*'.repeat(githubToken.length),
      });
      // The report never carries the secret itself.
      const raw = JSON.stringify(report);
      expect(raw).not.toContain(awsKeyId);
      expect(raw).not.toContain(githubToken);
    },
    TIMEOUT,
  );

  it(
    'packs the real binary as a Trivy release asset',
    async () => {
      const asset = await trivyReleaseArchive(path.join(work, 'mirror'));
      expect(asset.file).toBe('trivy_0.44.1_Linux-64bit.tar.gz');
      const list = await new Promise<string>((resolve, reject) => {
        const child = spawn('tar', ['-tvzf', asset.path], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
        child.once('error', reject);
        child.once('close', () => resolve(out));
      });
      expect(list).toMatch(/^-rwxr-xr-x .* trivy$/m);
      expect(list).toMatch(/ LICENSE$/m);
      expect(asset.sha256).toMatch(/^[0-9a-f]{64}$/);
    },
    TIMEOUT,
  );
});
