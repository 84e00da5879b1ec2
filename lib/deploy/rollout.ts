import { Kubectl, type KubeObject } from '../cli/kubectl.js';
import {
  priorStates,
  WAITED_KINDS,
  workloadKey,
  type PriorState,
  type RolloutStep,
  type WorkloadRef,
} from './rollout-plan.js';

/*
 * The cluster side of a rollout: the revisions before apply, the waits, and
 * the rollback. Waits run side by side (a few at a time) under one deadline,
 * so `timeout` bounds the whole rollout, and every failure is found, not
 * only the first.
 */

export interface WaitOutcome {
  readonly step: RolloutStep;
  readonly status: 'succeeded' | 'failed' | 'not-waited';
  /** kubectl's or the Job's last word. */
  readonly message: string;
}

export interface RollbackOutcome {
  readonly step: RolloutStep;
  readonly ok: boolean;
  readonly message: string;
}

export interface WaitOptions {
  /** When the whole rollout must be over (ms since the epoch). */
  readonly deadline: number;
  /** How often a Job is looked at (default 5 s). */
  readonly jobPollMs?: number;
  /** Waits at a time (default 8). */
  readonly concurrency?: number;
  readonly now?: () => number;
}

/** What each workload (of the kinds that are waited for) was before apply; absent ones did not exist. */
export async function recordPriorStates(
  kubectl: Kubectl,
  workloads: readonly WorkloadRef[],
): Promise<Map<string, PriorState>> {
  const byNamespace = new Map<string, WorkloadRef[]>();
  for (const w of workloads) {
    if (!(WAITED_KINDS as readonly string[]).includes(w.kind)) continue;
    byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w]);
  }
  const objects: KubeObject[] = [];
  const revisions: KubeObject[] = [];
  for (const [namespace, refs] of byNamespace) {
    const unique = [...new Set(refs.map((r) => Kubectl.resource(r.kind, r.name)))];
    const found = await kubectl.get(unique, { namespace, ignoreNotFound: true });
    objects.push(...found);
    if (found.some((o) => o.kind === 'StatefulSet' || o.kind === 'DaemonSet')) {
      revisions.push(...(await kubectl.get(['controllerrevisions.apps'], { namespace })));
    }
  }
  return priorStates(objects, revisions);
}

export async function waitForRollouts(
  kubectl: Kubectl,
  steps: readonly RolloutStep[],
  options: WaitOptions,
): Promise<WaitOutcome[]> {
  const now = options.now ?? Date.now;
  const outcomes: WaitOutcome[] = new Array<WaitOutcome>(steps.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < steps.length) {
      const index = next++;
      const step = steps[index] as RolloutStep;
      outcomes[index] = await waitFor(kubectl, step, options, now);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, steps.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}

async function waitFor(
  kubectl: Kubectl,
  step: RolloutStep,
  options: WaitOptions,
  now: () => number,
): Promise<WaitOutcome> {
  if (step.wait === 'none') return { step, status: 'not-waited', message: step.noWaitReason ?? 'not waited for' };
  const remaining = options.deadline - now();
  if (remaining <= 0)
    return { step, status: 'failed', message: 'the timeout was over before its rollout was looked at' };
  const resource = Kubectl.resource(step.ref.kind, step.ref.name);
  if (step.wait === 'rollout-status') {
    const r = await kubectl.rolloutStatus(resource, step.ref.namespace, remaining);
    return { step, status: r.ok ? 'succeeded' : 'failed', message: r.message };
  }
  return waitForJob(kubectl, step, options, now);
}

/** Until the Job has a Complete or Failed condition, or the deadline. */
async function waitForJob(
  kubectl: Kubectl,
  step: RolloutStep,
  options: WaitOptions,
  now: () => number,
): Promise<WaitOutcome> {
  const resource = Kubectl.resource('Job', step.ref.name);
  const poll = options.jobPollMs ?? 5000;
  for (;;) {
    const [job] = await kubectl.get([resource], { namespace: step.ref.namespace });
    const verdict = jobVerdict(job);
    if (verdict) return { step, ...verdict };
    const remaining = options.deadline - now();
    if (remaining <= 0) {
      return { step, status: 'failed', message: `job "${step.ref.name}" did not complete before the timeout` };
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(poll, remaining)));
  }
}

/** A Job's outcome from its conditions, or undefined while it runs. */
export function jobVerdict(job: KubeObject | undefined): Omit<WaitOutcome, 'step'> | undefined {
  const status = job?.['status'];
  const conditions =
    status && typeof status === 'object' && Array.isArray((status as { conditions?: unknown }).conditions)
      ? ((status as { conditions: Array<Record<string, unknown>> }).conditions ?? [])
      : [];
  const name = job?.metadata?.name ?? '';
  const failed = conditions.find((c) => c['type'] === 'Failed' && c['status'] === 'True');
  if (failed) {
    const why = [failed['reason'], failed['message']].filter((p) => typeof p === 'string' && p).join(': ');
    return { status: 'failed', message: `job "${name}" failed${why ? `: ${why}` : ''}` };
  }
  if (conditions.some((c) => c['type'] === 'Complete' && c['status'] === 'True')) {
    return { status: 'succeeded', message: `job "${name}" completed` };
  }
  return undefined;
}

/**
 * `rollout undo --to-revision` of every step that has a revision to go back
 * to; with `waitMs`, then waits until that previous revision is ready again,
 * since a rollback that does not come up leaves the service as broken.
 */
export async function rollBack(
  kubectl: Kubectl,
  steps: readonly RolloutStep[],
  waitMs?: number,
): Promise<RollbackOutcome[]> {
  const outcomes: RollbackOutcome[] = [];
  for (const step of steps) {
    if (step.rollbackTo === undefined) continue;
    try {
      const resource = Kubectl.resource(step.ref.kind, step.ref.name);
      const said = await kubectl.rolloutUndo(resource, step.ref.namespace, step.rollbackTo);
      const message = said || `rolled back to revision ${step.rollbackTo}`;
      if (waitMs !== undefined) {
        const ready = await kubectl.rolloutStatus(resource, step.ref.namespace, waitMs);
        if (!ready.ok) {
          outcomes.push({
            step,
            ok: false,
            message: `${message}, but revision ${step.rollbackTo} did not become ready: ${ready.message}`,
          });
          continue;
        }
      }
      outcomes.push({ step, ok: true, message });
    } catch (error) {
      // kubectl's own last word (`unable to find specified revision 5 in history`) says the most.
      const lines = (error instanceof Error ? error.message : String(error)).split('\n').filter((l) => l.trim());
      outcomes.push({ step, ok: false, message: (lines.at(-1) ?? '').replace(/^\s*error:\s*/, '').trim() });
    }
  }
  return outcomes;
}

/**
 * After a failed apply (some objects may have been applied): the workloads
 * whose revision moved since before, to be rolled back to where they were.
 */
export async function changedSince(
  kubectl: Kubectl,
  workloads: readonly WorkloadRef[],
  before: ReadonlyMap<string, PriorState>,
): Promise<RolloutStep[]> {
  const after = await recordPriorStates(kubectl, workloads);
  const steps: RolloutStep[] = [];
  for (const ref of workloads) {
    const key = workloadKey(ref);
    const was = before.get(key);
    const now = after.get(key);
    if (was?.revision === undefined || now?.revision === undefined || now.revision === was.revision) continue;
    steps.push({ ref, wait: 'none', rollbackTo: was.revision, existed: true });
  }
  return steps;
}
