import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { makeCertificates } from './azure-server.js';

/*
 * A small Kubernetes API server for tests, enough for the real kubectl to
 * discover resources, apply (client-side and server-side), get, list with
 * field and label selectors, watch rollouts and roll them back.
 *
 * What kubectl needs from it:
 * - `/version` (the machine's kubectl dispatcher picks the kubectl matching
 *   its minor version), `/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>`
 *   (legacy discovery: the aggregated kind is not offered, kubectl falls back);
 * - `/openapi/v3` and one document per group version whose schemas carry
 *   `x-kubernetes-group-version-kind`: kubectl then knows the server validates
 *   fields itself (`fieldValidation=Strict`) and downloads no schema;
 * - GET, LIST (`fieldSelector`, `labelSelector`), WATCH (headers sent at once,
 *   events newer than the requested resourceVersion replayed, then streamed),
 *   POST, PUT, DELETE and PATCH: server-side apply
 *   (`application/apply-patch+yaml`, `fieldManager` required), JSON patch
 *   (`rollout undo` of a Deployment), merge and strategic merge patch (with
 *   `$patch: replace`, as `rollout undo` of a StatefulSet or DaemonSet sends),
 *   `dryRun=All` on every write.
 *
 * Objects live in memory. A little of the controllers is simulated so that
 * rollouts and rollbacks behave: a Deployment whose pod template changes gets
 * a ReplicaSet with the next `deployment.kubernetes.io/revision` (or the
 * matching old one gets it back, as on a rollback); StatefulSets and
 * DaemonSets get ControllerRevisions; the workload's status then follows the
 * rollout behaviour the test chose for it: complete at once (the default),
 * complete or fail once kubectl watches it, or stay progressing until the
 * test finishes it. A failing rollout leaves what a real cluster shows: a
 * Pod whose container waits (ImagePullBackOff by default), Warning events on
 * it, and a Deployment condition `Progressing=False, ProgressDeadlineExceeded`.
 *
 * Served over TLS with a throw-away CA (`caData` goes into the kubeconfig's
 * `certificate-authority-data`). Every request is recorded with the bearer
 * token it carried; `authorize` decides which tokens are accepted.
 */

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface KubeMetadata {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly contentType?: string;
  readonly body: string;
  /** The bearer token sent, if any. */
  readonly token?: string;
  status: number;
}

/** How a workload's rollout goes after its pod template changes. */
export interface RolloutBehaviour {
  readonly outcome: 'complete' | 'fail' | 'progressing';
  /** `now` (default): in the write itself; `on-watch`: once a watch of the object is open, as an update event. */
  readonly when?: 'now' | 'on-watch';
  /** A failing rollout's waiting container (default ImagePullBackOff on the first container's image). */
  readonly waiting?: { readonly reason: string; readonly message: string };
}

export interface KubeApiServerOptions {
  /** Which bearer tokens are accepted (default: any request, with or without one). */
  readonly authorize?: (token: string | undefined) => boolean;
  /** The minor version `/version` reports (default 32, the machine's kubectl v1.32). */
  readonly minor?: number;
}

export interface KubeApiServer {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** The CA certificate (PEM), base64: `certificate-authority-data`. */
  readonly caData: string;
  readonly caFile: string;
  readonly requests: KubeRequest[];
  /** The stored object, or undefined. */
  object(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Every stored object of a kind, in creation order. */
  objects(kind: string): KubeObject[];
  /** Stores an object as a create through the API would (the simulated controllers react to it). */
  create(object: KubeObject): KubeObject;
  /** The next rollouts of a workload (one per pod template change) go this way; then `complete`. */
  queueRollouts(kind: string, namespace: string, name: string, behaviours: readonly RolloutBehaviour[]): void;
  /** Ends a rollout left progressing. */
  finishRollout(kind: string, namespace: string, name: string, outcome: 'complete' | 'fail'): void;
  /** Requests of a method whose path matches. */
  requestsTo(method: string, pathPattern: RegExp): KubeRequest[];
  /** A kubeconfig for this server with the given user entry (default: a static token). */
  kubeconfig(user?: Record<string, unknown>, options?: { namespace?: string }): string;
  close(): Promise<void>;
}

interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly name: string;
  readonly singularName: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
}

const RESOURCE_TYPES: readonly ResourceType[] = [
  { group: '', version: 'v1', name: 'pods', singularName: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'] },
  {
    group: '',
    version: 'v1',
    name: 'events',
    singularName: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
  },
  {
    group: '',
    version: 'v1',
    name: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
  },
  {
    group: '',
    version: 'v1',
    name: 'services',
    singularName: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
  },
  {
    group: '',
    version: 'v1',
    name: 'configmaps',
    singularName: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  },
  { group: '', version: 'v1', name: 'secrets', singularName: 'secret', kind: 'Secret', namespaced: true },
  {
    group: '',
    version: 'v1',
    name: 'serviceaccounts',
    singularName: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    group: 'apps',
    version: 'v1',
    name: 'deployments',
    singularName: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
  },
  {
    group: 'apps',
    version: 'v1',
    name: 'statefulsets',
    singularName: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
  },
  {
    group: 'apps',
    version: 'v1',
    name: 'daemonsets',
    singularName: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
  },
  {
    group: 'apps',
    version: 'v1',
    name: 'replicasets',
    singularName: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
  },
  {
    group: 'apps',
    version: 'v1',
    name: 'controllerrevisions',
    singularName: 'controllerrevision',
    kind: 'ControllerRevision',
    namespaced: true,
  },
  { group: 'batch', version: 'v1', name: 'jobs', singularName: 'job', kind: 'Job', namespaced: true },
  {
    group: 'batch',
    version: 'v1',
    name: 'cronjobs',
    singularName: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    shortNames: ['cj'],
  },
  {
    group: 'policy',
    version: 'v1',
    name: 'poddisruptionbudgets',
    singularName: 'poddisruptionbudget',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    shortNames: ['pdb'],
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    name: 'customresourcedefinitions',
    singularName: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    name: 'networkpolicies',
    singularName: 'networkpolicy',
    kind: 'NetworkPolicy',
    namespaced: true,
    shortNames: ['netpol'],
  },
];

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);
const REVISION = 'deployment.kubernetes.io/revision';
/** Deployment annotations a ReplicaSet does not copy (as the deployment controller skips them). */
const NOT_COPIED_TO_RS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
]);

