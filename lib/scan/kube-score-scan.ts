import * as core from '@actions/core';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_KUBERNETES_VERSION, KubeScore } from '../cli/kube-score.js';
import type { ManifestSource } from '../cli/kube-score-report.js';
import type { ManifestRenderer } from '../k8s/manifest-files.js';
import { renderManifests } from '../k8s/render-manifests.js';
import { isInside } from '../runtime/inputs.js';
import { ToolInstaller } from '../tools/installer.js';
import { TOOL_MANIFEST } from '../tools/manifest.js';
import type { ToolVersionChoice } from '../tools/tool-version.js';
import type { ScanOutcome } from './scan-outcome.js';

/*
 * kube-score over every manifest in one run (its checks relate objects to
 * each other: a Deployment to its PodDisruptionBudget, a Pod to the
 * NetworkPolicies and Services that select it). With rendering, the
 * rendered manifests are written to `rendered-manifests.yaml` under outDir,
 * kube-score reads that file, and the findings point at it: by its path
 * relative to the workspace when outDir is inside the workspace (annotated,
 * and a SARIF location code scanning can show), otherwise by its absolute
 * path as their target with the line kept, and no file annotation (a file
 * outside the repository cannot carry one). kube-score's own
 * `kube-score/ignore` annotations work as kube-score defines them: the
 * manifests are passed unchanged.
 */

export const RENDERED_MANIFESTS_FILE = 'rendered-manifests.yaml';
export const KUBE_SCORE_REPORT_FILE = 'kube-score-report.json';

export interface KubeScoreScanRequest {
  readonly render: ManifestRenderer;
  /**
   * Absolute paths inside the workspace: manifest files (render none),
   * kustomization directories (kustomize), or charts (helm).
   */
  readonly sources: readonly string[];
  readonly helmValues: readonly string[];
  /** Default DEFAULT_KUBERNETES_VERSION. */
  readonly kubernetesVersion?: string;
  readonly ignoreTests: readonly string[];
  readonly optionalTests: readonly string[];
  readonly timeoutMs: number;
  readonly tool: ToolVersionChoice;
  readonly helm?: ToolVersionChoice;
  readonly mirror?: string;
  /** Where the raw report and the rendered manifests are written. */
  readonly outDir: string;
  readonly workspace: string;
}

/** Renders when asked, installs the pinned kube-score, runs it once over every object and parses its report. */
export async function runKubeScoreScan(request: KubeScoreScanRequest): Promise<ScanOutcome> {
  const kubernetesVersion = request.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  await mkdir(request.outDir, { recursive: true });
  const extraFiles: { label: string; path: string }[] = [];

  let files: readonly string[] = request.sources;
  let rendered: string | undefined;
  if (request.render !== 'none') {
    const result = await renderManifests({
      render: request.render,
      sources: request.sources,
      helmValues: request.helmValues,
      kubernetesVersion,
      outFile: path.join(request.outDir, RENDERED_MANIFESTS_FILE),
      timeoutMs: request.timeoutMs,
      ...(request.helm ? { helm: request.helm } : {}),
      ...(request.mirror ? { mirror: request.mirror } : {}),
    });
    rendered = result.file;
    files = [rendered];
    extraFiles.push({ label: 'Rendered manifests', path: rendered });
    core.info(`rendered ${request.sources.length} source(s) with ${result.renderer} into ${rendered}`);
  }

  const installed = await new ToolInstaller(TOOL_MANIFEST).install({
    tool: 'kube-score',
    ...(request.tool.version ? { version: request.tool.version } : {}),
    ...(request.tool.sha256 ? { sha256: request.tool.sha256 } : {}),
    ...(request.mirror ? { mirror: request.mirror } : {}),
  });
  const kubeScore = new KubeScore(installed.path);
  const version = await kubeScore.version();
  core.info(`kube-score ${version}, checking against Kubernetes ${KubeScore.kubernetesVersionArg(kubernetesVersion)}`);

  const text = await kubeScore.score({
    kubernetesVersion,
    ignoreTests: request.ignoreTests,
    optionalTests: request.optionalTests,
    files,
    timeoutMs: request.timeoutMs,
  });
  const reportFile = path.join(request.outDir, KUBE_SCORE_REPORT_FILE);
  await writeFile(reportFile, text);
  extraFiles.unshift({ label: 'kube-score report', path: reportFile });

  const workspace = realOrSelf(request.workspace);
  let source: (fileName: string) => ManifestSource | undefined;
  if (rendered) {
    const renderedSource = await fileSource(rendered, workspace);
    source = () => renderedSource;
  } else {
    const byPath = new Map<string, ManifestSource>();
    for (const file of files) byPath.set(path.resolve(file), await fileSource(file, workspace));
    source = (fileName) => byPath.get(path.resolve(fileName)) ?? workspaceManifestSource(fileName, workspace);
  }
  const report = KubeScore.parseReport(text, { source });
  core.info(`kube-score scored ${report.objects} object(s)`);
  return { findings: report.findings, toolVersion: version, extraFiles };
}

/** An existing kube-score JSON report, processed without running kube-score; positions from the files it names. */
export async function readKubeScoreReport(file: string, workspace: string): Promise<ScanOutcome> {
  const root = realOrSelf(workspace);
  const report = KubeScore.parseReport(await readFile(file, 'utf8'), {
    source: (fileName) => workspaceManifestSource(fileName, root),
  });
  return { findings: report.findings };
}

async function fileSource(file: string, workspace: string): Promise<ManifestSource> {
  const text = await readFile(file, 'utf8');
  const real = realOrSelf(file);
  if (isInside(workspace, real)) {
    const rel = toPosix(path.relative(workspace, real));
    return { file: rel, label: rel, text };
  }
  return { label: toPosix(file), text };
}

/**
 * The workspace file a report's `file_name` names: the path itself when it is
 * in the workspace; for a report made elsewhere (kube-score writes absolute
 * paths), the longest tail of the path that is a file in the workspace, as a
 * guess that only holds for objects found in it. Only files inside the
 * workspace are read.
 */
export function workspaceManifestSource(fileName: string, workspace: string): ManifestSource | undefined {
  if (!fileName || fileName === 'STDIN') return undefined;
  const normal = fileName.replace(/\\/g, '/');
  const absolute = normal.startsWith('/') || /^[A-Za-z]:\//.test(normal);
  if (!absolute) return readWorkspaceFile(normal, workspace, false);
  const direct = path.resolve(fileName);
  if (path.isAbsolute(fileName) && isInside(workspace, direct)) {
    const found = readWorkspaceFile(toPosix(path.relative(workspace, direct)), workspace, false);
    if (found) return found;
  }
  const segments = normal
    .replace(/^[A-Za-z]:/, '')
    .split('/')
    .filter(Boolean);
  for (let i = 1; i < segments.length; i++) {
    const found = readWorkspaceFile(segments.slice(i).join('/'), workspace, true);
    if (found) return found;
  }
  return undefined;
}

function readWorkspaceFile(relative: string, workspace: string, guessed: boolean): ManifestSource | undefined {
  const candidate = path.resolve(workspace, relative);
  if (!isInside(workspace, candidate) || !existsSync(candidate)) return undefined;
  const real = realOrSelf(candidate);
  if (!isInside(workspace, real) || !statSync(real).isFile()) return undefined;
  const rel = toPosix(path.relative(workspace, real));
  return { file: rel, label: rel, text: readFileSync(real, 'utf8'), ...(guessed ? { guessed: true } : {}) };
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
