import { exec } from '../exec.js';
import { DOCKER_HUB } from '../oci/reference.js';

/** The SBOM formats Syft writes that this project uses (`-o <format>=<file>`). */
export type SyftFormat = 'spdx-json' | 'cyclonedx-json' | 'syft-json';

/**
 * What Syft scans, as its source schemes name it: an image pulled straight
 * from its registry (never from a local daemon, so the SBOM describes the
 * registry's image), a directory, an OCI layout directory or a docker-archive tar.
 */
export type SyftSource =
  | { readonly kind: 'registry'; readonly reference: string }
  | { readonly kind: 'dir' | 'oci-dir' | 'docker-archive'; readonly path: string };

export interface SyftRegistryAuth {
  /** The registry host (`myacr.azurecr.io`, `127.0.0.1:5000`). */
  readonly authority: string;
  readonly username: string;
  readonly password: string;
}

export interface SyftScanOptions {
  readonly source: SyftSource;
  /** Every format and the file it goes to: all written by one run. */
  readonly outputs: ReadonlyArray<{ readonly format: SyftFormat; readonly file: string }>;
  readonly timeoutMs: number;
  /** Reach the registry over plain HTTP (loopback registries). */
  readonly insecureUseHttp?: boolean;
  /** Credentials for the registry, passed in Syft's environment, never on its command line. */
  readonly auth?: SyftRegistryAuth;
}

/** The Syft CLI: argv built as arrays, a memoised version, and the environment that carries its registry settings. */
export class Syft {
  private versionPromise?: Promise<string>;

  constructor(
    readonly binPath: string,
    private readonly run: typeof exec = exec,
  ) {}

  /** The version Syft reports (`syft version -o json`), without a leading `v`. */
  version(): Promise<string> {
    this.versionPromise ??= this.run(this.binPath, ['version', '-o', 'json'], {
      timeoutMs: 60_000,
      echoStdout: false,
      env: { ...process.env, SYFT_CHECK_FOR_APP_UPDATE: 'false' },
    }).then((r) => Syft.parseVersion(r.stdout));
    return this.versionPromise;
  }

  /** `syft version -o json` (`{"application":"syft","version":"1.40.1",…}`), or its text form (`Version: 1.40.1`). */
  static parseVersion(stdout: string): string {
    try {
      const doc = JSON.parse(stdout) as { version?: unknown };
      if (typeof doc.version === 'string' && doc.version) return doc.version.replace(/^v/, '');
    } catch {
      /* the text form */
    }
    const match = /^Version:\s*v?(\S+)/m.exec(stdout);
    return match?.[1] ?? 'unknown';
  }

  /** The source argument: `registry:<ref>`, `dir:<path>`, `oci-dir:<path>`, `docker-archive:<path>`. */
  static sourceArg(source: SyftSource): string {
    return source.kind === 'registry' ? `registry:${source.reference}` : `${source.kind}:${source.path}`;
  }

  /** `syft scan <source> -o <format>=<file> …`: one run writes every format. */
  static scanArgs(o: SyftScanOptions): string[] {
    if (o.outputs.length === 0) throw new Error('syft scan needs at least one output');
    const args = ['scan', Syft.sourceArg(o.source)];
    for (const { format, file } of o.outputs) args.push('-o', `${format}=${file}`);
    return args;
  }

  /**
   * Syft's settings for the run, as environment variables (its configuration
   * keys `registry.insecure-use-http` and `registry.auth`, read as
   * SYFT_REGISTRY_INSECURE_USE_HTTP and SYFT_REGISTRY_AUTH_AUTHORITY / _USERNAME
   * / _PASSWORD). Without credentials, Syft uses the docker config
   * (DOCKER_CONFIG) that `docker login` or actions/azure-login wrote.
   */
  static scanEnv(o: SyftScanOptions, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...base, SYFT_CHECK_FOR_APP_UPDATE: 'false' };
    for (const name of Object.keys(env)) if (name.startsWith('SYFT_REGISTRY_AUTH_')) delete env[name];
    if (o.insecureUseHttp) env['SYFT_REGISTRY_INSECURE_USE_HTTP'] = 'true';
    if (o.auth) {
      // go-containerregistry names Docker Hub index.docker.io.
      env['SYFT_REGISTRY_AUTH_AUTHORITY'] = o.auth.authority === DOCKER_HUB ? 'index.docker.io' : o.auth.authority;
      env['SYFT_REGISTRY_AUTH_USERNAME'] = o.auth.username;
      env['SYFT_REGISTRY_AUTH_PASSWORD'] = o.auth.password;
    }
    return env;
  }

  async scan(o: SyftScanOptions): Promise<void> {
    await this.run(this.binPath, Syft.scanArgs(o), { timeoutMs: o.timeoutMs, env: Syft.scanEnv(o) });
  }
}
