import type { Kubectl, KubeObject } from '../cli/kubectl.js';
import { describeRef, type RolloutStep } from './rollout-plan.js';

/*
 * Why a rollout failed, as a person would find out with kubectl: the
 * containers of the workload's pods that cannot start (ImagePullBackOff,
 * CrashLoopBackOff, CreateContainerConfigError, OOMKilled…) and the events
 * about the workload, its newest ReplicaSet (admission refusals such as
 * Pod Security show up there) and the failing pods, oldest first.
 */

export interface PodProblem {
  readonly pod: string;
  readonly container: string;
  readonly init: boolean;
  /** `ImagePullBackOff`, `CrashLoopBackOff`, `OOMKilled`, `Error (exit code 1)`, `Unschedulable`. */
  readonly reason: string;
  readonly message?: string;
  readonly restarts: number;
}

export interface EventLine {
  readonly time: string;
  /** `Normal` or `Warning`. */
  readonly type: string;
  readonly reason: string;
  /** `Pod/web-7d9f-abcde`. */
  readonly object: string;
  readonly message: string;
  readonly count: number;
}

export interface Diagnosis {
  readonly pods: readonly PodProblem[];
  readonly events: readonly EventLine[];
}

/** Waiting reasons that are only a moment of a normal start. */
const NORMAL_WAITING = new Set(['ContainerCreating', 'PodInitializing']);
const EVENTS_PER_OBJECT = 10;
const PODS_EXAMINED = 3;

/** The containers that keep a pod from running, one entry each (the pod itself when it cannot be scheduled). */
export function podProblems(pods: readonly KubeObject[]): PodProblem[] {
  const problems: PodProblem[] = [];
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '?';
    const status = record(pod['status']);
    const found: PodProblem[] = [];
    for (const [key, init] of [
      ['initContainerStatuses', true],
      ['containerStatuses', false],
    ] as const) {
      for (const s of records(status[key])) {
        const state = record(s['state']);
        const waiting = record(state['waiting']);
        const terminated = record(state['terminated']);
        const last = record(record(s['lastState'])['terminated']);
        const restarts = typeof s['restartCount'] === 'number' ? s['restartCount'] : 0;
        const container = String(s['name'] ?? '?');
        let reason: string | undefined;
        let message: string | undefined;
        if (typeof waiting['reason'] === 'string' && !NORMAL_WAITING.has(waiting['reason'])) {
          reason = waiting['reason'];
          message = stringOrUndefined(waiting['message']);
          if (last['reason'] !== undefined || last['exitCode'] !== undefined) {
            const lastWords = terminatedText(last);
            message = message ? `${message}; last exit: ${lastWords}` : `last exit: ${lastWords}`;
          }
        } else if (Object.keys(terminated).length > 0 && terminated['exitCode'] !== 0) {
          reason = terminatedText(terminated);
          message = stringOrUndefined(terminated['message']);
        }
        if (reason) found.push({ pod: name, container, init, reason, ...(message ? { message } : {}), restarts });
      }
    }
    if (found.length === 0) {
      const unschedulable = records(status['conditions']).find(
        (c) => c['type'] === 'PodScheduled' && c['status'] === 'False',
      );
      if (unschedulable) {
        found.push({
          pod: name,
          container: '',
          init: false,
          reason: String(unschedulable['reason'] ?? 'Unschedulable'),
          ...(typeof unschedulable['message'] === 'string' ? { message: unschedulable['message'] } : {}),
          restarts: 0,
        });
      }
    }
    problems.push(...found);
  }
  return problems;
}

function terminatedText(t: Record<string, unknown>): string {
  const reason = typeof t['reason'] === 'string' ? t['reason'] : 'Terminated';
  return t['exitCode'] !== undefined ? `${reason} (exit code ${String(t['exitCode'])})` : reason;
}

