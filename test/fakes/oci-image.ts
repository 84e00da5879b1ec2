import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/*
 * Real container images without Docker: `umoci` builds an OCI image layout
 * (one layer, no base image) from a map of files, and `skopeo` pushes it to a
 * registry or exports it as a docker-archive tar. Every tool runs with an
 * argv array, never through a shell.
 */

const execFileP = promisify(execFile);

export const UMOCI = 'umoci';
export const SKOPEO = 'skopeo';

export interface BuildImageOptions {
  /** Files of the rootfs, keyed by a relative path (`app/package.json`); parent directories are created. */
  readonly files?: Record<string, string | Buffer>;
  /** Contents of `etc/os-release`, e.g. `ID=alpine\nVERSION_ID=3.18.4\n`. */
  readonly osRelease?: string;
  /** Contents of `lib/apk/db/installed` (Alpine's package database). */
  readonly apkInstalled?: string;
  /** Contents of `var/lib/dpkg/status` (Debian's package database). */
  readonly dpkgStatus?: string;
  /** Tag inside the layout (default `latest`). */
  readonly tag?: string;
  /** Image config entrypoint (argv). */
  readonly entrypoint?: readonly string[];
  /** Image config labels. */
  readonly labels?: Record<string, string>;
  /** Directory for the layout (default: a new temp dir). Must not exist or be empty. */
  readonly dir?: string;
}

export interface BuiltImage {
  /** The OCI image layout directory. */
  readonly layoutDir: string;
  readonly tag: string;
  /** `oci:<layoutDir>:<tag>`, a skopeo/containers-image reference. */
  readonly ref: string;
  /** Removes the layout directory. */
  remove(): void;
}

async function run(file: string, args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
  try {
    const { stdout } = await execFileP(file, [...args], {
      cwd: options.cwd,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
    });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${(e.stderr ?? '').trim() || e.message}`);
  }
}

function safeJoin(root: string, relative: string): string {
  const target = path.resolve(root, relative.replace(/^\/+/, ''));
  if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`path escapes the rootfs: ${relative}`);
  return target;
}

/** Content of an Alpine `lib/apk/db/installed` listing the packages (origin defaults to the name). */
export function apkInstalledDb(
  packages: readonly { name: string; version: string; origin?: string; arch?: string; license?: string }[],
): string {
  return packages
    .map((p) =>
      [
        'C:Q1' + createHash('sha1').update(`${p.name}-${p.version}`).digest('base64'),
        `P:${p.name}`,
        `V:${p.version}`,
        `A:${p.arch ?? 'x86_64'}`,
        'S:1024',
        'I:4096',
        `T:${p.name} test package`,
        `L:${p.license ?? 'MIT'}`,
        `o:${p.origin ?? p.name}`,
        '',
      ].join('\n'),
    )
    .join('\n');
}

/**
 * Builds an OCI image layout with umoci: `init`, `new`, `unpack --rootless`,
 * write the files into the bundle's rootfs, `repack`, and `config` for the
 * entrypoint/labels. The image has no base: its single layer holds exactly the files given.
 */
export async function buildImage(options: BuildImageOptions): Promise<BuiltImage> {
  const tag = options.tag ?? 'latest';
  const work = mkdtempSync(path.join(os.tmpdir(), 'oci-image-'));
  const layoutDir = options.dir ?? path.join(work, 'layout');
  const bundle = path.join(work, 'bundle');
  const image = `${layoutDir}:${tag}`;
  try {
    await run(UMOCI, ['init', '--layout', layoutDir]);
    await run(UMOCI, ['new', '--image', image]);
    await run(UMOCI, ['unpack', '--rootless', '--image', image, bundle]);

    const rootfs = path.join(bundle, 'rootfs');
    const files: Record<string, string | Buffer> = { ...options.files };
    if (options.osRelease !== undefined) files['etc/os-release'] = options.osRelease;
    if (options.apkInstalled !== undefined) files['lib/apk/db/installed'] = options.apkInstalled;
    if (options.dpkgStatus !== undefined) files['var/lib/dpkg/status'] = options.dpkgStatus;
    for (const [relative, content] of Object.entries(files)) {
      const target = safeJoin(rootfs, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }

    await run(UMOCI, ['repack', '--image', image, bundle]);
    const configArgs: string[] = [];
    if (options.entrypoint) for (const arg of options.entrypoint) configArgs.push('--config.entrypoint', arg);
    for (const [key, value] of Object.entries(options.labels ?? {}))
      configArgs.push('--config.label', `${key}=${value}`);
    if (configArgs.length > 0) await run(UMOCI, ['config', '--image', image, ...configArgs]);
    await run(UMOCI, ['gc', '--layout', layoutDir]);
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  } finally {
    rmSync(bundle, { recursive: true, force: true });
  }
  return {
    layoutDir,
    tag,
    ref: `oci:${layoutDir}:${tag}`,
    remove: () => {
      rmSync(layoutDir, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** skopeo with the global flags tests need (no signature policy file is required). */
export function skopeo(args: readonly string[]): Promise<string> {
  return run(SKOPEO, ['--insecure-policy', ...args]);
}

/**
 * Pushes `oci:<layoutDir>:<tag>` to `<registryHost>/<repo>:<tag>` over plain
 * HTTP and returns the manifest digest (`sha256:<hex>`) the registry stores.
 */
export async function pushImage(layoutDir: string, tag: string, registryHost: string, repo: string): Promise<string> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'oci-push-'));
  try {
    const digestFile = path.join(work, 'digest');
    await skopeo([
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      '--digestfile',
      digestFile,
      `oci:${layoutDir}:${tag}`,
      `docker://${registryHost}/${repo}:${tag}`,
    ]);
    const digest = readFileSync(digestFile, 'utf8').trim();
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`skopeo wrote an unexpected digest: ${digest}`);
    return digest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The raw manifest bytes of `<registryHost>/<repo>:<tag>` and their sha256 digest. */
export async function inspectRawManifest(
  registryHost: string,
  repo: string,
  tag: string,
): Promise<{ manifest: Buffer; digest: string }> {
  const raw = await skopeo(['inspect', '--tls-verify=false', '--raw', `docker://${registryHost}/${repo}:${tag}`]);
  const manifest = Buffer.from(raw, 'utf8');
  return { manifest, digest: `sha256:${createHash('sha256').update(manifest).digest('hex')}` };
}

/**
 * Exports `oci:<layoutDir>:<tag>` as a docker-archive tar (what `docker save`
 * writes) tagged `<repo>:<tag>`, at `file` (which must not exist). Returns `file`.
 */
export async function imageArchive(layoutDir: string, tag: string, file: string, repo = 'test/image'): Promise<string> {
  await skopeo(['copy', '--quiet', `oci:${layoutDir}:${tag}`, `docker-archive:${file}:${repo}:${tag}`]);
  return file;
}
