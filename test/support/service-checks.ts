import { parseAllDocuments, parse } from 'yaml';

/*
 * Checks of a service's deployable files (Kubernetes manifests, Dockerfile,
 * Dependabot configuration) against the practices the example service
 * follows. Each check is pure: it takes parsed objects or file text and
 * returns its problems as sentences (an empty list when the files follow
 * the practice), so a test can show every problem at once and can run each
 * check over a deliberately broken copy to prove that it fails.
 */

type Obj = Record<string, unknown>;

export interface KubeObject extends Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> } & Obj;
  spec?: Obj;
}

/** Every object of the YAML documents of `sources` (file name → text), in order; empty documents skipped. */
export function parseManifests(sources: Record<string, string>): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const [file, text] of Object.entries(sources)) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const value = doc.toJS() as unknown;
      if (value === null || value === undefined) continue;
      if (!isObj(value) || typeof value['kind'] !== 'string' || !isObj(value['metadata'])) {
        throw new Error(`${file}: a document that is not a Kubernetes object`);
      }
      objects.push(value as KubeObject);
    }
  }
  return objects;
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown): Obj {
  return isObj(value) ? value : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet'];

export interface Workload {
  ref: string;
  object: KubeObject;
  /** The pod template: `spec.template` (`spec.jobTemplate.spec.template` for a CronJob). */
  template: Obj;
}

export function workloads(objects: readonly KubeObject[]): Workload[] {
  return objects
    .filter((o) => WORKLOAD_KINDS.includes(o.kind))
    .map((o) => {
      const spec = obj(o.spec);
      const template =
        o.kind === 'CronJob' ? obj(obj(obj(spec['jobTemplate'])['spec'])['template']) : obj(spec['template']);
      return { ref: `${o.kind} ${o.metadata.name}`, object: o, template };
    });
}

function podLabels(w: Workload): Record<string, string> {
  return obj(obj(w.template['metadata'])['labels']) as Record<string, string>;
}

/**
 * Whether a label selector (`matchLabels`) matches the labels. A selector
 * with `matchExpressions` is reported as not matching, so that the checks
 * never pass on a selector they do not evaluate. As in Kubernetes, the empty
 * selector `{}` matches every pod.
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObj(selector)) return false; // no selector selects nothing
  const s = selector;
  if (s['matchExpressions'] !== undefined) return false;
  return Object.entries(obj(s['matchLabels'])).every(([k, v]) => labels[k] === v);
}

const QUANTITIES = ['cpu', 'memory', 'ephemeral-storage'] as const;

/**
 * The pod templates of every workload: resource requests and limits, both
 * probes (and not the same one: a failing dependency would then restart
 * every replica), the restricted security context, no service account token,
 * a pull policy that has the kubelet check the registry every time.
 */
export function podTemplateProblems(objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  const all = workloads(objects);
  if (all.length === 0) problems.push('no workload (Deployment, StatefulSet, …) in the manifests');
  for (const w of all) {
    const spec = obj(w.template['spec']);
    const pod = obj(spec['securityContext']);
    if (spec['automountServiceAccountToken'] !== false) {
      problems.push(`${w.ref}: automountServiceAccountToken is not false`);
    }
    const account = spec['serviceAccountName'];
    if (typeof account !== 'string' || account === '' || account === 'default') {
      problems.push(`${w.ref}: runs as the namespace's default service account`);
    } else {
      const sa = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === account);
      if (!sa) problems.push(`${w.ref}: service account '${account}' is not in the manifests`);
      else if (sa['automountServiceAccountToken'] !== false) {
        problems.push(`ServiceAccount ${account}: automountServiceAccountToken is not false`);
      }
    }
    const containers = list(spec['containers']).map(obj);
    if (containers.length === 0) problems.push(`${w.ref}: no containers`);
    for (const c of [...list(spec['initContainers']).map(obj), ...containers]) {
      const where = `${w.ref}, container ${String(c['name'])}`;
      const resources = obj(c['resources']);
      for (const kind of ['requests', 'limits'] as const) {
        for (const q of QUANTITIES) {
          if (obj(resources[kind])[q] === undefined) problems.push(`${where}: no ${q} in resources.${kind}`);
        }
      }
      const storage = [obj(resources['requests'])['ephemeral-storage'], obj(resources['limits'])['ephemeral-storage']];
      if (storage[0] !== undefined && storage[1] !== undefined && String(storage[0]) !== String(storage[1])) {
        problems.push(`${where}: ephemeral-storage request and limit differ`);
      }
      if (c['imagePullPolicy'] !== 'Always') problems.push(`${where}: imagePullPolicy is not Always`);
      const sc = obj(c['securityContext']);
      const effective = (key: string): unknown => sc[key] ?? pod[key];
      if (effective('runAsNonRoot') !== true) problems.push(`${where}: runAsNonRoot is not true`);
      for (const key of ['runAsUser', 'runAsGroup']) {
        const id = effective(key);
        if (typeof id !== 'number' || id < 10000) problems.push(`${where}: ${key} is not a UID/GID of 10000 or more`);
      }
      if (obj(effective('seccompProfile'))['type'] !== 'RuntimeDefault') {
        problems.push(`${where}: seccompProfile is not RuntimeDefault`);
      }
      if (sc['allowPrivilegeEscalation'] !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (sc['readOnlyRootFilesystem'] !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
      if (sc['privileged'] === true) problems.push(`${where}: privileged`);
      const caps = obj(sc['capabilities']);
      if (!list(caps['drop']).includes('ALL')) problems.push(`${where}: capabilities do not drop ALL`);
      if (list(caps['add']).length > 0) problems.push(`${where}: capabilities are added`);
      if (!containers.includes(c)) continue; // init containers need no probes
      const readiness = c['readinessProbe'];
      const liveness = c['livenessProbe'];
      if (!isObj(readiness)) problems.push(`${where}: no readinessProbe`);
      if (!isObj(liveness)) problems.push(`${where}: no livenessProbe`);
      if (isObj(readiness) && isObj(liveness) && probeTarget(readiness) === probeTarget(liveness)) {
        problems.push(`${where}: the readiness and liveness probes check the same thing (${probeTarget(readiness)})`);
      }
    }
  }
  return problems;
}

function probeTarget(probe: Obj): string {
  const http = obj(probe['httpGet']);
  if (Object.keys(http).length > 0) return `GET ${String(http['path'] ?? '/')} on port ${String(http['port'])}`;
  const tcp = obj(probe['tcpSocket']);
  if (Object.keys(tcp).length > 0) return `TCP port ${String(tcp['port'])}`;
  return JSON.stringify(probe['exec'] ?? probe['grpc'] ?? probe);
}

/** The ports a workload's containers listen on, by number and by name. */
function containerPorts(w: Workload): Set<string> {
  const ports = new Set<string>();
  for (const c of list(obj(w.template['spec'])['containers']).map(obj)) {
    for (const p of list(c['ports']).map(obj)) {
      if (p['containerPort'] !== undefined) ports.add(String(p['containerPort']));
      if (typeof p['name'] === 'string') ports.add(p['name']);
    }
  }
  return ports;
}

/**
 * What ties the objects together: each Deployment's selector, its Service,
 * its NetworkPolicies and its PodDisruptionBudget select its pods; a PDB
 * leaves room for a voluntary disruption (minAvailable below replicas);
 * several replicas spread over nodes.
 */
export function selectorProblems(objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  const deployments = workloads(objects).filter((w) => w.object.kind === 'Deployment');
  if (deployments.length === 0) problems.push('no Deployment in the manifests');
  const services = objects.filter((o) => o.kind === 'Service');
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  for (const d of deployments) {
    const labels = podLabels(d);
    const spec = obj(d.object.spec);
    if (Object.keys(labels).length === 0) problems.push(`${d.ref}: its pods have no labels`);
    if (!isObj(obj(spec['selector'])['matchLabels']) || !selectorMatches(spec['selector'], labels)) {
      problems.push(`${d.ref}: spec.selector does not select its own pods`);
    }
    const service = services.find((s) => {
      const selector = obj(obj(s.spec)['selector']);
      return Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
    });
    if (!service) problems.push(`${d.ref}: no Service selects its pods`);
    else {
      const ports = containerPorts(d);
      for (const p of list(obj(service.spec)['ports']).map(obj)) {
        const target = String(p['targetPort'] ?? p['port']);
        if (!ports.has(target))
          problems.push(`Service ${service.metadata.name}: targetPort ${target} is no container port`);
      }
    }
    const selecting = policies.filter((p) => selectorMatches(obj(p.spec)['podSelector'], labels));
    const own = selecting.filter((p) => Object.keys(obj(obj(obj(p.spec)['podSelector'])['matchLabels'])).length > 0);
    if (own.length === 0) problems.push(`${d.ref}: no NetworkPolicy selects its pods by their labels`);
    for (const type of ['Ingress', 'Egress']) {
      if (!selecting.some((p) => list(obj(p.spec)['policyTypes']).includes(type))) {
        problems.push(`${d.ref}: no NetworkPolicy restricts its ${type.toLowerCase()}`);
      }
    }
    const ports = containerPorts(d);
    for (const p of own) {
      for (const rule of list(obj(p.spec)['ingress']).map(obj)) {
        const rulePorts = list(rule['ports']).map(obj);
        if (rulePorts.length === 0)
          problems.push(`NetworkPolicy ${p.metadata.name}: an ingress rule allows every port`);
        for (const rp of rulePorts) {
          if (!ports.has(String(rp['port']))) {
            problems.push(`NetworkPolicy ${p.metadata.name}: ingress port ${String(rp['port'])} is no container port`);
          }
        }
        if (list(rule['from']).length === 0)
          problems.push(`NetworkPolicy ${p.metadata.name}: an ingress rule allows every source`);
      }
      for (const rule of list(obj(p.spec)['egress']).map(obj)) {
        const rulePorts = list(rule['ports']).map(obj);
        if (rulePorts.length === 0 || rulePorts.some((rp) => String(rp['port']) !== '53')) {
          problems.push(`NetworkPolicy ${p.metadata.name}: egress is allowed beyond DNS (port 53)`);
        }
        if (list(rule['to']).length === 0)
          problems.push(`NetworkPolicy ${p.metadata.name}: egress is allowed to every destination`);
      }
    }
    const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
    if (replicas < 2) problems.push(`${d.ref}: fewer than 2 replicas`);
    const budget = budgets.find((b) => selectorMatches(obj(b.spec)['selector'], labels));
    if (!budget) problems.push(`${d.ref}: no PodDisruptionBudget selects its pods`);
    else {
      const min = obj(budget.spec)['minAvailable'];
      if (typeof min !== 'number')
        problems.push(`PodDisruptionBudget ${budget.metadata.name}: minAvailable is not a number`);
      else if (min >= replicas) {
        problems.push(
          `PodDisruptionBudget ${budget.metadata.name}: minAvailable ${min} is not below the ${replicas} replicas of ${d.ref}, so no node can be drained`,
        );
      }
    }
    const antiAffinity = obj(obj(obj(d.template['spec'])['affinity'])['podAntiAffinity']);
    const terms = [
      ...list(antiAffinity['requiredDuringSchedulingIgnoredDuringExecution']).map(obj),
      ...list(antiAffinity['preferredDuringSchedulingIgnoredDuringExecution']).map((t) =>
        obj(obj(t)['podAffinityTerm']),
      ),
    ];
    if (
      !terms.some((t) => t['topologyKey'] === 'kubernetes.io/hostname' && selectorMatches(t['labelSelector'], labels))
    ) {
      problems.push(`${d.ref}: no podAntiAffinity spreads its pods over nodes`);
    }
  }
  return problems;
}

/** The last stage of a Dockerfile: its base image and the user it runs as (the last USER of that stage). */
export function finalStage(dockerfile: string): { from?: string; user?: string } {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  let from: string | undefined;
  let user: string | undefined;
  for (const line of lines) {
    const [instruction = '', ...rest] = line.split(/\s+/);
    const args = rest.filter((a) => !a.startsWith('--'));
    if (instruction.toUpperCase() === 'FROM') {
      from = args[0];
      user = undefined;
    } else if (instruction.toUpperCase() === 'USER') {
      user = args[0];
    }
  }
  return { ...(from !== undefined ? { from } : {}), ...(user !== undefined ? { user } : {}) };
}

/** The distroless images' unprivileged user and group. */
export const DISTROLESS_NONROOT = 65532;

/**
 * The Dockerfile's final stage runs as a non-root user (a numeric UID other
 * than 0, or distroless's `nonroot`), and that user and group are the ones
 * the workloads' pods run as.
 */
export function dockerUserProblems(dockerfile: string, objects: readonly KubeObject[]): string[] {
  const { user } = finalStage(dockerfile);
  if (user === undefined) return ['the final stage of the Dockerfile sets no USER: the image runs as root'];
  const [name = '', group] = user.split(':');
  const uid = /^\d+$/.test(name) ? Number(name) : name === 'nonroot' ? DISTROLESS_NONROOT : undefined;
  const gid =
    group === undefined
      ? undefined
      : /^\d+$/.test(group)
        ? Number(group)
        : group === 'nonroot'
          ? DISTROLESS_NONROOT
          : NaN;
  const problems: string[] = [];
  if (uid === undefined)
    problems.push(`USER ${user}: not a numeric UID (nor nonroot): Kubernetes cannot check runAsNonRoot against it`);
  else if (uid === 0) problems.push(`USER ${user}: root`);
  if (gid === 0) problems.push(`USER ${user}: group root`);
  for (const w of workloads(objects)) {
    const spec = obj(w.template['spec']);
    for (const c of list(spec['containers']).map(obj)) {
      const sc = obj(c['securityContext']);
      const pod = obj(spec['securityContext']);
      const runAsUser = sc['runAsUser'] ?? pod['runAsUser'];
      const runAsGroup = sc['runAsGroup'] ?? pod['runAsGroup'];
      const where = `${w.ref}, container ${String(c['name'])}`;
      if (uid !== undefined && runAsUser !== uid) {
        problems.push(`${where}: runAsUser ${String(runAsUser)} is not the image's user ${uid}`);
      }
      if (gid !== undefined && runAsGroup !== gid) {
        problems.push(`${where}: runAsGroup ${String(runAsGroup)} is not the image's group ${String(gid)}`);
      }
    }
  }
  return problems;
}

/**
 * Dependabot keeps the base images (docker) and the pinned actions and
 * workflows (github-actions) of the repository root current, each after a
 * cooldown, grouped into one pull request per ecosystem.
 */
export function dependabotProblems(
  text: string,
  ecosystems: readonly string[] = ['docker', 'github-actions'],
): string[] {
  const config = obj(parse(text));
  const problems: string[] = [];
  if (config['version'] !== 2) problems.push('version is not 2');
  const updates = list(config['updates']).map(obj);
  for (const ecosystem of ecosystems) {
    const entry = updates.find((u) => u['package-ecosystem'] === ecosystem);
    if (!entry) {
      problems.push(`no update entry for the ${ecosystem} ecosystem`);
      continue;
    }
    const dirs = [entry['directory'], ...list(entry['directories'])].filter((d) => d !== undefined);
    if (!dirs.includes('/')) problems.push(`${ecosystem}: does not cover the repository root (directory /)`);
    if (typeof obj(entry['schedule'])['interval'] !== 'string') problems.push(`${ecosystem}: no schedule interval`);
    const days = obj(entry['cooldown'])['default-days'];
    if (typeof days !== 'number' || days < 1) problems.push(`${ecosystem}: no cooldown (cooldown.default-days)`);
    if (Object.keys(obj(entry['groups'])).length === 0) problems.push(`${ecosystem}: updates are not grouped`);
  }
  return problems;
}