interface Watcher {
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly matches: (object: KubeObject) => boolean;
  readonly res: ServerResponse;
}

interface LoggedChange {
  readonly rv: number;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'kube-api-fake-tls-'));
  const tls = makeCertificates(certDir);
  const caPem = readFileSync(tls.caFile, 'utf8');
  const minor = options.minor ?? 32;

  const store = new Map<string, KubeObject>();
  const log: LoggedChange[] = [];
  const watchers = new Set<Watcher>();
  const requests: KubeRequest[] = [];
  const queued = new Map<string, RolloutBehaviour[]>();
  /** Rollouts waiting for a watch (`on-watch`) or for the test (`progressing`), by workload key. */
  const pending = new Map<string, RolloutBehaviour>();
  let resourceVersion = 1;
  let url = '';

  const storeKey = (t: ResourceType, namespace: string | undefined, name: string): string =>
    `${t.group}|${t.name}|${t.namespaced ? (namespace ?? '') : ''}|${name}`;
  const typeOfKind = (kind: string): ResourceType => {
    const t = RESOURCE_TYPES.find((r) => r.kind === kind);
    if (!t) throw new Error(`the fake API server has no kind ${kind}`);
    return t;
  };
  const workloadKey = (kind: string, namespace: string | undefined, name: string): string =>
    `${kind}|${namespace ?? ''}|${name}`;

  for (const name of ['default', 'kube-system', 'kube-public']) {
    const t = typeOfKind('Namespace');
    store.set(storeKey(t, undefined, name), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, uid: randomUUID(), resourceVersion: '1', creationTimestamp: now() },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  // ---- storage -----------------------------------------------------------------------------------------------------

  const write = (object: KubeObject, type: 'ADDED' | 'MODIFIED' | 'DELETED'): KubeObject => {
    const t = typeOfKind(object.kind);
    resourceVersion++;
    object.metadata.resourceVersion = String(resourceVersion);
    const key = storeKey(t, object.metadata.namespace, object.metadata.name);
    if (type === 'DELETED') store.delete(key);
    else store.set(key, object);
    const change: LoggedChange = { rv: resourceVersion, type, object: clone(object) };
    log.push(change);
    for (const w of watchers) {
      if (w.type !== t) continue;
      if (w.namespace !== undefined && w.namespace !== object.metadata.namespace) continue;
      if (!w.matches(object)) continue;
      w.res.write(`${JSON.stringify({ type, object: change.object })}\n`);
    }
    return object;
  };

  const get = (t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined => {
    const found = store.get(storeKey(t, namespace, name));
    return found ? clone(found) : undefined;
  };

  const list = (t: ResourceType, namespace: string | undefined): KubeObject[] =>
    [...store.values()]
      .filter((o) => o.kind === t.kind && (namespace === undefined || o.metadata.namespace === namespace))
      .map(clone);

  const assertNamespace = (t: ResourceType, namespace: string | undefined): void => {
    if (!t.namespaced) return;
    if (!namespace) throw new HttpError(400, 'BadRequest', 'the namespace of the object is missing');
    if (!store.has(storeKey(typeOfKind('Namespace'), undefined, namespace))) {
      throw new HttpError(404, 'NotFound', `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: 'namespaces',
      });
    }
  };

  /** Fills in what the API server does on create. */
  const prepareNew = (t: ResourceType, object: KubeObject, namespace: string | undefined): KubeObject => {
    const o = clone(object);
    o.apiVersion = t.group ? `${t.group}/${t.version}` : t.version;
    o.kind = t.kind;
    if (t.namespaced) o.metadata.namespace = namespace;
    else delete o.metadata.namespace;
    o.metadata.uid = randomUUID();
    o.metadata.creationTimestamp = now();
    o.metadata.generation = 1;
    applyDefaults(o);
    if (o.kind === 'Job' && o.spec) {
      // As the API server does: a selector on the Job's uid, and the labels that go with it on its pods.
      const labels = {
        'batch.kubernetes.io/controller-uid': o.metadata.uid,
        'batch.kubernetes.io/job-name': o.metadata.name,
        'controller-uid': o.metadata.uid,
        'job-name': o.metadata.name,
      };
      o.spec['selector'] ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': o.metadata.uid } };
      const template = (o.spec['template'] ?? {}) as Record<string, unknown>;
      const metadata = (template['metadata'] ?? {}) as Record<string, unknown>;
      metadata['labels'] = { ...((metadata['labels'] as Record<string, string>) ?? {}), ...labels };
      template['metadata'] = metadata;
      o.spec['template'] = template;
    }
    return o;
  };

  /** Stores a new or changed object and lets the simulated controllers react. */
  const commit = (previous: KubeObject | undefined, next: KubeObject, dryRun: boolean): KubeObject => {
    if (previous) {
      next.metadata.uid = previous.metadata.uid;
      next.metadata.creationTimestamp = previous.metadata.creationTimestamp;
      const specChanged = JSON.stringify(previous.spec) !== JSON.stringify(next.spec);
      next.metadata.generation = (previous.metadata.generation ?? 1) + (specChanged ? 1 : 0);
      if (next.status === undefined && previous.status !== undefined) next.status = clone(previous.status);
    }
    applyDefaults(next);
    if (next.spec) next.spec = prune(next.spec) as Record<string, unknown>;
    if (dryRun) {
      next.metadata.resourceVersion = previous?.metadata.resourceVersion ?? String(resourceVersion);
      return next;
    }
    if (WORKLOADS.has(next.kind)) reconcileWorkload(previous, next);
    return write(next, previous ? 'MODIFIED' : 'ADDED');
  };

  // ---- simulated controllers ---------------------------------------------------------------------------------------

  const owned = (kind: string, owner: KubeObject): KubeObject[] =>
    list(typeOfKind(kind), owner.metadata.namespace).filter((o) =>
      (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid),
    );

  const ownerRef = (owner: KubeObject): OwnerReference => ({
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  });

  /** The revision (ReplicaSet or ControllerRevision) of the workload's current template; created or renumbered. */
  const recordRevision = (workload: KubeObject, template: Record<string, unknown>): { name: string; hash: string } => {
    const hash = templateHash(template);
    const namespace = workload.metadata.namespace;
    if (workload.kind === 'Deployment') {
      const sets = owned('ReplicaSet', workload);
      const revisionOf = (rs: KubeObject): number => Number(rs.metadata.annotations?.[REVISION] ?? '0');
      const max = Math.max(0, ...sets.map(revisionOf));
      const matching = sets.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries(workload.metadata.annotations ?? {})) {
        if (!NOT_COPIED_TO_RS.has(k)) annotations[k] = v;
      }
      if (matching) {
        let revision = revisionOf(matching);
        if (revision !== max) {
          revision = max + 1;
          matching.metadata.annotations = { ...annotations, [REVISION]: String(revision) };
          write(matching, 'MODIFIED');
        }
        workload.metadata.annotations = { ...workload.metadata.annotations, [REVISION]: String(revision) };
        return { name: matching.metadata.name, hash };
      }
      const name = `${workload.metadata.name}-${hash}`;
      const labels = { ...labelsOf(template), 'pod-template-hash': hash };
      const selector = clone((workload.spec?.['selector'] ?? {}) as Record<string, unknown>);
      selector['matchLabels'] = {
        ...((selector['matchLabels'] as Record<string, string>) ?? {}),
        'pod-template-hash': hash,
      };
      const rsTemplate = clone(template);
      rsTemplate['metadata'] = { ...((rsTemplate['metadata'] as Record<string, unknown>) ?? {}), labels };
      const rs: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name,
          namespace,
          uid: randomUUID(),
          creationTimestamp: now(),
          generation: 1,
          labels,
          annotations: { ...annotations, [REVISION]: String(max + 1) },
          ownerReferences: [ownerRef(workload)],
        },
        spec: { replicas: workload.spec?.['replicas'] ?? 1, selector, template: rsTemplate },
        status: { replicas: 0, observedGeneration: 1 },
      };
      write(rs, 'ADDED');
      workload.metadata.annotations = { ...workload.metadata.annotations, [REVISION]: String(max + 1) };
      return { name, hash };
    }
    // StatefulSet and DaemonSet: ControllerRevisions holding a strategic merge patch that restores the template.
    const revisions = owned('ControllerRevision', workload);
    const max = Math.max(0, ...revisions.map((r) => Number(r['revision'] ?? 0)));
    const matching = revisions.find((r) => r.metadata.name === `${workload.metadata.name}-${hash}`);
    if (matching) {
      if (Number(matching['revision']) !== max) {
        matching['revision'] = max + 1;
        write(matching, 'MODIFIED');
      }
      return { name: matching.metadata.name, hash };
    }
    const hashLabel = workload.kind === 'StatefulSet' ? 'controller.kubernetes.io/hash' : 'controller-revision-hash';
    const cr: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${workload.metadata.name}-${hash}`,
        namespace,
        uid: randomUUID(),
        creationTimestamp: now(),
        labels: { ...labelsOf(template), [hashLabel]: hash },
        ownerReferences: [ownerRef(workload)],
      },
      data: { spec: { template: { ...clone(template), $patch: 'replace' } } },
      revision: max + 1,
    };
    write(cr, 'ADDED');
    return { name: cr.metadata.name, hash };
  };

  /** Sets a workload's status for an outcome (and, for a failure, the pod and events that explain it). */
  const setOutcome = (
    workload: KubeObject,
    outcome: 'complete' | 'fail' | 'progressing',
    revision: { name: string; hash: string },
    behaviour?: RolloutBehaviour,
  ): void => {
    const spec = workload.spec ?? {};
    const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
    const generation = workload.metadata.generation ?? 1;
    const previous = workload.status ?? {};
    const time = now();
    switch (workload.kind) {
      case 'Deployment': {
        const progressing =
          outcome === 'complete'
            ? {
                status: 'True',
                reason: 'NewReplicaSetAvailable',
                message: `ReplicaSet "${revision.name}" has successfully progressed.`,
              }
            : outcome === 'fail'
              ? {
                  status: 'False',
                  reason: 'ProgressDeadlineExceeded',
                  message: `ReplicaSet "${revision.name}" has timed out progressing.`,
                }
              : {
                  status: 'True',
                  reason: 'ReplicaSetUpdated',
                  message: `ReplicaSet "${revision.name}" is progressing.`,
                };
        const available = outcome === 'complete' ? replicas : Number(previous['availableReplicas'] ?? 0);
        workload.status = {
          observedGeneration: generation,
          replicas: outcome === 'complete' ? replicas : replicas + available,
          updatedReplicas: outcome === 'complete' ? replicas : 0,
          readyReplicas: available,
          availableReplicas: available,
          ...(outcome === 'complete' ? {} : { unavailableReplicas: replicas }),
          conditions: [
            {
              type: 'Available',
              status: available >= replicas || outcome === 'complete' ? 'True' : 'False',
              reason:
                available >= replicas || outcome === 'complete'
                  ? 'MinimumReplicasAvailable'
                  : 'MinimumReplicasUnavailable',
              message: 'Deployment has minimum availability.',
              lastUpdateTime: time,
              lastTransitionTime: time,
            },
            { type: 'Progressing', ...progressing, lastUpdateTime: time, lastTransitionTime: time },
          ],
        };
        break;
      }
      case 'StatefulSet': {
        const current = outcome === 'complete' ? revision.name : String(previous['currentRevision'] ?? revision.name);
        workload.status = {
          observedGeneration: generation,
          replicas,
          readyReplicas: outcome === 'complete' ? replicas : Math.max(0, replicas - 1),
          availableReplicas: outcome === 'complete' ? replicas : Math.max(0, replicas - 1),
          currentReplicas: outcome === 'complete' ? replicas : Math.max(0, replicas - 1),
          updatedReplicas: outcome === 'complete' ? replicas : 0,
          currentRevision: current,
          updateRevision: revision.name,
          collisionCount: 0,
        };
        break;
      }
      case 'DaemonSet': {
        const desired = 2;
        workload.status = {
          observedGeneration: generation,
          desiredNumberScheduled: desired,
          currentNumberScheduled: desired,
          numberMisscheduled: 0,
          updatedNumberScheduled: outcome === 'complete' ? desired : 0,
          numberAvailable: outcome === 'complete' ? desired : Number(previous['numberAvailable'] ?? 0),
          numberReady: outcome === 'complete' ? desired : Number(previous['numberReady'] ?? 0),
        };
        break;
      }
      case 'Job': {
        workload.status =
          outcome === 'complete'
            ? {
                startTime: time,
                completionTime: time,
                succeeded: 1,
                conditions: [{ type: 'Complete', status: 'True', lastProbeTime: time, lastTransitionTime: time }],
              }
            : outcome === 'fail'
              ? {
                  startTime: time,
                  failed: 1,
                  conditions: [
                    {
                      type: 'Failed',
                      status: 'True',
                      reason: 'BackoffLimitExceeded',
                      message: 'Job has reached the specified backoff limit',
                      lastProbeTime: time,
                      lastTransitionTime: time,
                    },
                  ],
                }
              : { startTime: time, active: 1 };
        break;
      }
    }
    if (outcome === 'fail') failingPod(workload, revision, behaviour);
  };

  /** A Pod of the new revision whose first container cannot start, with the events a kubelet records. */
  const failingPod = (
    workload: KubeObject,
    revision: { name: string; hash: string },
    behaviour?: RolloutBehaviour,
  ): void => {
    const namespace = workload.metadata.namespace;
    const template = podTemplate(workload) ?? {};
    const podSpec = (template['spec'] ?? {}) as { containers?: Array<{ name: string; image?: string }> };
    const container = podSpec.containers?.[0] ?? { name: 'main', image: 'unknown' };
    const waiting = behaviour?.waiting ?? {
      reason: 'ImagePullBackOff',
      message: `Back-off pulling image "${container.image ?? ''}"`,
    };
    const suffix = randomBytes(3).toString('hex').slice(0, 5);
    const ownerName = workload.kind === 'Deployment' ? revision.name : workload.metadata.name;
    const podName = workload.kind === 'StatefulSet' ? `${workload.metadata.name}-0` : `${ownerName}-${suffix}`;
    const labels = {
      ...labelsOf(template),
      ...(workload.kind === 'Deployment' ? { 'pod-template-hash': revision.hash } : {}),
    };
    const owner =
      workload.kind === 'Deployment'
        ? { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: revision.name, uid: randomUUID(), controller: true }
        : ownerRef(workload);
    const time = now();
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        namespace,
        uid: randomUUID(),
        creationTimestamp: time,
        labels,
        ownerReferences: [owner],
      },
      spec: clone(podSpec as Record<string, unknown>),
      status: {
        phase: 'Pending',
        conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
        containerStatuses: [
          {
            name: container.name,
            image: container.image ?? '',
            imageID: '',
            ready: false,
            started: false,
            restartCount: waiting.reason === 'CrashLoopBackOff' ? 4 : 0,
            state: { waiting: { reason: waiting.reason, message: waiting.message } },
            ...(waiting.reason === 'CrashLoopBackOff'
              ? { lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: time, finishedAt: time } } }
              : {}),
          },
        ],
      },
    };
    const existing = get(typeOfKind('Pod'), namespace, podName);
    write(
      existing ? { ...pod, metadata: { ...pod.metadata, uid: existing.metadata.uid } } : pod,
      existing ? 'MODIFIED' : 'ADDED',
    );
    const pull = waiting.reason.includes('Image') || waiting.reason === 'ErrImagePull';
    recordEvent(
      pod,
      'Normal',
      'Scheduled',
      `Successfully assigned ${namespace ?? ''}/${podName} to aks-nodepool1-12345678-vmss000000`,
    );
    if (pull) {
      recordEvent(
        pod,
        'Warning',
        'Failed',
        `Failed to pull image "${container.image ?? ''}": rpc error: code = NotFound desc = failed to pull and unpack image: not found`,
      );
      recordEvent(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
      recordEvent(pod, 'Normal', 'BackOff', `Back-off pulling image "${container.image ?? ''}"`);
      recordEvent(pod, 'Warning', 'Failed', `Error: ${waiting.reason}`);
    } else {
      recordEvent(
        pod,
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${container.name} in pod ${podName}: ${waiting.message}`,
      );
    }
    if (workload.kind === 'Deployment') {
      recordEvent(workload, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${revision.name} to 1`);
    }
    if (workload.kind === 'Job') {
      recordEvent(workload, 'Normal', 'SuccessfulCreate', `Created pod: ${podName}`);
      recordEvent(workload, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
    }
  };

  const recordEvent = (about: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void => {
    const time = now();
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${about.metadata.name}.${randomBytes(8).toString('hex')}`,
        namespace: about.metadata.namespace,
        uid: randomUUID(),
        creationTimestamp: time,
      },
      involvedObject: {
        apiVersion: about.apiVersion,
        kind: about.kind,
        name: about.metadata.name,
        namespace: about.metadata.namespace,
        uid: about.metadata.uid,
      },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: time,
      lastTimestamp: time,
      source: { component: about.kind === 'Pod' ? 'kubelet' : 'deployment-controller' },
      reportingComponent: about.kind === 'Pod' ? 'kubelet' : 'deployment-controller',
    };
    write(event, 'ADDED');
  };

  /** What the controllers do when a workload is written. */
  const reconcileWorkload = (previous: KubeObject | undefined, next: KubeObject): void => {
    const template = podTemplate(next);
    if (!template) return;
    const key = workloadKey(next.kind, next.metadata.namespace, next.metadata.name);
    const templateChanged = !previous || JSON.stringify(podTemplate(previous)) !== JSON.stringify(template);
    if (next.kind === 'Job') {
      if (!templateChanged) return;
      const behaviour = queued.get(key)?.shift() ?? { outcome: 'complete' };
      startRollout(next, { name: next.metadata.name, hash: templateHash(template) }, behaviour, key);
      return;
    }
    if (!templateChanged) {
      // Only metadata or replicas changed: the revision and the outcome of the last rollout stay.
      if (next.kind === 'Deployment' && previous?.metadata.annotations?.[REVISION]) {
        next.metadata.annotations = {
          ...next.metadata.annotations,
          [REVISION]: previous.metadata.annotations[REVISION],
        };
      }
      if (next.status && !pending.has(key)) {
        const last = lastOutcome(previous);
        if (last === 'complete') setOutcome(next, 'complete', currentRevision(next, template));
        else next.status = { ...next.status, observedGeneration: next.metadata.generation };
      }
      return;
    }
    const revision = recordRevision(next, template);
    const behaviour = queued.get(key)?.shift() ?? { outcome: 'complete' };
    startRollout(next, revision, behaviour, key);
  };

  const startRollout = (
    workload: KubeObject,
    revision: { name: string; hash: string },
    behaviour: RolloutBehaviour,
    key: string,
  ): void => {
    pending.delete(key);
    if (behaviour.outcome === 'progressing' || behaviour.when === 'on-watch') {
      setOutcome(workload, 'progressing', revision);
      pending.set(key, behaviour);
      return;
    }
    setOutcome(workload, behaviour.outcome, revision, behaviour);
  };

  const currentRevision = (workload: KubeObject, template: Record<string, unknown>): { name: string; hash: string } => {
    const hash = templateHash(template);
    if (workload.kind === 'Deployment') return { name: `${workload.metadata.name}-${hash}`, hash };
    if (workload.kind === 'Job') return { name: workload.metadata.name, hash };
    return { name: `${workload.metadata.name}-${hash}`, hash };
  };

  /** Completes or fails a pending rollout with an update of the workload. */
  const finish = (kind: string, namespace: string, name: string, outcome: 'complete' | 'fail'): void => {
    const key = workloadKey(kind, namespace, name);
    const behaviour = pending.get(key);
    pending.delete(key);
    const workload = get(typeOfKind(kind), namespace, name);
    if (!workload) throw new Error(`no ${kind} ${namespace}/${name}`);
    const template = podTemplate(workload) ?? {};
    setOutcome(workload, outcome, currentRevision(workload, template), behaviour);
    write(workload, 'MODIFIED');
  };

  // ---- HTTP --------------------------------------------------------------------------------------------------------

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
    res.end(JSON.stringify(body));
  };
  const sendStatus = (res: ServerResponse, error: HttpError): void => {
    sendJson(res, error.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: error.message,
      reason: error.reason,
      ...(error.details ? { details: error.details } : {}),
      code: error.status,
    });
  };

  const discovery = (pathname: string): unknown => {
    if (pathname === '/version') {
      return {
        major: '1',
        minor: String(minor),
        gitVersion: `v1.${minor}.4`,
        gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
        gitTreeState: 'clean',
        buildDate: '2025-04-22T16:03:41Z',
        goVersion: 'go1.23.6',
        compiler: 'gc',
        platform: 'linux/amd64',
      };
    }
    if (pathname === '/api') {
      return {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: url.replace(/^https:\/\//, '') }],
      };
    }
    if (pathname === '/apis') {
      const groups = [...new Set(RESOURCE_TYPES.filter((t) => t.group).map((t) => `${t.group}/${t.version}`))];
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((gv) => {
          const [name, version] = gv.split('/') as [string, string];
          return {
            name,
            versions: [{ groupVersion: gv, version }],
            preferredVersion: { groupVersion: gv, version },
          };
        }),
      };
    }
    const gv = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(pathname);
    if (gv) {
      const group = gv[2] ?? '';
      const version = gv[1] ?? gv[3] ?? '';
      const types = RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
      if (types.length === 0) return undefined;
      return {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: group ? `${group}/${version}` : version,
        resources: types.map((t) => ({
          name: t.name,
          singularName: t.singularName,
          namespaced: t.namespaced,
          kind: t.kind,
          verbs: VERBS,
          ...(t.shortNames ? { shortNames: t.shortNames } : {}),
        })),
      };
    }
    if (pathname === '/openapi/v3') {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const gvPath of groupVersionPaths()) {
        paths[gvPath] = { serverRelativeURL: `/openapi/v3/${gvPath}?hash=${hashOf(gvPath)}` };
      }
      return { paths };
    }
    const openapi = /^\/openapi\/v3\/(api\/v1|apis\/[^/]+\/[^/]+)$/.exec(pathname);
    if (openapi) {
      const gvPath = openapi[1] ?? '';
      const types = RESOURCE_TYPES.filter((t) => apiPrefix(t).slice(1) === gvPath);
      if (types.length === 0) return undefined;
      const schemas: Record<string, unknown> = {};
      for (const t of types) {
        const short = t.group === '' ? 'core' : (t.group.split('.')[0] ?? t.group);
        schemas[`io.k8s.api.${short}.${t.version}.${t.kind}`] = {
          type: 'object',
          description: `${t.kind} (fake schema: any fields)`,
          'x-kubernetes-group-version-kind': [{ group: t.group, kind: t.kind, version: t.version }],
        };
      }
      // kubectl reads "the server validates fields" from the PATCH operation of the kind taking `fieldValidation`.
      const paths: Record<string, unknown> = {};
      for (const t of types) {
        const itemPath = `${apiPrefix(t)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.name}/{name}`;
        paths[itemPath] = {
          patch: {
            operationId: `patch${t.kind}`,
            'x-kubernetes-action': 'patch',
            'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
            parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
              name,
              in: 'query',
              schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
            })),
            responses: { '200': { description: 'OK' } },
          },
        };
      }
      return {
        openapi: '3.0.0',
        info: { title: 'Kubernetes', version: `v1.${minor}.4` },
        paths,
        components: { schemas },
      };
    }
    return undefined;
  };

  const groupVersionPaths = (): string[] => [...new Set(RESOURCE_TYPES.map((t) => apiPrefix(t).slice(1)))];

  interface Route {
    readonly type: ResourceType;
    readonly namespace?: string;
    readonly name?: string;
    readonly subresource?: string;
  }

  const route = (pathname: string): Route | undefined => {
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+)$/.exec(pathname);
    if (!m) return undefined;
    const group = m[2] ?? '';
    const version = m[1] ?? m[3] ?? '';
    const parts = (m[4] ?? '').split('/').map(decodeURIComponent);
    let namespace: string | undefined;
    if (parts[0] === 'namespaces' && parts.length >= 3) {
      namespace = parts[1];
      parts.splice(0, 2);
    }
    const [resource, name, subresource] = parts;
    const type = RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.name === resource);
    if (!type) return undefined;
    if (type.namespaced !== (namespace !== undefined) && name !== undefined) return undefined;
    return {
      type,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(name ? { name } : {}),
      ...(subresource ? { subresource } : {}),
    };
  };

  const handleList = (req: IncomingMessage, res: ServerResponse, r: Route, query: URLSearchParams): void => {
    const matches = selectorMatcher(query);
    if (query.get('watch') === 'true' || query.get('watch') === '1') {
      res.writeHead(200, {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
        'cache-control': 'no-cache, private',
      });
      res.flushHeaders();
      const from = query.get('resourceVersion');
      const watcher: Watcher = {
        type: r.type,
        ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
        matches,
        res,
      };
      const inScope = (o: KubeObject): boolean =>
        o.kind === r.type.kind && (r.namespace === undefined || o.metadata.namespace === r.namespace) && matches(o);
      if (query.get('sendInitialEvents') === 'true' || !from || from === '0') {
        for (const o of list(r.type, r.namespace).filter(matches))
          res.write(`${JSON.stringify({ type: 'ADDED', object: o })}\n`);
        if (query.get('sendInitialEvents') === 'true') {
          res.write(
            `${JSON.stringify({
              type: 'BOOKMARK',
              object: {
                kind: r.type.kind,
                apiVersion: r.type.group ? `${r.type.group}/${r.type.version}` : r.type.version,
                metadata: {
                  resourceVersion: String(resourceVersion),
                  annotations: { 'k8s.io/initial-events-end': 'true' },
                },
              },
            })}\n`,
          );
        }
      } else {
        for (const change of log) {
          if (change.rv > Number(from) && inScope(change.object)) {
            res.write(`${JSON.stringify({ type: change.type, object: change.object })}\n`);
          }
        }
      }
      watchers.add(watcher);
      const timeout = Number(query.get('timeoutSeconds') ?? '0');
      const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
      timer?.unref();
      const done = (): void => {
        watchers.delete(watcher);
        if (timer) clearTimeout(timer);
      };
      // Not the request's 'close': it fires as soon as the (empty) request body has been read.
      res.on('close', done);
      // Rollouts that wait for kubectl to watch them now go on, as an update the watch receives.
      for (const [key, behaviour] of pending) {
        const [kind, namespace, name] = key.split('|') as [string, string, string];
        if (behaviour.when !== 'on-watch' || kind !== r.type.kind) continue;
        if (r.namespace !== undefined && r.namespace !== namespace) continue;
        const object = get(r.type, namespace, name);
        if (!object || !matches(object)) continue;
        if (behaviour.outcome === 'progressing') continue;
        const outcome = behaviour.outcome;
        setImmediate(() => {
          if (pending.get(key) === behaviour) finish(kind, namespace, name, outcome);
        });
      }
      return;
    }
    const items = list(r.type, r.namespace).filter(matches);
    sendJson(res, 200, {
      kind: `${r.type.kind}List`,
      apiVersion: r.type.group ? `${r.type.group}/${r.type.version}` : r.type.version,
      metadata: { resourceVersion: String(resourceVersion) },
      items,
    });
  };

  const handleWrite = (
    method: string,
    r: Route,
    query: URLSearchParams,
    contentType: string,
    body: string,
  ): { status: number; object: KubeObject } => {
    const dryRun = query.getAll('dryRun').includes('All');
    const t = r.type;
    if (method === 'POST') {
      if (r.name) throw new HttpError(405, 'MethodNotAllowed', 'POST to an object');
      const object = parseBody(body);
      const namespace = t.namespaced ? (object.metadata?.namespace ?? r.namespace) : undefined;
      if (t.namespaced && r.namespace && object.metadata?.namespace && object.metadata.namespace !== r.namespace) {
        throw new HttpError(
          400,
          'BadRequest',
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      assertNamespace(t, namespace);
      if (!object.metadata?.name)
        throw new HttpError(422, 'Invalid', `${t.kind} is invalid: metadata.name: Required value`);
      if (get(t, namespace, object.metadata.name)) {
        throw new HttpError(
          409,
          'AlreadyExists',
          `${t.name}${t.group ? `.${t.group}` : ''} "${object.metadata.name}" already exists`,
          { name: object.metadata.name, group: t.group, kind: t.name },
        );
      }
      return { status: 201, object: commit(undefined, prepareNew(t, object, namespace), dryRun) };
    }
    if (!r.name) throw new HttpError(405, 'MethodNotAllowed', `${method} of a collection`);
    if (r.subresource) throw new HttpError(404, 'NotFound', `the fake serves no subresource ${r.subresource}`);
    const existing = get(t, r.namespace, r.name);
    const notFound = (): HttpError =>
      new HttpError(404, 'NotFound', `${t.name}${t.group ? `.${t.group}` : ''} "${r.name ?? ''}" not found`, {
        name: r.name,
        group: t.group,
        kind: t.name,
      });

    if (method === 'DELETE') {
      if (!existing) throw notFound();
      if (!dryRun) write(existing, 'DELETED');
      return { status: 200, object: existing };
    }
    if (method === 'PUT') {
      if (!existing) throw notFound();
      const object = parseBody(body);
      return {
        status: 200,
        object: commit(existing, { ...object, metadata: { ...object.metadata, name: r.name } } as KubeObject, dryRun),
      };
    }
    // PATCH
    const type = contentType.split(';')[0]?.trim() ?? '';
    if (type === 'application/apply-patch+yaml') {
      if (!query.get('fieldManager')) {
        throw new HttpError(
          422,
          'Invalid',
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        );
      }
      const applied = parseBody(body);
      if (applied.metadata?.name !== r.name)
        throw new HttpError(400, 'BadRequest', 'the name of the object does not match the name on the URL');
      if (!existing) {
        assertNamespace(t, r.namespace);
        const created = prepareNew(t, applied, r.namespace);
        created.metadata.managedFields = [managedField(query.get('fieldManager') ?? '', created.apiVersion)];
        return { status: 201, object: commit(undefined, created, dryRun) };
      }
      const merged = clone(existing);
      merged.metadata.labels = { ...existing.metadata.labels, ...applied.metadata.labels };
      merged.metadata.annotations = { ...existing.metadata.annotations, ...applied.metadata.annotations };
      if (Object.keys(merged.metadata.labels).length === 0) delete merged.metadata.labels;
      if (Object.keys(merged.metadata.annotations).length === 0) delete merged.metadata.annotations;
      for (const [key, value] of Object.entries(applied)) {
        if (key === 'metadata' || key === 'status' || key === 'apiVersion' || key === 'kind') continue;
        merged[key] = clone(value);
      }
      merged.metadata.managedFields = [managedField(query.get('fieldManager') ?? '', merged.apiVersion)];
      return { status: 200, object: commit(existing, merged, dryRun) };
    }
    if (!existing) throw notFound();
    let patched: KubeObject;
    if (type === 'application/json-patch+json') {
      patched = applyJsonPatch(existing, JSON.parse(body) as JsonPatchOperation[]);
    } else if (type === 'application/merge-patch+json' || type === 'application/strategic-merge-patch+json') {
      patched = mergePatch(existing, JSON.parse(body)) as KubeObject;
    } else {
      throw new HttpError(415, 'UnsupportedMediaType', `the fake does not take patches of type ${type}`);
    }
    return { status: 200, object: commit(existing, patched, dryRun) };
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const u = new URL(req.url ?? '/', 'https://fake');
    const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const record: KubeRequest = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
      body,
      ...(auth ? { token: auth } : {}),
      status: 0,
    };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    record.status = 200;
    try {
      if (options.authorize && !options.authorize(auth)) throw new HttpError(401, 'Unauthorized', 'Unauthorized');
      const method = req.method ?? 'GET';
      if (method === 'GET') {
        const found = discovery(u.pathname);
        if (found !== undefined) return sendJson(res, 200, found);
      }
      const r = route(u.pathname);
      if (!r) throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
      if (method === 'GET') {
        if (!r.name) return handleList(req, res, r, u.searchParams);
        if (r.subresource) throw new HttpError(404, 'NotFound', `the fake serves no subresource ${r.subresource}`);
        const found = get(r.type, r.namespace, r.name);
        if (!found) {
          throw new HttpError(
            404,
            'NotFound',
            `${r.type.name}${r.type.group ? `.${r.type.group}` : ''} "${r.name}" not found`,
            {
              name: r.name,
              group: r.type.group,
              kind: r.type.name,
            },
          );
        }
        return sendJson(res, 200, found);
      }
      const { status, object } = handleWrite(method, r, u.searchParams, req.headers['content-type'] ?? '', body);
      sendJson(res, status, object);
    } catch (error) {
      if (error instanceof HttpError) return sendStatus(res, error);
      sendStatus(res, new HttpError(500, 'InternalError', `fake API server: ${(error as Error).message}`));
    }
  };

  const server: Server = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  url = `https://127.0.0.1:${port}`;
  const caData = Buffer.from(caPem).toString('base64');

  return {
    url,
    caData,
    caFile: tls.caFile,
    requests,
    object: (kind, namespace, name) => get(typeOfKind(kind), namespace, name),
    objects: (kind) => list(typeOfKind(kind), undefined),
    create: (object) => {
      const t = typeOfKind(object.kind);
      assertNamespace(t, object.metadata.namespace);
      return commit(undefined, prepareNew(t, object, object.metadata.namespace), false);
    },
    queueRollouts: (kind, namespace, name, behaviours) => {
      const key = workloadKey(kind, namespace, name);
      queued.set(key, [...(queued.get(key) ?? []), ...behaviours]);
    },
    finishRollout: (kind, namespace, name, outcome) => finish(kind, namespace, name, outcome),
    requestsTo: (method, pattern) => requests.filter((r) => r.method === method && pattern.test(r.path)),
    kubeconfig: (user = { token: 'static-test-token' }, opts = {}) =>
      stringifyYaml({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'fake-aks', cluster: { server: url, 'certificate-authority-data': caData } }],
        users: [{ name: 'clusterUser_rg_fake-aks', user }],
        contexts: [
          {
            name: 'fake-aks',
            context: {
              cluster: 'fake-aks',
              user: 'clusterUser_rg_fake-aks',
              ...(opts.namespace ? { namespace: opts.namespace } : {}),
            },
          },
        ],
        'current-context': 'fake-aks',
        preferences: {},
      }),
    close: async () => {
      for (const w of watchers) w.res.end();
      watchers.clear();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}

// ---- helpers -----------------------------------------------------------------------------------------------------

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Drops nulls and empty `resources`, as the API server's typed round trip makes
 * `creationTimestamp: null` and `resources: {}` (which kubectl sends back in
 * a rollback) the same template as one without them.
 */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    const pruned = prune(v);
    // Only empty `resources` (an emptyDir: {} means something).
    if (key === 'resources' && pruned && typeof pruned === 'object' && Object.keys(pruned).length === 0) continue;
    out[key] = pruned;
  }
  return out;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16).toUpperCase();
}

