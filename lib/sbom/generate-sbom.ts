import * as core from '@actions/core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Syft, type SyftRegistryAuth } from '../cli/syft.js';
import { Trivy, type TrivySbomFormat } from '../cli/trivy.js';
import { isLoopbackHost } from '../oci/reference.js';
import { trivyCacheDir } from '../scan/trivy-scan.js';
import { ToolInstaller } from '../tools/installer.js';
import { TOOL_MANIFEST } from '../tools/manifest.js';
import type { ToolVersionChoice } from '../tools/tool-version.js';
import type { SbomFormat } from './sbom-model.js';

/** What the SBOM describes: an image in a registry (pinned by digest), or a path on disk. */
export type SbomSource =
  | { readonly kind: 'image'; readonly registry: string; readonly reference: string }
  | { readonly kind: 'dir' | 'oci-dir' | 'docker-archive'; readonly path: string };

export interface GenerateRequest {
  readonly generator: 'syft' | 'trivy';
  readonly source: SbomSource;
  readonly formats: readonly SbomFormat[];
  readonly outDir: string;
  readonly tool: ToolVersionChoice;
  readonly mirror?: string;
  readonly timeoutMs: number;
  /** Registry credentials given as inputs; without them the generator uses the docker config. */
  readonly auth?: { readonly username: string; readonly password: string };
}

export interface GeneratedSbom {
  readonly format: SbomFormat;
  readonly file: string;
}

export interface GenerateResult {
  readonly files: readonly GeneratedSbom[];
  /** `syft 1.40.1`, `trivy 0.69.3`. */
  readonly tool: string;
}

/** The file name of each format in the output directory. */
export const SBOM_FILE_NAMES: Readonly<Record<SbomFormat, string>> = {
  'spdx-json': 'sbom.spdx.json',
  'cyclonedx-json': 'sbom.cyclonedx.json',
  'syft-json': 'sbom.syft.json',
};

const TRIVY_FORMATS: Readonly<Partial<Record<SbomFormat, TrivySbomFormat>>> = {
  'spdx-json': 'spdx-json',
  'cyclonedx-json': 'cyclonedx',
};

/** Installs the pinned (or chosen, checksum-verified) generator and writes every requested format. */
export async function generateSbom(request: GenerateRequest): Promise<GenerateResult> {
  const installed = await new ToolInstaller(TOOL_MANIFEST).install({
    tool: request.generator,
    ...(request.tool.version ? { version: request.tool.version } : {}),
    ...(request.tool.sha256 ? { sha256: request.tool.sha256 } : {}),
    ...(request.mirror ? { mirror: request.mirror } : {}),
  });
  await mkdir(request.outDir, { recursive: true });
  const files = request.formats.map((format) => ({ format, file: path.join(request.outDir, SBOM_FILE_NAMES[format]) }));
  const source = request.source;
  const insecure = source.kind === 'image' && isLoopbackHost(source.registry);

  if (request.generator === 'syft') {
    const syft = new Syft(installed.path);
    const version = await syft.version();
    core.info(`Syft ${version}: ${files.map((f) => f.format).join(', ')} of ${describeSource(source)} in one run`);
    const auth: SyftRegistryAuth | undefined =
      source.kind === 'image' && request.auth ? { authority: source.registry, ...request.auth } : undefined;
    await syft.scan({
      source: source.kind === 'image' ? { kind: 'registry', reference: source.reference } : source,
      outputs: files,
      timeoutMs: request.timeoutMs,
      insecureUseHttp: insecure,
      ...(auth ? { auth } : {}),
    });
    return { files, tool: `syft ${version}` };
  }

  const trivy = new Trivy(installed.path, undefined, installed.version);
  const version = await trivy.version();
  core.info(`Trivy ${version}: ${files.map((f) => f.format).join(', ')} of ${describeSource(source)}`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (request.auth && source.kind === 'image') {
    env['TRIVY_USERNAME'] = request.auth.username;
    env['TRIVY_PASSWORD'] = request.auth.password;
  }
  const cacheDir = trivyCacheDir();
  await mkdir(cacheDir, { recursive: true });
  // Trivy writes one SBOM format per run; the image layers are cached after the first.
  for (const { format, file } of files) {
    const trivyFormat = TRIVY_FORMATS[format];
    if (!trivyFormat) throw new Error(`Trivy does not write ${format}`);
    await trivy.sbom(
      {
        targetType: source.kind === 'dir' ? 'fs' : 'image',
        target: source.kind === 'image' ? source.reference : source.path,
        ...(source.kind === 'oci-dir' || source.kind === 'docker-archive' ? { input: source.path } : {}),
        format: trivyFormat,
        outputFile: file,
        cacheDir,
        timeoutMs: request.timeoutMs,
        insecureRegistry: insecure,
      },
      env,
    );
  }
  return { files, tool: `trivy ${version}` };
}

export function describeSource(source: SbomSource): string {
  return source.kind === 'image' ? source.reference : `${source.kind}:${source.path}`;
}
