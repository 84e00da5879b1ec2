import * as core from '@actions/core';
import { exec, ExecError } from '../exec.js';
import { OperationError } from '../runtime/errors.js';
import { ToolInstaller } from '../tools/installer.js';
import { TOOL_MANIFEST } from '../tools/manifest.js';
import type { ToolVersionChoice } from '../tools/tool-version.js';

/*
 * The kubectl CLI, as deploy-aks drives it: server-side apply, get, rollout
 * status and undo, events. Every argv is built as an array by a static
 * method (tested as such); every run names the kubeconfig and a cache
 * directory of its own, so nothing is read from or left in ~/.kube.
 *
 * Server-side apply runs with `--force-conflicts`: the deploy is the owner of
 * what the manifests say, so a field last set by hand (`kubectl edit`,
 * `kubectl scale`) or by an earlier client-side `kubectl apply` or
 * Azure/k8s-deploy is taken over instead of failing the deploy. Fields the
 * manifests leave out stay with their owners (leave `replicas` out when an
 * autoscaler scales the workload).
 */

export const FIELD_MANAGER = 'devsecops-deploy-aks';

/** A Kubernetes object as kubectl prints it with `--output json`. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly generation?: number;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly ownerReferences?: readonly {
      readonly uid?: string;
      readonly controller?: boolean;
      readonly kind?: string;
    }[];
  };
  readonly [key: string]: unknown;
}

export interface KubectlConnection {
  readonly kubeconfig: string;
  /** kubectl's discovery and HTTP cache; under the credentials directory, removed with it. */
  readonly cacheDir?: string;
}

export interface ApplyOptions {
  /** The manifest file (one multi-document stream). */
  readonly file: string;
  /** Namespace of objects that name none. */
  readonly namespace?: string;
  /** `--dry-run=server`: the API server validates and admits, nothing is stored. */
  readonly dryRun: boolean;
}

export interface GetOptions {
  readonly namespace?: string;
  readonly ignoreNotFound?: boolean;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly sortBy?: string;
}

export interface RolloutStatusResult {
  readonly ok: boolean;
  /** kubectl's last words: `deployment "web" successfully rolled out` or the error. */
  readonly message: string;
}

const KIND_RESOURCES: Readonly<Record<string, string>> = {
  Deployment: 'deployments.apps',
  StatefulSet: 'statefulsets.apps',
  DaemonSet: 'daemonsets.apps',
  ReplicaSet: 'replicasets.apps',
  ControllerRevision: 'controllerrevisions.apps',
  Job: 'jobs.batch',
  CronJob: 'cronjobs.batch',
  Pod: 'pods',
  Event: 'events',
};

const DEFAULT_TIMEOUT_MS = 120_000;

export class Kubectl {
  private versionPromise?: Promise<{ client?: string; server?: string }>;

  /**
   * @param beforeRun called before every run that reaches the cluster (refreshes an expiring token in the kubeconfig)
   */
  constructor(
    readonly binPath: string,
    readonly connection: KubectlConnection,
    private readonly run: typeof exec = exec,
    private readonly beforeRun: () => Promise<void> = async () => undefined,
  ) {}

  /** `deployments.apps/web`: a resource argument that cannot be mistaken for another group's kind. */
  static resource(kind: string, name: string): string {
    const resource = KIND_RESOURCES[kind];
    if (!resource) throw new Error(`no resource name known for kind ${kind}`);
    return `${resource}/${name}`;
  }

  static connectionArgs(c: KubectlConnection): string[] {
    return ['--kubeconfig', c.kubeconfig, ...(c.cacheDir ? ['--cache-dir', c.cacheDir] : [])];
  }

  static versionArgs(): string[] {
    return ['version', '--output', 'json'];
  }

  /** Client and server `gitVersion` from `kubectl version --output json`. */
  static parseVersion(stdout: string): { client?: string; server?: string } {
    try {
      const doc = JSON.parse(stdout) as {
        clientVersion?: { gitVersion?: unknown };
        serverVersion?: { gitVersion?: unknown };
      };
      const client = doc.clientVersion?.gitVersion;
      const server = doc.serverVersion?.gitVersion;
      return {
        ...(typeof client === 'string' ? { client } : {}),
        ...(typeof server === 'string' ? { server } : {}),
      };
    } catch {
      return {};
    }
  }

  static applyArgs(o: ApplyOptions): string[] {
    return [
      'apply',
      '--server-side',
      '--field-manager',
      FIELD_MANAGER,
      '--force-conflicts',
      '--filename',
      o.file,
      '--output',
      'json',
      ...(o.namespace ? ['--namespace', o.namespace] : []),
      ...(o.dryRun ? ['--dry-run=server'] : []),
    ];
  }

  static getArgs(resources: readonly string[], o: GetOptions = {}): string[] {
    return [
      'get',
      ...resources,
      '--output',
      'json',
      ...(o.namespace ? ['--namespace', o.namespace] : []),
      ...(o.ignoreNotFound ? ['--ignore-not-found'] : []),
      ...(o.labelSelector ? ['--selector', o.labelSelector] : []),
      ...(o.fieldSelector ? ['--field-selector', o.fieldSelector] : []),
      ...(o.sortBy ? ['--sort-by', o.sortBy] : []),
    ];
  }