/** Events as lines, oldest first (by last occurrence). */
export function eventLines(events: readonly KubeObject[]): EventLine[] {
  return events
    .map((e) => {
      const involved = record(e['involvedObject']);
      const series = record(e['series']);
      const time =
        stringOrUndefined(e['lastTimestamp']) ??
        stringOrUndefined(series['lastObservedTime']) ??
        stringOrUndefined(e['eventTime']) ??
        stringOrUndefined(e['firstTimestamp']) ??
        '';
      return {
        time,
        type: String(e['type'] ?? ''),
        reason: String(e['reason'] ?? ''),
        object: `${String(involved['kind'] ?? '?')}/${String(involved['name'] ?? '?')}`,
        message: String(e['message'] ?? '').trim(),
        count: typeof e['count'] === 'number' ? e['count'] : typeof series['count'] === 'number' ? series['count'] : 1,
      };
    })
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

/** `2026-01-01T10:00:00Z Warning Failed Pod/web-1: Failed to pull image … (x3)`. */
export function formatEvent(e: EventLine): string {
  return `${e.time || '-'} ${e.type} ${e.reason} ${e.object}: ${e.message}${e.count > 1 ? ` (x${e.count})` : ''}`;
}

/** `pod web-1, container web: ImagePullBackOff: Back-off pulling image "…" (restarted 3 times)`. */
export function formatPodProblem(p: PodProblem): string {
  const where = p.container
    ? `pod ${p.pod}, ${p.init ? 'init container' : 'container'} ${p.container}`
    : `pod ${p.pod}`;
  const restarts = p.restarts > 0 ? ` (restarted ${p.restarts} times)` : '';
  return `${where}: ${p.reason}${p.message ? `: ${p.message}` : ''}${restarts}`;
}

/** Asks the cluster why a workload's rollout failed. Best effort: what cannot be read is left out. */
export async function diagnoseRollout(kubectl: Kubectl, step: RolloutStep): Promise<Diagnosis> {
  const { namespace, name, kind } = step.ref;
  const selector = step.podSelector ?? (kind === 'Job' ? `batch.kubernetes.io/job-name=${name}` : undefined);
  const pods = selector ? await attempt(() => kubectl.get(['pods'], { namespace, labelSelector: selector })) : [];
  const problems = podProblems(pods ?? []);

  const about: Array<{ kind: string; name: string }> = [{ kind, name }];
  if (kind === 'Deployment' && step.podSelector) {
    const sets =
      (await attempt(() => kubectl.get(['replicasets.apps'], { namespace, labelSelector: step.podSelector }))) ?? [];
    const newest = sets
      .filter((rs) => (rs.metadata?.ownerReferences ?? []).some((o) => o.controller && o.kind === 'Deployment'))
      .sort((a, b) => revision(b) - revision(a))[0];
    if (newest?.metadata?.name) about.push({ kind: 'ReplicaSet', name: newest.metadata.name });
  }
  const failingPods = [...new Set(problems.map((p) => p.pod))].slice(0, PODS_EXAMINED);
  for (const pod of failingPods) about.push({ kind: 'Pod', name: pod });

  const events: EventLine[] = [];
  for (const subject of about) {
    const found = (await attempt(() => kubectl.events(namespace, subject.name))) ?? [];
    const lines = eventLines(found.filter((e) => record(e['involvedObject'])['kind'] === subject.kind));
    events.push(...lines.slice(-EVENTS_PER_OBJECT));
  }
  events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return { pods: problems, events };
}

/** The lines that explain a failed rollout, for the log. */
export function diagnosisLines(step: RolloutStep, reason: string, d: Diagnosis): string[] {
  const lines = [`${describeRef(step.ref)}: ${reason}`];
  for (const p of d.pods) lines.push(`  ${formatPodProblem(p)}`);
  if (d.events.length > 0) {
    lines.push('  events:');
    for (const e of d.events) lines.push(`    ${formatEvent(e)}`);
  } else {
    lines.push('  no events were found about it');
  }
  return lines;
}

function revision(rs: KubeObject): number {
  return Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0) || 0;
}

async function attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch {
    return undefined;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(record) : [];
}
