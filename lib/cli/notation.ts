import path from 'node:path';
import { exec, type ExecResult } from '../exec.js';
import {
  parseNotationBlobInspect,
  parseNotationInspect,
  type NotationInspectResult,
  type NotationSignature,
} from './notation-inspect.js';

export type { NotationInspectResult, NotationSignature } from './notation-inspect.js';

/*
 * The notation CLI (1.x). Every verb builds an argv array; the configuration
 * (trust store, trust policy, plugins, cache) lives in one directory given
 * through the environment (NOTATION_CONFIG, NOTATION_LIBEXEC, NOTATION_CACHE,
 * and XDG_CONFIG_HOME / XDG_CACHE_HOME for what reads the defaults), so
 * nothing is read from or written to the user's home. Registry credentials
 * come from the docker config (DOCKER_CONFIG), which notation reads when its
 * own config.json holds none. notation reaches a registry over plain HTTP only
 * with `--insecure-registry` (or for a host named `localhost`), so loopback
 * registries get the flag.
 */

export type NotationSignatureFormat = 'cose' | 'jws';

/** Trust store types of `notation cert add --type`. */
export type NotationStoreType = 'ca' | 'signingAuthority' | 'tsa';

export interface NotationSignOptions {
  /** `registry/repository@sha256:…`: a tag is refused. */
  readonly reference: string;
  /** The key identifier the plugin understands (for azure-kv, the Key Vault key or certificate URL). */
  readonly keyId: string;
  /** The plugin's short name (`azure-kv` for `plugins/azure-kv/notation-azure-kv`). */
  readonly plugin: string;
  /** `--plugin-config key=value`, in order. */
  readonly pluginConfig: ReadonlyArray<readonly [string, string]>;
  readonly signatureFormat: NotationSignatureFormat;
  /** An RFC 3161 timestamp authority and the file with its root certificate. */
  readonly timestamp?: { readonly url: string; readonly rootCertificate: string };
  /** `--user-metadata key=value`, in order. */
  readonly userMetadata: ReadonlyArray<readonly [string, string]>;
  /** Plain HTTP to the registry (loopback registries). */
  readonly insecureRegistry: boolean;
}

export interface NotationRegistryOptions {
  readonly insecureRegistry: boolean;
}

export interface NotationVerifyOptions extends NotationRegistryOptions {
  /** `--verbose`: notation logs every step of the verification to stderr. */
  readonly verbose?: boolean;
}

export interface NotationVerifyOutcome {
  readonly verified: boolean;
  /** Why not, in one line (notation's own `Error:` line when it printed one). */
  readonly reason?: string;
  /** notation's `Warning:` lines (e.g. a logged-only check that failed). */
  readonly warnings: readonly string[];
}

/** The directories of an isolated notation configuration under one root. */
export interface NotationDirectories {
  /** NOTATION_CONFIG: config.json, trustpolicy files, truststore/. */
  readonly config: string;
  /** NOTATION_LIBEXEC: plugins/<name>/notation-<name>. */
  readonly libexec: string;
  /** NOTATION_CACHE: signature cache. */
  readonly cache: string;
}

const PINNED = /^[^@\s]+@sha256:[a-f0-9]{64}$/;

/** The notation CLI: argv arrays, a memoised version, and pure parsers of its output. */
export class Notation {
  private versionPromise?: Promise<string>;

  constructor(
    readonly binPath: string,
    /** The child's whole environment, usually `Notation.environment(…)`. */
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly run: typeof exec = exec,
  ) {}

  /** The directories of a notation configuration rooted at `root`. */
  static directories(root: string): NotationDirectories {
    const config = path.join(root, 'notation');
    return { config, libexec: config, cache: path.join(root, 'cache', 'notation') };
  }

  /**
   * The environment that points notation at the configuration under `root`
   * (and nothing in the user's home). Other Azure credentials than workload
   * identity are dropped, so the plugin cannot pick up a client secret.
   */
  static environment(root: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const dirs = Notation.directories(root);
    const env: NodeJS.ProcessEnv = { ...base };
    for (const name of ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_CLIENT_CERTIFICATE_PASSWORD']) {
      delete env[name];
    }
    delete env['AZURE_USERNAME'];
    delete env['AZURE_PASSWORD'];
    return {
      ...env,
      NOTATION_CONFIG: dirs.config,
      NOTATION_LIBEXEC: dirs.libexec,
      NOTATION_CACHE: dirs.cache,
      XDG_CONFIG_HOME: root,
      XDG_CACHE_HOME: path.join(root, 'cache'),
    };
  }

  /** Where notation looks for a plugin: `<libexec>/plugins/<name>/notation-<name>[.exe]`. */
  static pluginPath(libexec: string, name: string, windows = process.platform === 'win32'): string {
    return path.join(libexec, 'plugins', name, `notation-${name}${windows ? '.exe' : ''}`);
  }

  /** The version notation reports, without a leading `v`. */
  version(): Promise<string> {
    this.versionPromise ??= this.run(this.binPath, ['version'], {
      timeoutMs: 60_000,
      echoStdout: false,
      env: this.env,
    }).then((r) => Notation.parseVersion(r.stdout));
    return this.versionPromise;
  }

  /** `notation version`: `Version:     1.3.2` among other lines. */
  static parseVersion(stdout: string): string {
    return /^Version:\s*v?(\S+)/m.exec(stdout)?.[1] ?? 'unknown';
  }

  static parseInspect(stdout: string): NotationInspectResult {
    return parseNotationInspect(stdout);
  }

