import * as core from '@actions/core';
import type * as ToolCacheModule from '@actions/tool-cache';
import { randomUUID } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError, OperationError } from '../runtime/errors.js';
import { assetUrl } from './asset-url.js';
import { isCompromisedRelease } from './compromised.js';
import { downloadFile, type RetryPolicy } from './download.js';
import { currentPlatform } from './platform.js';
import type { Platform, PinnedTool, ToolName } from './types.js';

export interface InstallRequest {
  readonly tool: ToolName;
  /** Exact version; the pinned default when undefined. */
  readonly version?: string;
  /** Required with a version other than the default. */
  readonly sha256?: string;
  readonly mirror?: string;
  /** Put the executable's directory on PATH for later steps (default true). */
  readonly addToPath?: boolean;
}

export interface InstalledTool {
  readonly tool: ToolName;
  readonly version: string;
  /** Absolute path of the executable. */
  readonly path: string;
  /** The cached directory holding it. */
  readonly dir: string;
  readonly fromCache: boolean;
}

/** Marker in a cached tool directory: the sha256 of the archive it was unpacked from. */
const VERIFIED_MARKER = '.devsecops-sha256';

/**
 * Installs pinned tools: tool cache first, otherwise download, verify the
 * sha256 before anything is unpacked (a mismatch fails closed and caches
 * nothing), unpack, cache, and add to PATH.
 */
export class ToolInstaller {
  constructor(
    private readonly manifest: Readonly<Record<ToolName, PinnedTool>>,
    private readonly options: { platform?: Platform; retry?: RetryPolicy } = {},
  ) {}

  async install(request: InstallRequest): Promise<InstalledTool> {
    const pinned = this.manifest[request.tool];
    const platform = this.options.platform ?? currentPlatform();
    if (!platform) throw new OperationError(`${request.tool} is not published for ${process.platform}-${process.arch}`);
    const version = (request.version ?? pinned.version).replace(/^v/, '');
    if (isCompromisedRelease(request.tool, version)) {
      throw new ConfigurationError(
        `${request.tool} ${version} is a known compromised release and will not be installed`,
      );
    }
    const location = pinned.locate(version, platform);
    if (!location) throw new OperationError(`${request.tool} ${version} is not published for ${platform}`);
    const expected = this.expectedSha256(request, pinned, version, platform);
    const executable = pinned.executable(version, platform) + (platform.startsWith('win32') ? '.exe' : '');
    const arch = platform.split('-')[1] ?? process.arch;

    const tc = await import('@actions/tool-cache');
    const cached = tc.find(request.tool, version, arch);
    if (cached && (await readMarker(cached)) === expected) {
      core.info(`${request.tool} ${version} found in the tool cache`);
      return this.finish(request, version, cached, executable, true);
    }

    const url = assetUrl(pinned, version, location, request.mirror);
    const work = path.join(process.env['RUNNER_TEMP'] || os.tmpdir(), `devsecops-${randomUUID()}`);
    await mkdir(work, { recursive: true });
    try {
      const archive = path.join(work, location.file);
      core.info(`downloading ${request.tool} ${version} from ${url}`);
      const result = await downloadFile(url, archive, this.options.retry ? { retry: this.options.retry } : {});
      if (result.sha256 !== expected) {
        throw new OperationError(
          `checksum mismatch for ${url}: expected sha256 ${expected}, got ${result.sha256}; the file was discarded and nothing was cached`,
        );
      }
      const unpacked = path.join(work, 'unpacked');
      await mkdir(unpacked, { recursive: true });
      await unpack(tc, archive, location.file, unpacked, executable);
      await stat(path.join(unpacked, executable)).catch(() => {
        throw new OperationError(`${location.file} does not contain ${executable}`);
      });
      await writeFile(path.join(unpacked, VERIFIED_MARKER), `${expected}\n`);
      const dir = await tc.cacheDir(unpacked, request.tool, version, arch);
      return this.finish(request, version, dir, executable, false);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private expectedSha256(request: InstallRequest, pinned: PinnedTool, version: string, platform: Platform): string {
    if (request.sha256) return request.sha256.toLowerCase();
    if (version !== pinned.version) {
      throw new ConfigurationError(
        `${request.tool} ${version} is not the pinned version (${pinned.version}); give its sha256 too`,
      );
    }
    const asset = pinned.assets[platform];
    if (!asset) {
      throw new ConfigurationError(
        `no pinned checksum for ${request.tool} ${version} on ${platform}; choose a version and give its sha256`,
      );
    }
    return asset.sha256;
  }

  private finish(
    request: InstallRequest,
    version: string,
    dir: string,
    executable: string,
    fromCache: boolean,
  ): InstalledTool {
    const file = path.join(dir, executable);
    if (request.addToPath ?? true) core.addPath(path.dirname(file));
    return { tool: request.tool, version, path: file, dir, fromCache };
  }
}

type ToolCache = typeof ToolCacheModule;

async function unpack(tc: ToolCache, archive: string, file: string, into: string, executable: string): Promise<void> {
  if (file.endsWith('.tar.gz') || file.endsWith('.tgz')) {
    await tc.extractTar(archive, into, ['xz', '--no-same-owner']);
  } else if (file.endsWith('.zip')) {
    await tc.extractZip(archive, into);
  } else {
    const target = path.join(into, executable);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(archive, target);
  }
  await chmod(path.join(into, executable), 0o755).catch(() => undefined);
}

async function readMarker(dir: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(dir, VERIFIED_MARKER), 'utf8')).trim();
  } catch {
    return undefined;
  }
}
