import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/*
 * A small REAL Trivy vulnerability database (trivy-db schema v2): a bbolt
 * file `trivy.db` and `metadata.json`, written by a tiny Go program
 * (./trivy-db/main.go) compiled with Debian's Go and bbolt. The bucket layout
 * Trivy v0.44 reads is decided here; the Go program only writes JSON values
 * into nested buckets.
 *
 * Layout (all values are JSON):
 * - `<platform>` (e.g. `alpine 3.18`) / `<source package>` / `<vuln id>` → `{"FixedVersion": "1.2.4-r2"}`
 * - `<ecosystem>::<source name>` (e.g. `npm::GitHub Security Advisory Npm`) / `<package>` / `<vuln id>`
 *   → `{"PatchedVersions": [...], "VulnerableVersions": [...]}`
 * - `vulnerability` / `<vuln id>` → `{"Title", "Description", "Severity", "CweIDs", "VendorSeverity", "CVSS", "References", ...}`
 * - `data-source` / `<advisory root bucket name>` → `{"ID", "Name", "URL"}`
 * Language advisories are looked up by the `<ecosystem>::` prefix of the root bucket.
 */

const execFileP = promisify(execFile);

export const TRIVY_DB_SCHEMA_VERSION = 2;
/** Media types of the trivy-db OCI artifact (`ghcr.io/aquasecurity/trivy-db:2`). */
export const TRIVY_DB_LAYER_MEDIA_TYPE = 'application/vnd.aquasec.trivy.db.layer.v1.tar+gzip';
export const TRIVY_DB_CONFIG_MEDIA_TYPE = 'application/vnd.aquasec.trivy.config.v1+json';
export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';

export type Severity = 'UNKNOWN' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
const SEVERITY_NUMBER: Record<Severity, number> = { UNKNOWN: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export interface DataSource {
  /** Source id Trivy reports as `SeveritySource`/`DataSource.ID`, e.g. `alpine`, `ghsa`, `nvd`. */
  readonly ID: string;
  readonly Name: string;
  readonly URL: string;
}

/** An OS package advisory: `<platform>/<package>/<id>` → `{FixedVersion}`. */
export interface OsAdvisory {
  /** Trivy's platform bucket: `alpine 3.18` (major.minor), `debian 12`, `ubuntu 22.04`... */
  readonly platform: string;
  /** The SOURCE package name (Alpine origin `o:`, Debian `Source:`). */
  readonly package: string;
  readonly id: string;
  /** Omit for an unfixed vulnerability (every installed version matches). */
  readonly fixedVersion?: string;
  /** Default: derived from the platform (`alpine` → Alpine Secdb, `debian` → Debian Security Tracker). */
  readonly dataSource?: DataSource;
}

/** A language package advisory (GitHub Security Advisory style). */
export interface LangAdvisory {
  /** Trivy ecosystem: `npm`, `pip`, `rubygems`, `maven`, `nuget`, `composer`, `go`, `cargo`... */
  readonly ecosystem: string;
  readonly package: string;
  readonly id: string;
  /** Ranges in the ecosystem's syntax, e.g. `['< 4.17.21']` or `['>= 1.0.0, < 1.2.3']`. */
  readonly vulnerableVersions: readonly string[];
  readonly patchedVersions?: readonly string[];
  /** Default: GitHub Security Advisory `<Ecosystem>` (root bucket `<ecosystem>::GitHub Security Advisory <Ecosystem>`). */
  readonly dataSource?: DataSource;
}

export interface CvssScore {
  readonly V2Vector?: string;
  readonly V3Vector?: string;
  readonly V2Score?: number;
  readonly V3Score?: number;
}

/** The `vulnerability` bucket entry. */
export interface VulnerabilityInfo {
  readonly severity: Severity;
  readonly title?: string;
  readonly description?: string;
  readonly cweIds?: readonly string[];
  readonly references?: readonly string[];
  /** Per source id; default: `nvd` and every source that advises the vulnerability get `severity`. */
  readonly vendorSeverity?: Record<string, Severity>;
  /** Per source id, e.g. `{ nvd: { V3Vector, V3Score } }`. */
  readonly cvss?: Record<string, CvssScore>;
  /** ISO dates. */
  readonly publishedDate?: string;
  readonly lastModifiedDate?: string;
}

export interface TrivyDbSpec {
  readonly os?: readonly OsAdvisory[];
  readonly lang?: readonly LangAdvisory[];
  /** Details per vulnerability id; every advised id gets at least `{severity: 'UNKNOWN'}`. */
  readonly vulnerabilities?: Record<string, VulnerabilityInfo>;
  /** metadata.json `NextUpdate` (default 2099-01-01: never stale). */
  readonly nextUpdate?: Date;
  /** metadata.json `UpdatedAt`/`DownloadedAt` (default now). */
  readonly updatedAt?: Date;
}

/** One bbolt write for the Go builder: `buckets[0]/buckets[1]/.../key = JSON(value)`. */
export interface BoltPut {
  readonly buckets: readonly string[];
  readonly key: string;
  readonly value: unknown;
}

const GO_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'trivy-db', 'main.go');