/** A pod-template-hash-like value: 10 characters from a hash of the template. */
function templateHash(template: Record<string, unknown>): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const digest = createHash('sha256').update(JSON.stringify(template)).digest();
  return [...digest.subarray(0, 10)].map((b) => alphabet[b % alphabet.length]).join('');
}

function apiPrefix(t: ResourceType): string {
  return t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
}

function labelsOf(template: Record<string, unknown>): Record<string, string> {
  return {
    ...(((template['metadata'] as Record<string, unknown> | undefined)?.['labels'] as Record<string, string>) ?? {}),
  };
}

function podTemplate(workload: KubeObject): Record<string, unknown> | undefined {
  const template = workload.spec?.['template'];
  return template && typeof template === 'object' ? (template as Record<string, unknown>) : undefined;
}

function lastOutcome(previous: KubeObject | undefined): 'complete' | 'fail' | 'progressing' {
  const status = previous?.status ?? {};
  const conditions =
    (status['conditions'] as Array<{ type: string; status: string; reason?: string }> | undefined) ?? [];
  if (conditions.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) return 'fail';
  if (conditions.some((c) => c.type === 'Failed' && c.status === 'True')) return 'fail';
  return 'complete';
}

function managedField(manager: string, apiVersion: string): Record<string, unknown> {
  return { manager, operation: 'Apply', apiVersion, time: now(), fieldsType: 'FieldsV1', fieldsV1: {} };
}