  /** `kubectl rollout status`: waits (watching) until the rollout completes, fails, or the timeout passes. */
  static rolloutStatusArgs(resource: string, namespace: string, timeoutMs: number): string[] {
    return [
      'rollout',
      'status',
      resource,
      '--namespace',
      namespace,
      '--watch=true',
      '--timeout',
      `${Math.max(1, Math.ceil(timeoutMs / 1000))}s`,
    ];
  }

  static rolloutUndoArgs(resource: string, namespace: string, toRevision?: number): string[] {
    return [
      'rollout',
      'undo',
      resource,
      '--namespace',
      namespace,
      ...(toRevision !== undefined ? ['--to-revision', String(toRevision)] : []),
    ];
  }

  /** The events about one object, oldest first. */
  static eventsArgs(namespace: string, involvedName: string): string[] {
    return Kubectl.getArgs(['events'], {
      namespace,
      fieldSelector: `involvedObject.name=${involvedName}`,
      sortBy: '.lastTimestamp',
    });
  }

  /** The objects in `--output json` output: one object, a `List`, or nothing (`--ignore-not-found`). */
  static parseObjects(stdout: string): KubeObject[] {
    const text = stdout.trim();
    if (text === '') return [];
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new OperationError(`kubectl printed something that is not JSON: ${text.slice(0, 200)}`);
    }
    if (!doc || typeof doc !== 'object') return [];
    const object = doc as KubeObject & { items?: unknown };
    if (Array.isArray(object.items) && (object.kind === 'List' || object.kind?.endsWith('List'))) {
      return object.items.filter((i): i is KubeObject => !!i && typeof i === 'object');
    }
    return [object];
  }

  /** Client and server versions; the server's tells which cluster version the deploy talks to. */
  version(): Promise<{ client?: string; server?: string }> {
    this.versionPromise ??= this.kubectl(Kubectl.versionArgs(), { timeoutMs: 60_000, quiet: true }).then((r) =>
      Kubectl.parseVersion(r.stdout),
    );
    return this.versionPromise;
  }

  /** Server-side apply of a file; the objects as the API server stored (or, in a dry run, would store) them. */
  async apply(o: ApplyOptions, timeoutMs = 5 * 60_000): Promise<KubeObject[]> {
    const r = await this.kubectl(Kubectl.applyArgs(o), { timeoutMs });
    return Kubectl.parseObjects(r.stdout);
  }

  async get(resources: readonly string[], o: GetOptions = {}, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<KubeObject[]> {
    const r = await this.kubectl(Kubectl.getArgs(resources, o), { timeoutMs, quiet: true });
    return Kubectl.parseObjects(r.stdout);
  }

  async events(namespace: string, involvedName: string): Promise<KubeObject[]> {
    const r = await this.kubectl(Kubectl.eventsArgs(namespace, involvedName), {
      timeoutMs: DEFAULT_TIMEOUT_MS,
      quiet: true,
    });
    return Kubectl.parseObjects(r.stdout);
  }

  /** Waits for a rollout; a rollout that fails or times out is a result, not an exception. */
  async rolloutStatus(resource: string, namespace: string, timeoutMs: number): Promise<RolloutStatusResult> {
    try {
      // kubectl ends the wait itself at --timeout; the process gets a minute more before it is killed.
      const r = await this.kubectl(Kubectl.rolloutStatusArgs(resource, namespace, timeoutMs), {
        timeoutMs: timeoutMs + 60_000,
      });
      return { ok: true, message: lastLine(r.stdout) };
    } catch (error) {
      if (error instanceof ExecError && !error.timedOut && error.exitCode !== undefined) {
        return { ok: false, message: lastLine(error.stderrTail) || error.message };
      }
      throw error;
    }
  }

  async rolloutUndo(resource: string, namespace: string, toRevision?: number): Promise<string> {
    const r = await this.kubectl(Kubectl.rolloutUndoArgs(resource, namespace, toRevision), {
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
    return lastLine(r.stdout);
  }

  private async kubectl(
    args: readonly string[],
    o: { timeoutMs: number; quiet?: boolean },
  ): Promise<{ stdout: string; stderr: string }> {
    await this.beforeRun();
    return this.run(this.binPath, [...Kubectl.connectionArgs(this.connection), ...args], {
      timeoutMs: o.timeoutMs,
      echoStdout: args[0] === 'rollout',
      echoStderr: !o.quiet,
    });
  }
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  return (lines.at(-1) ?? '').replace(/^error:\s*/, '');
}

/**
 * The kubectl to run: the pinned one (or `kubectl-version` with its sha256)
 * installed and verified by the tool installer when a version is chosen or
 * none is on PATH; otherwise the one on PATH.
 */
export async function locateKubectl(
  choice: ToolVersionChoice,
  mirror?: string,
): Promise<{ readonly path: string; readonly label: string }> {
  if (!choice.version) {
    const { which } = await import('@actions/io');
    const onPath = await which('kubectl', false);
    if (onPath) return { path: onPath, label: `kubectl on PATH (${onPath})` };
    core.info('kubectl is not on PATH: installing the pinned kubectl');
  }
  const installed = await new ToolInstaller(TOOL_MANIFEST).install({
    tool: 'kubectl',
    ...(choice.version ? { version: choice.version } : {}),
    ...(choice.sha256 ? { sha256: choice.sha256 } : {}),
    ...(mirror ? { mirror } : {}),
    addToPath: false,
  });
  return { path: installed.path, label: `kubectl ${installed.version}` };
}