/** GitHub's ecosystem names as used in trivy-db's GHSA source names. */
const GHSA_ECOSYSTEM_NAMES: Record<string, string> = {
  cargo: 'Rust',
  composer: 'Composer',
  erlang: 'Erlang',
  go: 'Go',
  maven: 'Maven',
  npm: 'Npm',
  nuget: 'Nuget',
  pip: 'Pip',
  pub: 'Pub',
  rubygems: 'Rubygems',
  swift: 'Swift',
};

const GHSA_QUERY_ECOSYSTEM: Record<string, string> = { cargo: 'rust' };

export function ghsaDataSource(ecosystem: string): DataSource {
  const display = GHSA_ECOSYSTEM_NAMES[ecosystem] ?? ecosystem.charAt(0).toUpperCase() + ecosystem.slice(1);
  const query = GHSA_QUERY_ECOSYSTEM[ecosystem] ?? ecosystem;
  return {
    ID: 'ghsa',
    Name: `GitHub Security Advisory ${display}`,
    URL: `https://github.com/advisories?query=type%3Areviewed+ecosystem%3A${query}`,
  };
}

export function osDataSource(platform: string): DataSource {
  const family = platform.split(' ')[0] ?? platform;
  switch (family) {
    case 'alpine':
      return { ID: 'alpine', Name: 'Alpine Secdb', URL: 'https://secdb.alpinelinux.org/' };
    case 'debian':
      return {
        ID: 'debian',
        Name: 'Debian Security Tracker',
        URL: 'https://salsa.debian.org/security-tracker-team/security-tracker',
      };
    case 'ubuntu':
      return {
        ID: 'ubuntu',
        Name: 'Ubuntu CVE Tracker',
        URL: 'https://git.launchpad.net/ubuntu-cve-tracker',
      };
    default:
      return { ID: family, Name: family, URL: '' };
  }
}

/** The bbolt writes that make up the database described by spec (exported for inspection in tests). */
export function trivyDbPuts(spec: TrivyDbSpec): BoltPut[] {
  const puts: BoltPut[] = [];
  const dataSources = new Map<string, DataSource>();
  const sourcesOf = new Map<string, Set<string>>();
  const noteSource = (id: string, source: DataSource): void => {
    const set = sourcesOf.get(id) ?? new Set<string>();
    set.add(source.ID);
    sourcesOf.set(id, set);
  };

  for (const adv of spec.os ?? []) {
    const source = adv.dataSource ?? osDataSource(adv.platform);
    dataSources.set(adv.platform, source);
    noteSource(adv.id, source);
    const value: Record<string, unknown> = {};
    if (adv.fixedVersion !== undefined) value.FixedVersion = adv.fixedVersion;
    puts.push({ buckets: [adv.platform, adv.package], key: adv.id, value });
  }

  for (const adv of spec.lang ?? []) {
    const source = adv.dataSource ?? ghsaDataSource(adv.ecosystem);
    const root = `${adv.ecosystem}::${source.Name}`;
    dataSources.set(root, source);
    noteSource(adv.id, source);
    const value: Record<string, unknown> = { VulnerableVersions: [...adv.vulnerableVersions] };
    if (adv.patchedVersions) value.PatchedVersions = [...adv.patchedVersions];
    puts.push({ buckets: [root, adv.package], key: adv.id, value });
  }

  const ids = new Set<string>([...sourcesOf.keys(), ...Object.keys(spec.vulnerabilities ?? {})]);
  for (const id of [...ids].sort()) {
    const info: VulnerabilityInfo = spec.vulnerabilities?.[id] ?? { severity: 'UNKNOWN' };
    const vendor: Record<string, Severity> = info.vendorSeverity ?? {
      nvd: info.severity,
      ...Object.fromEntries([...(sourcesOf.get(id) ?? [])].map((s) => [s, info.severity])),
    };
    const value: Record<string, unknown> = { Severity: info.severity };
    if (info.title !== undefined) value.Title = info.title;
    if (info.description !== undefined) value.Description = info.description;
    if (info.cweIds) value.CweIDs = [...info.cweIds];
    value.VendorSeverity = Object.fromEntries(Object.entries(vendor).map(([k, s]) => [k, SEVERITY_NUMBER[s]]));
    if (info.cvss) value.CVSS = info.cvss;
    if (info.references) value.References = [...info.references];
    if (info.publishedDate) value.PublishedDate = info.publishedDate;
    if (info.lastModifiedDate) value.LastModifiedDate = info.lastModifiedDate;
    puts.push({ buckets: ['vulnerability'], key: id, value });
  }

  for (const [bucket, source] of dataSources) puts.push({ buckets: ['data-source'], key: bucket, value: source });
  return puts;
}