/** The defaults the API server fills in that kubectl's rollout commands read. */
function applyDefaults(o: KubeObject): void {
  const spec = o.spec;
  if (!spec) return;
  if (o.kind === 'Deployment') {
    spec['replicas'] ??= 1;
    spec['revisionHistoryLimit'] ??= 10;
    spec['progressDeadlineSeconds'] ??= 600;
    spec['strategy'] ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
  } else if (o.kind === 'StatefulSet') {
    spec['replicas'] ??= 1;
    spec['updateStrategy'] ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
    spec['podManagementPolicy'] ??= 'OrderedReady';
  } else if (o.kind === 'DaemonSet') {
    spec['updateStrategy'] ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
  } else if (o.kind === 'Job') {
    spec['backoffLimit'] ??= 6;
    spec['completions'] ??= 1;
    spec['parallelism'] ??= 1;
  }
}

function parseBody(body: string): KubeObject {
  let parsed: unknown;
  try {
    parsed = parseYaml(body);
  } catch (error) {
    throw new HttpError(400, 'BadRequest', `the body is not JSON or YAML: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new HttpError(400, 'BadRequest', 'the body is not an object');
  const object = parsed as KubeObject;
  object.metadata ??= { name: '' };
  return object;
}

/** `fieldSelector` (dotted paths, `=`, `==`, `!=`) and `labelSelector` (equality, sets, existence). */
function selectorMatcher(query: URLSearchParams): (object: KubeObject) => boolean {
  const fields = (query.get('fieldSelector') ?? '')
    .split(',')
    .filter(Boolean)
    .map((term) => {
      const m = /^([^!=]+)(==|!=|=)(.*)$/.exec(term);
      if (!m) throw new HttpError(400, 'BadRequest', `invalid field selector term '${term}'`);
      return { path: (m[1] ?? '').split('.'), op: m[2] ?? '=', value: m[3] ?? '' };
    });
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  return (object) => {
    for (const f of fields) {
      let current: unknown = object;
      for (const key of f.path)
        current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
      const value = current === undefined || current === null ? '' : String(current);
      if ((f.op === '!=') === (value === f.value)) return false;
    }
    const have = object.metadata.labels ?? {};
    return labels.every((term) => term(have));
  };
}

function parseLabelSelector(text: string): Array<(labels: Record<string, string>) => boolean> {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) terms.push(current.trim());
  return terms.map((term) => {
    let m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
    if (m) {
      const key = m[1] ?? '';
      const values = (m[3] ?? '').split(',').map((v) => v.trim());
      return m[2] === 'in'
        ? (l) => key in l && values.includes(l[key] ?? '')
        : (l) => !(key in l) || !values.includes(l[key] ?? '');
    }
    m = /^([^!=\s]+)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (m) {
      const key = m[1] ?? '';
      const value = m[3] ?? '';
      return m[2] === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
    }
    if (term.startsWith('!')) return (l) => !(term.slice(1) in l);
    return (l) => term in l;
  });
}

interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'test' | 'move' | 'copy';
  readonly path: string;
  readonly value?: unknown;
  readonly from?: string;
}

function applyJsonPatch(object: KubeObject, operations: readonly JsonPatchOperation[]): KubeObject {
  const doc = clone(object) as unknown as Record<string, unknown>;
  const pointer = (p: string): string[] =>
    p
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const parentOf = (segments: string[]): { parent: Record<string, unknown> | unknown[]; key: string } => {
    let current: unknown = doc;
    for (const s of segments.slice(0, -1)) {
      current = Array.isArray(current) ? current[Number(s)] : (current as Record<string, unknown>)[s];
      if (current === undefined || current === null)
        throw new HttpError(422, 'Invalid', `json patch: path ${segments.join('/')} does not exist`);
    }
    return { parent: current as Record<string, unknown>, key: segments.at(-1) ?? '' };
  };
  const read = (p: string): unknown => {
    const { parent, key } = parentOf(pointer(p));
    return Array.isArray(parent) ? parent[Number(key)] : parent[key];
  };
  const put = (p: string, value: unknown, insert: boolean): void => {
    const { parent, key } = parentOf(pointer(p));
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : Number(key);
      if (insert) parent.splice(index, 0, value);
      else parent[index] = value;
    } else parent[key] = value;
  };
  const remove = (p: string): void => {
    const { parent, key } = parentOf(pointer(p));
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  };
  for (const op of operations) {
    switch (op.op) {
      case 'add':
        put(op.path, clone(op.value), true);
        break;
      case 'replace':
        put(op.path, clone(op.value), false);
        break;
      case 'remove':
        remove(op.path);
        break;
      case 'test':
        if (JSON.stringify(read(op.path)) !== JSON.stringify(op.value))
          throw new HttpError(422, 'Invalid', `json patch test failed at ${op.path}`);
        break;
      case 'copy':
        put(op.path, clone(read(op.from ?? '')), true);
        break;
      case 'move': {
        const value = read(op.from ?? '');
        remove(op.from ?? '');
        put(op.path, value, true);
        break;
      }
    }
  }
  return doc as unknown as KubeObject;
}

/** RFC 7386 merge patch, with the strategic merge patch directives kubectl sends (`$patch: replace|delete`). */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const p = patch as Record<string, unknown>;
  if (p['$patch'] === 'replace') return stripDirectives(p);
  if (p['$patch'] === 'delete') return undefined;
  const base =
    target && typeof target === 'object' && !Array.isArray(target) ? clone(target as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(p)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete base[key];
      continue;
    }
    const merged = mergePatch(base[key], value);
    if (merged === undefined) delete base[key];
    else base[key] = merged;
  }
  return base;
}

function stripDirectives(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('$')) continue;
    out[key] =
      v && typeof v === 'object' && !Array.isArray(v) ? stripDirectives(v as Record<string, unknown>) : clone(v);
  }
  return out;
}
