import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exec } from '../exec.js';
import { OperationError } from '../runtime/errors.js';
import { parseTrivyReport, type TrivyParseOptions, type TrivyReport } from './trivy-report.js';

export type TrivyTargetType = 'fs' | 'image' | 'config' | 'sbom' | 'rootfs';
/** Scanner names as users give them; `misconfig` was called `config` before Trivy 0.48. */
export type TrivyScannerName = 'vuln' | 'secret' | 'misconfig' | 'license';

export const DEFAULT_DB_REPOSITORIES = [
  'mirror.gcr.io/aquasec/trivy-db:2',
  'ghcr.io/aquasecurity/trivy-db:2',
  'public.ecr.aws/aquasecurity/trivy-db:2',
];
export const DEFAULT_JAVA_DB_REPOSITORIES = [
  'mirror.gcr.io/aquasec/trivy-java-db:1',
  'ghcr.io/aquasecurity/trivy-java-db:1',
  'public.ecr.aws/aquasecurity/trivy-java-db:1',
];

export const DEFAULT_SCANNERS: Record<TrivyTargetType, TrivyScannerName[]> = {
  fs: ['vuln', 'secret', 'misconfig'],
  rootfs: ['vuln', 'secret', 'misconfig'],
  image: ['vuln', 'secret'],
  config: ['misconfig'],
  sbom: ['vuln'],
};

/** What this Trivy binary understands, read from its own help text (flags were renamed across releases). */
export interface TrivyFeatures {
  /** The misconfiguration scanner's name: `misconfig` (0.48+) or `config`. */
  readonly misconfigScanner: 'misconfig' | 'config';
  /** `--skip-check-update` (newer) or `--skip-policy-update`. */
  readonly skipChecksFlag: '--skip-check-update' | '--skip-policy-update';
  /** `--db-repository` takes a list tried in order (0.56+). */
  readonly multipleDbRepositories: boolean;
  /** Repositories carry their tag (`trivy-db:2`); older releases add the schema tag themselves. */
  readonly dbRepositoryTags: boolean;
  readonly showSuppressed: boolean;
  readonly skipVersionCheck: boolean;
  readonly disableTelemetry: boolean;
}

export interface TrivyScanOptions {
  readonly targetType: TrivyTargetType;
  /** Path, image reference, or for images an archive/OCI layout given with `input`. */
  readonly target: string;
  /** An image archive or OCI layout directory to scan instead of pulling a reference. */
  readonly input?: string;
  readonly scanners: readonly TrivyScannerName[];
  readonly outputFile: string;
  readonly cacheDir: string;
  readonly dbRepositories: readonly string[];
  readonly javaDbRepositories: readonly string[];
  /** The vulnerability DB is already in the cache: do not update it during the scan. */
  readonly skipDbUpdate: boolean;
  readonly server?: string;
  readonly ignoreFile?: string;
  readonly skipDirs?: readonly string[];
  readonly timeoutMs: number;
  /** Trivy's own `--insecure` for registries on loopback without TLS. */
  readonly insecureRegistry?: boolean;
}

/** The SBOM formats Trivy writes (`--format`); SBOM formats turn its security scanners off. */
export type TrivySbomFormat = 'spdx-json' | 'cyclonedx';

export interface TrivySbomOptions {
  readonly targetType: 'fs' | 'image';
  /** A directory, or an image reference. */
  readonly target: string;
  /** An image archive or OCI layout directory to read instead of pulling a reference. */
  readonly input?: string;
  readonly format: TrivySbomFormat;
  readonly outputFile: string;
  readonly cacheDir: string;
  readonly timeoutMs: number;
  /** Trivy's own `--insecure` for registries on loopback without TLS. */
  readonly insecureRegistry?: boolean;
}

const FEATURES_FILE = '.devsecops-trivy-features.json';

/** The Trivy CLI: argv built as arrays, a memoised version, and the pure report parser. */
export class Trivy {
  private versionPromise?: Promise<string>;
  private featuresPromise?: Promise<TrivyFeatures>;

  constructor(
    readonly binPath: string,
    private readonly run: typeof exec = exec,
    /** The version the installer put there: no need to start Trivy (seconds for some builds) to ask. */
    private readonly knownVersion?: string,
  ) {}