  static parseBlobInspect(stdout: string): NotationSignature {
    return parseNotationBlobInspect(stdout);
  }

  /**
   * `notation sign --id <key> --plugin <name> [--plugin-config k=v]…
   * --signature-format <cose|jws> [--timestamp-url <url> --timestamp-root-cert <file>]
   * [--user-metadata k=v]… [--insecure-registry] -- <ref@digest>`
   */
  static signArgs(o: NotationSignOptions): string[] {
    assertPinned(o.reference);
    const args = ['sign', '--id', o.keyId, '--plugin', o.plugin];
    for (const [key, value] of o.pluginConfig) args.push('--plugin-config', pair(key, value));
    args.push('--signature-format', o.signatureFormat);
    if (o.timestamp) {
      args.push('--timestamp-url', o.timestamp.url, '--timestamp-root-cert', o.timestamp.rootCertificate);
    }
    for (const [key, value] of o.userMetadata) args.push('--user-metadata', pair(key, value));
    if (o.insecureRegistry) args.push('--insecure-registry');
    args.push('--', o.reference);
    return args;
  }

  /** `notation verify [--insecure-registry] [--verbose] -- <ref@digest>` (with the trust policy installed). */
  static verifyArgs(reference: string, o: NotationVerifyOptions): string[] {
    assertPinned(reference);
    return [
      'verify',
      ...(o.insecureRegistry ? ['--insecure-registry'] : []),
      ...(o.verbose ? ['--verbose'] : []),
      '--',
      reference,
    ];
  }

  /** `notation inspect --output json [--insecure-registry] -- <ref@digest>` */
  static inspectArgs(reference: string, o: NotationRegistryOptions): string[] {
    assertPinned(reference);
    return ['inspect', '--output', 'json', ...(o.insecureRegistry ? ['--insecure-registry'] : []), '--', reference];
  }

  /** `notation cert add --type <type> --store <name> -- <file>…` */
  static certAddArgs(type: NotationStoreType, store: string, files: readonly string[]): string[] {
    if (!/^[a-zA-Z0-9_.-]+$/.test(store)) throw new Error(`not a notation trust store name: ${store}`);
    if (files.length === 0) throw new Error(`no certificates to add to trust store ${type}:${store}`);
    return ['cert', 'add', '--type', type, '--store', store, '--', ...files];
  }

  /** `notation policy import --force -- <file>`: replaces the (isolated) trust policy without a prompt. */
  static policyImportArgs(file: string): string[] {
    return ['policy', 'import', '--force', '--', file];
  }

  /**
   * The outcome of `notation verify` from its exit code and text (it has no
   * JSON output): success is exit 0 with `Successfully verified signature
   * for …`; a trust policy that skips verification is not a verification.
   */
  static parseVerifyResult(result: Pick<ExecResult, 'exitCode' | 'stdout' | 'stderr'>): NotationVerifyOutcome {
    const lines = `${result.stdout}\n${result.stderr}`.split(/\r?\n/).map((l) => l.trim());
    const warnings = lines.filter((l) => l.startsWith('Warning:')).map((l) => l.slice('Warning:'.length).trim());
    if (result.exitCode === 0) {
      if (lines.some((l) => l.startsWith('Successfully verified signature for'))) return { verified: true, warnings };
      if (lines.some((l) => l.startsWith('Trust policy is configured to skip signature verification'))) {
        return { verified: false, reason: 'the trust policy skips signature verification for this image', warnings };
      }
      return { verified: false, reason: 'notation verify did not report a verified signature', warnings };
    }
    const errorLines = result.stderr
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.startsWith('Error:'));
    const last = errorLines[errorLines.length - 1];
    const fallback = result.stderr
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .pop();
    const reason = last
      ? last.slice('Error:'.length).trim()
      : (fallback ?? `notation verify exited with code ${result.exitCode}`);
    return { verified: false, reason, warnings };
  }

  async sign(o: NotationSignOptions, timeoutMs: number): Promise<void> {
    await this.run(this.binPath, Notation.signArgs(o), { timeoutMs, env: this.env });
  }

  /** Verifies one image; a failed verification is an outcome, not an exception (a tool failure still throws). */
  async verify(reference: string, o: NotationVerifyOptions, timeoutMs: number): Promise<NotationVerifyOutcome> {
    const result = await this.run(this.binPath, Notation.verifyArgs(reference, o), {
      timeoutMs,
      env: this.env,
      okExitCodes: [0, 1],
    });
    return Notation.parseVerifyResult(result);
  }

  async inspect(reference: string, o: NotationRegistryOptions, timeoutMs: number): Promise<NotationInspectResult> {
    const result = await this.run(this.binPath, Notation.inspectArgs(reference, o), {
      timeoutMs,
      env: this.env,
      echoStdout: false,
    });
    return Notation.parseInspect(result.stdout);
  }

  async addCertificates(
    type: NotationStoreType,
    store: string,
    files: readonly string[],
    timeoutMs: number,
  ): Promise<void> {
    await this.run(this.binPath, Notation.certAddArgs(type, store, files), { timeoutMs, env: this.env });
  }

  async importTrustPolicy(file: string, timeoutMs: number): Promise<void> {
    await this.run(this.binPath, Notation.policyImportArgs(file), { timeoutMs, env: this.env });
  }
}

function pair(key: string, value: string): string {
  if (key === '' || key.includes('=')) throw new Error(`not a notation key: '${key}'`);
  return `${key}=${value}`;
}

function assertPinned(reference: string): void {
  if (!PINNED.test(reference))
    throw new Error(`notation is only given references pinned by digest; got '${reference}'`);
}
