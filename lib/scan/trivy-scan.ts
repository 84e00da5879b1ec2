import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_DB_REPOSITORIES,
  DEFAULT_JAVA_DB_REPOSITORIES,
  DEFAULT_SCANNERS,
  Trivy,
  type TrivyScannerName,
  type TrivyTargetType,
} from '../cli/trivy.js';
import type { ScanOutcome } from './scan-outcome.js';
import { isLoopbackHost, parseImageReference } from '../oci/reference.js';
import { ToolInstaller } from '../tools/installer.js';
import { TOOL_MANIFEST } from '../tools/manifest.js';
import type { ToolVersionChoice } from '../tools/tool-version.js';
import { restoreDbCache, saveDbCache } from './trivy-db-cache.js';
import type { TrivyTarget } from './trivy-target.js';

export interface TrivyScanRequest {
  readonly targetType: TrivyTargetType;
  readonly target: TrivyTarget;
  readonly scanners: readonly string[];
  readonly dbRepositories: readonly string[];
  readonly javaDbRepositories: readonly string[];
  readonly server?: string;
  readonly ignoreFile?: string;
  readonly skipDirs: readonly string[];
  readonly cache: boolean;
  readonly timeoutMs: number;
  readonly tool: ToolVersionChoice;
  readonly mirror?: string;
  /** Where Trivy's JSON report is written. */
  readonly reportFile: string;
  readonly workspace: string;
}

/** The Trivy cache directory: Trivy's own default, so other Trivy steps of the job share it. */
export function trivyCacheDir(): string {
  return process.env['TRIVY_CACHE_DIR'] || path.join(os.homedir(), '.cache', 'trivy');
}

/** Installs the pinned Trivy, fills the database (cache, mirrors in order), runs one JSON scan and parses it. */
export async function runTrivyScan(request: TrivyScanRequest): Promise<ScanOutcome> {
  const installed = await new ToolInstaller(TOOL_MANIFEST).install({
    tool: 'trivy',
    ...(request.tool.version ? { version: request.tool.version } : {}),
    ...(request.tool.sha256 ? { sha256: request.tool.sha256 } : {}),
    ...(request.mirror ? { mirror: request.mirror } : {}),
  });
  const trivy = new Trivy(installed.path, undefined, installed.version);
  const version = await trivy.version();
  core.info(`Trivy ${version}`);

  const scanners = (request.scanners.length ? request.scanners : DEFAULT_SCANNERS[request.targetType]).map(
    (s) => (s === 'config' ? 'misconfig' : s) as TrivyScannerName,
  );
  const cacheDir = trivyCacheDir();
  const dbRepositories = request.dbRepositories.length ? request.dbRepositories : DEFAULT_DB_REPOSITORIES;
  const javaDbRepositories = request.javaDbRepositories.length
    ? request.javaDbRepositories
    : DEFAULT_JAVA_DB_REPOSITORIES;
  const needsDb = scanners.includes('vuln') && !request.server && request.targetType !== 'config';
  if (needsDb) {
    await mkdir(cacheDir, { recursive: true });
    const restored = request.cache ? await restoreDbCache(cacheDir, dbRepositories) : { exact: false };
    const used = await trivy.downloadDb(dbRepositories, cacheDir, request.timeoutMs, (repo) =>
      isLoopbackRepository(repo),
    );
    core.info(`vulnerability database from ${used}`);
    if (request.cache && !restored.exact) await saveDbCache(cacheDir, dbRepositories);
  }

  const ignoreFile = request.ignoreFile ?? defaultIgnoreFile(request.workspace);
  const t = request.target;
  await mkdir(path.dirname(request.reportFile), { recursive: true });
  await trivy.scan({
    targetType: request.targetType,
    target: t.kind === 'image' ? t.reference : t.path,
    ...(t.kind === 'image-archive' ? { input: t.path } : {}),
    scanners,
    outputFile: request.reportFile,
    cacheDir,
    dbRepositories,
    javaDbRepositories,
    skipDbUpdate: needsDb,
    ...(request.server ? { server: request.server } : {}),
    ...(ignoreFile ? { ignoreFile } : {}),
    skipDirs: request.skipDirs,
    timeoutMs: request.timeoutMs,
    insecureRegistry: t.kind === 'image' && isLoopbackHost(parseImageReference(t.reference).registry),
  });
  const report = Trivy.parseReport(await readFile(request.reportFile), {
    ...(t.kind === 'path' && t.pathPrefix ? { pathPrefix: t.pathPrefix } : {}),
    imageTarget: t.kind !== 'path',
  });
  return { findings: report.findings, toolVersion: version };
}

function defaultIgnoreFile(workspace: string): string | undefined {
  for (const name of ['.trivyignore.yaml', '.trivyignore.yml', '.trivyignore']) {
    const file = path.join(workspace, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

function isLoopbackRepository(repo: string): boolean {
  try {
    return isLoopbackHost(parseImageReference(repo).registry);
  } catch {
    return false;
  }
}
