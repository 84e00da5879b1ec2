import type { PathSegment } from './manifest-documents.js';

/*
 * Where an object's pod spec is, and its containers. The workload kinds
 * have a known place; any other kind that keeps a pod template where the
 * workloads do (Argo Rollouts and Knative Services at `spec.template`, KEDA
 * ScaledJobs at `spec.jobTemplate.spec.template`) is read there too, so an
 * image cannot slip past the image checks by being in a custom resource.
 */

export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

const TEMPLATE_SPEC = ['spec', 'template', 'spec'] as const;
const JOB_TEMPLATE_SPEC = ['spec', 'jobTemplate', 'spec', 'template', 'spec'] as const;

/** The pod spec of each workload kind. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: TEMPLATE_SPEC,
  StatefulSet: TEMPLATE_SPEC,
  DaemonSet: TEMPLATE_SPEC,
  ReplicaSet: TEMPLATE_SPEC,
  ReplicationController: TEMPLATE_SPEC,
  Job: TEMPLATE_SPEC,
  CronJob: JOB_TEMPLATE_SPEC,
  PodTemplate: ['template', 'spec'],
};

/** Where other kinds are looked at, in order. */
const OTHER_KINDS_PATHS: readonly (readonly string[])[] = [TEMPLATE_SPEC, JOB_TEMPLATE_SPEC];

/** One container of an object's pod spec. */
export interface ContainerRef {
  readonly list: ContainerList;
  readonly index: number;
  /** Path of the container inside the object. */
  readonly path: readonly PathSegment[];
  /** The container itself (editing it edits the object). */
  readonly container: Record<string, unknown>;
  readonly name: string;
}

/** The path of an object's pod spec, or undefined when it has none. */
export function podSpecPath(object: Record<string, unknown>): readonly string[] | undefined {
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const known = POD_SPEC_PATHS[kind];
  if (known) return isRecord(valueAt(object, known)) ? known : undefined;
  return OTHER_KINDS_PATHS.find((p) => {
    const spec = valueAt(object, p);
    return isRecord(spec) && CONTAINER_LISTS.some((list) => Array.isArray(spec[list]));
  });
}

/** Every container, init container and ephemeral container of an object, init containers first. */
export function containersOf(object: Record<string, unknown>): ContainerRef[] {
  const specPath = podSpecPath(object);
  if (!specPath) return [];
  const spec = valueAt(object, specPath) as Record<string, unknown>;
  const refs: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container: unknown, index) => {
      if (!isRecord(container)) return;
      refs.push({
        list,
        index,
        path: [...specPath, list, index],
        container,
        name: typeof container['name'] === 'string' ? container['name'] : `#${index + 1}`,
      });
    });
  }
  return refs;
}

/** `container`, `init container`, `ephemeral container`: for messages. */
export function containerListLabel(list: ContainerList): string {
  return list === 'initContainers'
    ? 'init container'
    : list === 'ephemeralContainers'
      ? 'ephemeral container'
      : 'container';
}

function valueAt(object: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = object;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
