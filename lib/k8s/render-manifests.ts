import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exec } from '../exec.js';
import { OperationError } from '../runtime/errors.js';
import { ToolInstaller } from '../tools/installer.js';
import { TOOL_MANIFEST } from '../tools/manifest.js';
import type { ToolVersionChoice } from '../tools/tool-version.js';

/*
 * Renders Kustomize overlays and Helm charts into one manifest file, so that
 * a scanner reads every object in one run and findings can point at a line
 * of a file that is kept. Kustomize: the kubectl on PATH (`kubectl
 * kustomize` works offline and needs no cluster), or the pinned kubectl when
 * there is none. Helm: the pinned helm, installed and verified by the tool
 * installer. Nothing here reaches a cluster.
 */

export interface RenderRequest {
  readonly render: 'kustomize' | 'helm';
  /** Kustomization directories, or chart directories / packaged charts: absolute paths. */
  readonly sources: readonly string[];
  /** Helm values files, in order (later ones win). */
  readonly helmValues: readonly string[];
  /** The Kubernetes version charts see as `.Capabilities.KubeVersion`, e.g. `v1.33`. */
  readonly kubernetesVersion: string;
  /** Where the rendered manifests are written. */
  readonly outFile: string;
  readonly timeoutMs: number;
  readonly helm?: ToolVersionChoice;
  readonly mirror?: string;
  /** Helm: the release name (default: from the chart's directory or archive name). */
  readonly releaseName?: string;
  /** Helm: the release namespace (`.Release.Namespace`), `--namespace`. */
  readonly namespace?: string;
  /** Kustomize: the kubectl to run (default: the one on PATH, else the pinned one). */
  readonly kubectlPath?: string;
}

export interface RenderedManifests {
  readonly file: string;
  /** The rendering tool, e.g. `helm 4.1.3` or `kubectl (PATH)`. */
  readonly renderer: string;
}

/** `kubectl kustomize <dir>`: the build printed on stdout. */
export function kustomizeArgs(dir: string): string[] {
  return ['kustomize', dir];
}

/** `helm template <release> <chart> --kube-version vX.Y.0 [--namespace ns] --values …`: the manifests printed on stdout. */
export function helmTemplateArgs(o: {
  readonly release: string;
  readonly chart: string;
  readonly values: readonly string[];
  readonly kubernetesVersion: string;
  readonly namespace?: string;
}): string[] {
  return [
    'template',
    o.release,
    o.chart,
    '--kube-version',
    helmKubeVersion(o.kubernetesVersion),
    ...(o.namespace ? ['--namespace', o.namespace] : []),
    ...o.values.flatMap((v) => ['--values', v]),
  ];
}

/** A Helm release name from a chart path: a DNS label of at most 53 characters. */
export function releaseName(chart: string): string {
  const base = path
    .basename(chart)
    .replace(/\.tgz$/i, '')
    .replace(/-\d+\.\d+\.\d+.*$/, '');
  const label = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 53)
    .replace(/-+$/, '');
  return label || 'release';
}

/** Helm reads `--kube-version` as a semantic version: `v1.33` becomes `v1.33.0`. */
function helmKubeVersion(version: string): string {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version.trim());
  if (!match) throw new OperationError(`'${version}' is not a Kubernetes version such as v1.33`);
  return `v${match[1]}.${match[2]}.${match[3] ?? '0'}`;
}

/** Renders every source in order into one multi-document file. */
export async function renderManifests(request: RenderRequest): Promise<RenderedManifests> {
  const outputs: string[] = [];
  let renderer: string;
  if (request.render === 'kustomize') {
    const kubectl = request.kubectlPath
      ? { path: request.kubectlPath, label: `kubectl (${request.kubectlPath})` }
      : await findKubectl(request.mirror);
    renderer = kubectl.label;
    for (const dir of request.sources) {
      core.info(`kubectl kustomize ${dir}`);
      const r = await exec(kubectl.path, kustomizeArgs(dir), { timeoutMs: request.timeoutMs, echoStdout: false });
      outputs.push(r.stdout);
    }
  } else {
    const installed = await new ToolInstaller(TOOL_MANIFEST).install({
      tool: 'helm',
      ...(request.helm?.version ? { version: request.helm.version } : {}),
      ...(request.helm?.sha256 ? { sha256: request.helm.sha256 } : {}),
      ...(request.mirror ? { mirror: request.mirror } : {}),
    });
    renderer = `helm ${installed.version}`;
    for (const chart of request.sources) {
      const args = helmTemplateArgs({
        release: request.releaseName ?? releaseName(chart),
        chart,
        values: request.helmValues,
        kubernetesVersion: request.kubernetesVersion,
        ...(request.namespace ? { namespace: request.namespace } : {}),
      });
      core.info(`helm ${args.join(' ')}`);
      const r = await exec(installed.path, args, { timeoutMs: request.timeoutMs, echoStdout: false });
      outputs.push(r.stdout);
    }
  }
  await mkdir(path.dirname(request.outFile), { recursive: true });
  await writeFile(request.outFile, joinDocuments(outputs));
  return { file: request.outFile, renderer };
}

/** Several multi-document streams as one: each ends with a newline, a `---` line between them. */
export function joinDocuments(outputs: readonly string[]): string {
  return outputs
    .map((o) => o.replace(/\s+$/, ''))
    .filter((o) => o !== '')
    .map((o) => `${o}\n`)
    .join('---\n');
}

/** The kubectl on PATH, else the pinned one (installed and verified). */
async function findKubectl(mirror: string | undefined): Promise<{ path: string; label: string }> {
  const { which } = await import('@actions/io');
  const onPath = await which('kubectl', false);
  if (onPath) return { path: onPath, label: `kubectl (${onPath})` };
  core.info('kubectl is not on PATH: installing the pinned kubectl');
  const installed = await new ToolInstaller(TOOL_MANIFEST).install({
    tool: 'kubectl',
    ...(mirror ? { mirror } : {}),
  });
  return { path: installed.path, label: `kubectl ${installed.version}` };
}