/** metadata.json as Trivy v0.44 reads it (pkg/metadata of trivy-db). */
export function trivyDbMetadata(spec: Pick<TrivyDbSpec, 'nextUpdate' | 'updatedAt'> = {}): Record<string, unknown> {
  const now = spec.updatedAt ?? new Date();
  return {
    Version: TRIVY_DB_SCHEMA_VERSION,
    NextUpdate: (spec.nextUpdate ?? new Date('2099-01-01T00:00:00Z')).toISOString(),
    UpdatedAt: now.toISOString(),
    DownloadedAt: now.toISOString(),
  };
}

async function run(file: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<void> {
  try {
    await execFileP(file, [...args], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${(e.stderr ?? '').trim() || e.message}`);
  }
}

let builderPromise: Promise<string> | undefined;

/**
 * The compiled builder, cached under os.tmpdir() by the sha256 of main.go so
 * repeated test runs do not recompile. Built with Debian's Go in GOPATH mode
 * (GO111MODULE=off) against /usr/share/gocode (golang-github-coreos-bbolt-dev).
 */
export function trivyDbBuilder(): Promise<string> {
  builderPromise ??= compileBuilder().catch((err: unknown) => {
    builderPromise = undefined;
    throw err;
  });
  return builderPromise;
}

async function compileBuilder(): Promise<string> {
  const source = readFileSync(GO_SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const cacheDir = path.join(os.tmpdir(), `trivy-db-builder-${hash}`);
  const binary = path.join(cacheDir, 'trivy-db-builder');
  if (existsSync(binary)) return binary;

  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'trivy-db-build-'));
  try {
    const srcDir = path.join(work, 'src');
    mkdirSync(srcDir);
    copyFileSync(GO_SOURCE, path.join(srcDir, 'main.go'));
    const tmpBinary = path.join(cacheDir, `trivy-db-builder.${process.pid}.${Date.now()}.tmp`);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: work,
      GO111MODULE: 'off',
      GOPATH: `/usr/share/gocode${path.delimiter}${path.join(work, 'gopath')}`,
      GOCACHE: path.join(work, 'gocache'),
      GOFLAGS: '',
      GOTOOLCHAIN: 'local',
      CGO_ENABLED: '0',
      TMPDIR: work,
    };
    await run('go', ['build', '-trimpath', '-o', tmpBinary, path.join(srcDir, 'main.go')], env);
    // Atomic: concurrent test workers may build the same binary.
    renameSync(tmpBinary, binary);
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Builds `trivy.db` and `metadata.json` for spec into dir (default: a new
 * temp dir) and returns the directory.
 */
export async function buildTrivyDb(spec: TrivyDbSpec, dir?: string): Promise<string> {
  const builder = await trivyDbBuilder();
  const out = dir ?? mkdtempSync(path.join(os.tmpdir(), 'trivy-db-'));
  mkdirSync(out, { recursive: true });
  const specFile = path.join(out, '.puts.json');
  writeFileSync(specFile, JSON.stringify({ puts: trivyDbPuts(spec) }));
  rmSync(path.join(out, 'trivy.db'), { force: true });
  try {
    await run(builder, [specFile, path.join(out, 'trivy.db')]);
  } finally {
    rmSync(specFile, { force: true });
  }
  writeFileSync(path.join(out, 'metadata.json'), JSON.stringify(trivyDbMetadata(spec)));
  return out;
}

/** Copies `trivy.db` and `metadata.json` to `<cacheDir>/db/`, where `trivy --cache-dir <cacheDir>` reads them. */
export function installTrivyDb(cacheDir: string, dbDir: string): string {
  const target = path.join(cacheDir, 'db');
  mkdirSync(target, { recursive: true });
  for (const file of ['trivy.db', 'metadata.json']) copyFileSync(path.join(dbDir, file), path.join(target, file));
  return target;
}

/** `db.tar.gz`: trivy.db and metadata.json at the archive root, as in the published artifact. */
export async function trivyDbArchive(dbDir: string, file: string): Promise<string> {
  await run('tar', ['-czf', file, '-C', dbDir, '--owner=0', '--group=0', 'trivy.db', 'metadata.json']);
  return file;
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

async function uploadBlob(base: string, repo: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const head = await fetch(`${base}/v2/${repo}/blobs/${digest}`, { method: 'HEAD' });
  if (head.status === 200) return digest;

  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  await start.arrayBuffer();
  const location = start.headers.get('location');
  if (start.status !== 202 || !location) throw new Error(`blob upload start for ${repo}: HTTP ${start.status}`);
  const uploadUrl = new URL(location, base);
  uploadUrl.searchParams.set('digest', digest);
  const put = await fetch(uploadUrl, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) },
    body: data,
  });
  const text = await put.text();
  if (put.status !== 201) throw new Error(`blob upload ${digest} to ${repo}: HTTP ${put.status} ${text}`);
  return digest;
}

export interface PushedTrivyDb {
  /** `<registryHost>/<repo>` — what Trivy 0.44 takes as `--db-repository` (it appends `:2` itself). */
  readonly repository: string;
  /** `<registryHost>/<repo>:<tag>`. */
  readonly reference: string;
  /** Manifest digest. */
  readonly digest: string;
  readonly manifest: Record<string, unknown>;
}

/**
 * Pushes dbDir as the OCI artifact Trivy downloads (`--db-repository`): an
 * OCI image manifest whose config has media type
 * `application/vnd.aquasec.trivy.config.v1+json` (content `{}`) and whose
 * single layer is `db.tar.gz` (`application/vnd.aquasec.trivy.db.layer.v1.tar+gzip`,
 * annotated `org.opencontainers.image.title: db.tar.gz`, which Trivy requires).
 * Uses the registry HTTP API over plain HTTP.
 */
export async function pushTrivyDb(
  dbDir: string,
  registryHost: string,
  repo: string,
  tag = '2',
): Promise<PushedTrivyDb> {
  const base = `http://${registryHost}`;
  const work = mkdtempSync(path.join(os.tmpdir(), 'trivy-db-push-'));
  try {
    const layer = readFileSync(await trivyDbArchive(dbDir, path.join(work, 'db.tar.gz')));
    const config = Buffer.from('{}');
    const layerDigest = await uploadBlob(base, repo, layer);
    const configDigest = await uploadBlob(base, repo, config);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST_MEDIA_TYPE,
      config: { mediaType: TRIVY_DB_CONFIG_MEDIA_TYPE, digest: configDigest, size: config.length },
      layers: [
        {
          mediaType: TRIVY_DB_LAYER_MEDIA_TYPE,
          digest: layerDigest,
          size: layer.length,
          annotations: { 'org.opencontainers.image.title': 'db.tar.gz' },
        },
      ],
      annotations: { 'org.opencontainers.image.created': new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
    };
    const body = Buffer.from(JSON.stringify(manifest));
    const res = await fetch(`${base}/v2/${repo}/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'content-type': OCI_MANIFEST_MEDIA_TYPE },
      body,
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`manifest PUT ${repo}:${tag}: HTTP ${res.status} ${text}`);
    const digest = res.headers.get('docker-content-digest') ?? sha256(body);
    return { repository: `${registryHost}/${repo}`, reference: `${registryHost}/${repo}:${tag}`, digest, manifest };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
