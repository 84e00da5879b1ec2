import type { KubeObject } from '../cli/kubectl.js';

/*
 * What to wait for after apply, and what to roll back if a rollout fails.
 * Pure: from the objects apply returned and the revisions recorded before
 * apply.
 *
 * - Deployments, StatefulSets and DaemonSets: `kubectl rollout status`
 *   (not a paused Deployment, nor an `OnDelete` StatefulSet or DaemonSet,
 *   whose pods change only when deleted: kubectl cannot wait for those).
 * - Jobs: until the Job is Complete (or Failed).
 * - CronJobs, Pods, ReplicaSets and everything else: applied, not waited for.
 *
 * Rollback undoes, to the revision recorded before apply, every Deployment,
 * StatefulSet and DaemonSet that existed before (a workload the deploy
 * created has nothing to go back to; Jobs cannot be rolled back).
 */

export const ROLLBACK_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;
export const WAITED_KINDS = [...ROLLBACK_KINDS, 'Job'] as const;

export interface WorkloadRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** What a workload was before apply. */
export interface PriorState {
  readonly uid?: string;
  /** Deployments: `deployment.kubernetes.io/revision`; StatefulSets and DaemonSets: their newest ControllerRevision. */
  readonly revision?: number;
}

export type WaitKind = 'rollout-status' | 'job-complete' | 'none';

export interface RolloutStep {
  readonly ref: WorkloadRef;
  readonly wait: WaitKind;
  /** Why a workload that is usually waited for is not. */
  readonly noWaitReason?: string;
  /** The revision to go back to on failure; undefined when the workload is new or cannot be rolled back. */
  readonly rollbackTo?: number;
  /** The label selector of the workload's pods (for explaining a failure). */
  readonly podSelector?: string;
  /** Whether it existed before apply. */
  readonly existed: boolean;
}

export function workloadKey(ref: WorkloadRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** `Deployment prod/web`. */
export function describeRef(ref: WorkloadRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

/**
 * The state of each workload before apply, from the objects kubectl got
 * (those that exist) and the namespace's ControllerRevisions.
 */
export function priorStates(
  objects: readonly KubeObject[],
  controllerRevisions: readonly KubeObject[],
): Map<string, PriorState> {
  const states = new Map<string, PriorState>();
  for (const o of objects) {
    const ref = refOf(o);
    if (!ref) continue;
    const uid = o.metadata?.uid;
    let revision: number | undefined;
    if (ref.kind === 'Deployment') {
      revision = positiveInteger(o.metadata?.annotations?.['deployment.kubernetes.io/revision']);
    } else if (ref.kind === 'StatefulSet' || ref.kind === 'DaemonSet') {
      const owned = controllerRevisions
        .filter((r) => (r.metadata?.ownerReferences ?? []).some((owner) => owner.controller && owner.uid === uid))
        .map((r) => positiveInteger(r['revision']))
        .filter((n): n is number => n !== undefined);
      revision = owned.length > 0 ? Math.max(...owned) : undefined;
    }
    states.set(workloadKey(ref), { ...(uid ? { uid } : {}), ...(revision !== undefined ? { revision } : {}) });
  }
  return states;
}

/** The steps after apply, in the order the objects were applied. */
export function planRollout(applied: readonly KubeObject[], before: ReadonlyMap<string, PriorState>): RolloutStep[] {
  const steps: RolloutStep[] = [];
  for (const o of applied) {
    const ref = refOf(o);
    if (!ref || !(WAITED_KINDS as readonly string[]).includes(ref.kind)) continue;
    const prior = before.get(workloadKey(ref));
    const spec = record(o['spec']);
    let wait: WaitKind = ref.kind === 'Job' ? 'job-complete' : 'rollout-status';
    let noWaitReason: string | undefined;
    if (ref.kind === 'Deployment' && spec['paused'] === true) {
      wait = 'none';
      noWaitReason = 'the Deployment is paused';
    }
    const strategy = record(spec['updateStrategy'])['type'];
    if ((ref.kind === 'StatefulSet' || ref.kind === 'DaemonSet') && strategy === 'OnDelete') {
      wait = 'none';
      noWaitReason = `its update strategy is OnDelete: pods change only when they are deleted`;
    }
    const rollbackTo =
      (ROLLBACK_KINDS as readonly string[]).includes(ref.kind) && prior?.revision !== undefined
        ? prior.revision
        : undefined;
    const podSelector = selectorOf(spec['selector']);
    steps.push({
      ref,
      wait,
      ...(noWaitReason ? { noWaitReason } : {}),
      ...(rollbackTo !== undefined ? { rollbackTo } : {}),
      ...(podSelector ? { podSelector } : {}),
      existed: prior !== undefined,
    });
  }
  return steps;
}

/** `app=web,tier in (a,b)` from a LabelSelector (`matchLabels`, `matchExpressions`). */
export function selectorOf(selector: unknown): string | undefined {
  const s = record(selector);
  const terms: string[] = [];
  for (const [key, value] of Object.entries(record(s['matchLabels']))) terms.push(`${key}=${String(value)}`);
  const expressions = Array.isArray(s['matchExpressions']) ? s['matchExpressions'] : [];
  for (const e of expressions.map(record)) {
    const key = String(e['key'] ?? '');
    const values = Array.isArray(e['values']) ? e['values'].map(String) : [];
    switch (e['operator']) {
      case 'In':
        terms.push(`${key} in (${values.join(',')})`);
        break;
      case 'NotIn':
        terms.push(`${key} notin (${values.join(',')})`);
        break;
      case 'Exists':
        terms.push(key);
        break;
      case 'DoesNotExist':
        terms.push(`!${key}`);
        break;
    }
  }
  return terms.length > 0 ? terms.join(',') : undefined;
}

/** The workload's kind, namespace and name, when it is namespaced and named. */
export function refOf(o: KubeObject): WorkloadRef | undefined {
  const kind = o.kind;
  const name = o.metadata?.name;
  const namespace = o.metadata?.namespace;
  if (!kind || !name || !namespace) return undefined;
  return { kind, namespace, name };
}

function positiveInteger(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