  static parseReport(text: string | Buffer | unknown, options?: TrivyParseOptions): TrivyReport {
    return parseTrivyReport(text, options);
  }

  /** The version Trivy reports (`dev` for builds without release metadata). */
  version(): Promise<string> {
    if (this.knownVersion) return Promise.resolve(this.knownVersion);
    this.versionPromise ??= this.run(this.binPath, ['version', '--format', 'json'], {
      timeoutMs: 60_000,
      echoStdout: false,
    }).then((r) => Trivy.parseVersion(r.stdout));
    return this.versionPromise;
  }

  static parseVersion(stdout: string): string {
    try {
      const doc = JSON.parse(stdout) as { Version?: unknown };
      if (typeof doc.Version === 'string' && doc.Version) return doc.Version.replace(/^v/, '');
    } catch {
      /* older releases print text */
    }
    const match = /Version:\s*v?(\S+)/.exec(stdout);
    return match?.[1] ?? 'unknown';
  }

  /**
   * What this binary supports, read from its help text once and kept beside
   * it (the tool-cache directory of a verified install never changes), so
   * later runs on the runner do not start Trivy an extra time.
   */
  features(): Promise<TrivyFeatures> {
    this.featuresPromise ??= this.readFeatures();
    return this.featuresPromise;
  }

  private async readFeatures(): Promise<TrivyFeatures> {
    const cached = path.join(path.dirname(this.binPath), FEATURES_FILE);
    try {
      return JSON.parse(await readFile(cached, 'utf8')) as TrivyFeatures;
    } catch {
      /* not probed yet */
    }
    const help = await this.run(this.binPath, ['filesystem', '--help'], { timeoutMs: 60_000, echoStdout: false });
    const features = Trivy.parseFeatures(help.stdout);
    await writeFile(cached, JSON.stringify(features)).catch(() => undefined);
    return features;
  }

  static parseFeatures(help: string): TrivyFeatures {
    const scannersLine = help.split('\n').find((l) => l.includes('--scanners')) ?? '';
    return {
      misconfigScanner: /\bmisconfig\b/.test(scannersLine) ? 'misconfig' : 'config',
      skipChecksFlag: help.includes('--skip-check-update') ? '--skip-check-update' : '--skip-policy-update',
      multipleDbRepositories: /--db-repository strings/.test(help),
      dbRepositoryTags: /trivy-db:\d/.test(help),
      showSuppressed: help.includes('--show-suppressed'),
      skipVersionCheck: help.includes('--skip-version-check'),
      disableTelemetry: help.includes('--disable-telemetry'),
    };
  }

  /** argv of the one scan: JSON to a file; every other format is derived from it. */
  static scanArgs(o: TrivyScanOptions, f: TrivyFeatures): string[] {
    const command = o.targetType === 'fs' ? 'filesystem' : o.targetType;
    const args = [...outputArgs(command, 'json', o), '--exit-code', '0', '--quiet'];
    const scanners = o.scanners.map((s) => (s === 'misconfig' ? f.misconfigScanner : s));
    // `trivy config` has no --scanners flag: it only looks for misconfigurations.
    if (o.targetType !== 'config') args.push('--scanners', scanners.join(','));
    const vuln = o.scanners.includes('vuln') && o.targetType !== 'config';
    if (vuln) {
      if (o.server) {
        args.push('--server', o.server);
      } else if (o.skipDbUpdate) {
        args.push('--skip-db-update');
      } else {
        args.push('--db-repository', repositoryList(o.dbRepositories, DEFAULT_DB_REPOSITORIES, f));
      }
      if (o.targetType !== 'sbom')
        args.push('--java-db-repository', repositoryList(o.javaDbRepositories, DEFAULT_JAVA_DB_REPOSITORIES, f));
    }
    if (o.scanners.includes('misconfig') || o.targetType === 'config') args.push(f.skipChecksFlag);
    if (f.showSuppressed) args.push('--show-suppressed');
    if (f.skipVersionCheck) args.push('--skip-version-check');
    if (f.disableTelemetry) args.push('--disable-telemetry');
    if (o.ignoreFile) args.push('--ignorefile', o.ignoreFile);
    for (const dir of o.skipDirs ?? []) args.push('--skip-dirs', dir);
    if (o.insecureRegistry) args.push('--insecure');
    if (o.targetType === 'image' && o.input) args.push('--input', o.input);
    else args.push('--', o.target);
    return args;
  }

  /** argv that fills the cache with the vulnerability DB from one repository, without scanning. */
  static downloadDbArgs(
    repository: string,
    cacheDir: string,
    timeoutMs: number,
    insecure: boolean,
    f: TrivyFeatures,
  ): string[] {
    return [
      'image',
      '--download-db-only',
      '--db-repository',
      repositoryArg(repository, f),
      '--cache-dir',
      cacheDir,
      '--timeout',
      `${Math.ceil(timeoutMs / 1000)}s`,
      '--quiet',
      ...(insecure ? ['--insecure'] : []),
    ];
  }

  /** argv of an SBOM of a directory or an image in one format. */
  static sbomArgs(o: TrivySbomOptions, f: TrivyFeatures): string[] {
    const args = [...outputArgs(o.targetType === 'fs' ? 'filesystem' : 'image', o.format, o), '--quiet'];
    if (f.skipVersionCheck) args.push('--skip-version-check');
    if (f.disableTelemetry) args.push('--disable-telemetry');
    if (o.insecureRegistry) args.push('--insecure');
    if (o.targetType === 'image' && o.input) args.push('--input', o.input);
    else args.push('--', o.target);
    return args;
  }

  /** Writes an SBOM; registry credentials, if any, come in env (TRIVY_USERNAME / TRIVY_PASSWORD), never in argv. */
  async sbom(o: TrivySbomOptions, env?: NodeJS.ProcessEnv): Promise<void> {
    const features = await this.features();
    await this.run(this.binPath, Trivy.sbomArgs(o, features), {
      timeoutMs: o.timeoutMs + 60_000,
      ...(env ? { env } : {}),
    });
  }

  async scan(o: TrivyScanOptions, env?: NodeJS.ProcessEnv): Promise<void> {
    const features = await this.features();
    await this.run(this.binPath, Trivy.scanArgs(o, features), {
      timeoutMs: o.timeoutMs + 60_000,
      ...(env ? { env } : {}),
    });
  }

  /**
   * Fills the DB cache from the first repository that answers. Trivy 0.56+
   * takes the list itself; older releases get one repository per attempt.
   */
  async downloadDb(
    repositories: readonly string[],
    cacheDir: string,
    timeoutMs: number,
    insecure: (repo: string) => boolean,
  ): Promise<string> {
    const features = await this.features();
    const failures: string[] = [];
    for (const repo of repositories) {
      try {
        await this.run(this.binPath, Trivy.downloadDbArgs(repo, cacheDir, timeoutMs, insecure(repo), features), {
          timeoutMs: timeoutMs + 60_000,
        });
        return repo;
      } catch (error) {
        failures.push(`${repo}: ${(error as Error).message.split('\n').slice(-1)[0] ?? ''}`);
      }
    }
    throw new OperationError(`no vulnerability database repository answered:\n${failures.join('\n')}`);
  }
}

/** Older releases take one repository, without its tag (they add the schema version as the tag). */
function repositoryArg(repository: string, f: TrivyFeatures): string {
  return f.dbRepositoryTags ? repository : repository.replace(/:\d+$/, '');
}

function repositoryList(repositories: readonly string[], defaults: readonly string[], f: TrivyFeatures): string {
  const list = repositories.length ? repositories : defaults;
  return f.multipleDbRepositories ? list.map((r) => repositoryArg(r, f)).join(',') : repositoryArg(list[0]!, f);
}

/** The command, its report format and file, the cache and the timeout: how every Trivy run starts. */
function outputArgs(
  command: string,
  format: string,
  o: { outputFile: string; cacheDir: string; timeoutMs: number },
): string[] {
  return [
    command,
    '--format',
    format,
    '--output',
    o.outputFile,
    '--cache-dir',
    o.cacheDir,
    '--timeout',
    `${Math.ceil(o.timeoutMs / 1000)}s`,
  ];
}
