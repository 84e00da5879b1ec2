import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';

import { loadPolicyFile } from '../../../lib/findings/policy.js';
import {
  dependabotProblems,
  dockerUserProblems,
  finalStage,
  parseManifests,
  podTemplateProblems,
  selectorProblems,
} from '../../support/service-checks.js';
import type { KubeObject } from '../../support/service-checks.js';
import { repoRoot } from '../../support/workflow-files.js';

/*
 * The example service is the model a user copies: its manifests, image and
 * Dependabot configuration follow the practices the checks of
 * test/support/service-checks.ts describe, and every check is also run over
 * a copy broken in one place, so a check that passes everything cannot hide.
 */

type Obj = Record<string, unknown>;

const root = path.join(repoRoot, 'examples/hello-aks');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

const manifestFiles = readdirSync(path.join(root, 'k8s'))
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const manifests = parseManifests(Object.fromEntries(manifestFiles.map((f) => [f, read(`k8s/${f}`)])));
const dockerfile = read('Dockerfile');
const dependabot = read('.github/dependabot.yml');

// Accessors into a (copy of the) manifests, for the broken copies below.
const o = (value: unknown): Obj => value as Obj;
const find = (m: KubeObject[], kind: string, name = 'hello'): KubeObject =>
  m.find((x) => x.kind === kind && x.metadata.name === name)!;
const podSpec = (m: KubeObject[]): Obj => o(o(o(find(m, 'Deployment').spec)['template'])['spec']);
const container = (m: KubeObject[]): Obj => (podSpec(m)['containers'] as Obj[])[0]!;
const resources = (m: KubeObject[], kind: 'requests' | 'limits'): Obj => o(o(container(m)['resources'])[kind]);
const securityContext = (m: KubeObject[]): Obj => o(container(m)['securityContext']);

const entry = (config: Obj, ecosystem: string): Obj =>
  (config['updates'] as Obj[]).find((u) => u['package-ecosystem'] === ecosystem)!;

function broken(change: (m: KubeObject[]) => void): KubeObject[] {
  const copy = structuredClone(manifests);
  change(copy);
  return copy;
}

describe('examples/hello-aks', () => {
  it('has a workload, its Service, ServiceAccount, NetworkPolicies and PodDisruptionBudget', () => {
    expect(manifestFiles).toEqual([
      'deployment.yaml',
      'networkpolicy.yaml',
      'pdb.yaml',
      'service.yaml',
      'serviceaccount.yaml',
    ]);
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'Deployment/hello',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/hello',
      'PodDisruptionBudget/hello',
      'Service/hello',
      'ServiceAccount/hello',
    ]);
  });

  it('runs its pods with resources, both probes, a restricted security context and no API token', () => {
    expect(podTemplateProblems(manifests)).toEqual([]);
  });

  it('selects the Deployment’s pods from its Service, NetworkPolicy and PodDisruptionBudget', () => {
    expect(selectorProblems(manifests)).toEqual([]);
  });

  it('denies all traffic in the namespace but what the service needs', () => {
    const deny = find(manifests, 'NetworkPolicy', 'default-deny');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const egress = o(find(manifests, 'NetworkPolicy').spec)['egress'] as Obj[];
    expect(egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ]);
  });

  it('builds an image whose final stage is distroless and runs as the manifests’ non-root user', () => {
    expect(finalStage(dockerfile).from).toMatch(
      /^gcr\.io\/distroless\/nodejs\d+-debian\d+:nonroot(@sha256:[0-9a-f]{64})?$/,
    );
    expect(dockerUserProblems(dockerfile, manifests)).toEqual([]);
  });

  it('has Dependabot keep the base images and the pinned actions current, after a cooldown', () => {
    expect(dependabotProblems(dependabot)).toEqual([]);
  });

  it('has a policy file that loads, with exceptions limited to the manifests', async () => {
    const policy = await loadPolicyFile(path.join(root, '.github/devsecops.yml'));
    expect(policy['fail-on']).toBe('high');
    expect(policy.ignore.length).toBeGreaterThan(0);
    for (const exception of policy.ignore) expect(exception.path).toBe('k8s/**');
  });

  it('answers the probes of the Deployment, and fails readiness then exits 0 on SIGTERM', async () => {
    const probe = (name: string): string => String(o(o(container(manifests)[name])['httpGet'])['path']);
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(root, 'src/server.js')], {
      env: { ...process.env, PORT: String(port), SHUTDOWN_DRAIN_MS: '1000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('listening')) resolve();
        });
        child.on('error', reject);
        child.on('exit', (code) => reject(new Error(`the service exited with ${String(code)} before listening`)));
      });
      const status = async (p: string): Promise<number> => (await fetch(`http://127.0.0.1:${port}${p}`)).status;
      expect(await status(probe('readinessProbe'))).toBe(200);
      expect(await status(probe('livenessProbe'))).toBe(200);

      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await status(probe('readinessProbe'))).toBe(503);
      expect(await status(probe('livenessProbe'))).toBe(200);
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('each check fails on a copy of the example broken in one place', () => {
  const podCases: [string, (m: KubeObject[]) => void, RegExp][] = [
    ['no CPU request', (m) => delete resources(m, 'requests')['cpu'], /no cpu in resources\.requests/],
    ['no memory request', (m) => delete resources(m, 'requests')['memory'], /no memory in resources\.requests/],
    ['no CPU limit', (m) => delete resources(m, 'limits')['cpu'], /no cpu in resources\.limits/],
    ['no memory limit', (m) => delete resources(m, 'limits')['memory'], /no memory in resources\.limits/],
    [
      'no ephemeral storage limit',
      (m) => delete resources(m, 'limits')['ephemeral-storage'],
      /no ephemeral-storage in resources\.limits/,
    ],
    [
      'ephemeral storage request below its limit',
      (m) => (resources(m, 'requests')['ephemeral-storage'] = '32Mi'),
      /ephemeral-storage request and limit differ/,
    ],
    ['no readiness probe', (m) => delete container(m)['readinessProbe'], /no readinessProbe/],
    ['no liveness probe', (m) => delete container(m)['livenessProbe'], /no livenessProbe/],
    [
      'the same probe twice',
      (m) => (container(m)['livenessProbe'] = container(m)['readinessProbe']),
      /readiness and liveness probes check the same thing/,
    ],
    [
      'runAsNonRoot nowhere',
      (m) => {
        delete securityContext(m)['runAsNonRoot'];
        delete o(podSpec(m)['securityContext'])['runAsNonRoot'];
      },
      /runAsNonRoot is not true/,
    ],
    ['a low UID', (m) => (securityContext(m)['runAsUser'] = 1000), /runAsUser is not a UID\/GID of 10000 or more/],
    [
      'seccomp unconfined',
      (m) => (securityContext(m)['seccompProfile'] = { type: 'Unconfined' }),
      /seccompProfile is not RuntimeDefault/,
    ],
    [
      'privilege escalation allowed',
      (m) => delete securityContext(m)['allowPrivilegeEscalation'],
      /allowPrivilegeEscalation is not false/,
    ],
    [
      'a writable root file system',
      (m) => (securityContext(m)['readOnlyRootFilesystem'] = false),
      /readOnlyRootFilesystem is not true/,
    ],
    ['capabilities kept', (m) => (securityContext(m)['capabilities'] = { drop: [] }), /capabilities do not drop ALL/],
    [
      'a capability added',
      (m) => (securityContext(m)['capabilities'] = { drop: ['ALL'], add: ['NET_ADMIN'] }),
      /capabilities are added/,
    ],
    [
      'the API token mounted',
      (m) => delete podSpec(m)['automountServiceAccountToken'],
      /automountServiceAccountToken is not false/,
    ],
    ['the default service account', (m) => delete podSpec(m)['serviceAccountName'], /default service account/],
    [
      'a service account that mounts its token',
      (m) => delete find(m, 'ServiceAccount')['automountServiceAccountToken'],
      /ServiceAccount hello: automountServiceAccountToken is not false/,
    ],
    [
      'a service account missing',
      (m) => m.splice(m.indexOf(find(m, 'ServiceAccount')), 1),
      /service account 'hello' is not in the manifests/,
    ],
    ['a cached image', (m) => (container(m)['imagePullPolicy'] = 'IfNotPresent'), /imagePullPolicy is not Always/],
  ];

  it.each(podCases)('pod templates: %s', (_name, change, problem) => {
    expect(podTemplateProblems(broken(change))).toContainEqual(expect.stringMatching(problem));
  });

  const selectorCases: [string, (m: KubeObject[]) => void, RegExp][] = [
    [
      'a Deployment selector that misses its pods',
      (m) => (o(find(m, 'Deployment').spec)['selector'] = { matchLabels: { app: 'other' } }),
      /spec\.selector does not select its own pods/,
    ],
    [
      'a Service selecting other pods',
      (m) => (o(find(m, 'Service').spec)['selector'] = { 'app.kubernetes.io/name': 'other' }),
      /no Service selects its pods/,
    ],
    [
      'a Service sending traffic to a port nobody listens on',
      (m) => ((o(find(m, 'Service').spec)['ports'] as Obj[])[0]!['targetPort'] = 9090),
      /targetPort 9090 is no container port/,
    ],
    [
      'a NetworkPolicy selecting other pods',
      (m) => (o(find(m, 'NetworkPolicy').spec)['podSelector'] = { matchLabels: { 'app.kubernetes.io/name': 'other' } }),
      /no NetworkPolicy selects its pods by their labels/,
    ],
    [
      'no policy restricting egress',
      (m) => {
        for (const p of m.filter((x) => x.kind === 'NetworkPolicy')) o(p.spec)['policyTypes'] = ['Ingress'];
      },
      /no NetworkPolicy restricts its egress/,
    ],
    [
      'ingress on another port',
      (m) => {
        const rule = (o(find(m, 'NetworkPolicy').spec)['ingress'] as Obj[])[0]!;
        (rule['ports'] as Obj[])[0]!['port'] = 9090;
      },
      /ingress port 9090 is no container port/,
    ],
    [
      'ingress from anywhere',
      (m) => delete (o(find(m, 'NetworkPolicy').spec)['ingress'] as Obj[])[0]!['from'],
      /an ingress rule allows every source/,
    ],
    [
      'egress beyond DNS',
      (m) => (o(find(m, 'NetworkPolicy').spec)['egress'] as Obj[]).push({ ports: [{ protocol: 'TCP', port: 443 }] }),
      /egress is allowed beyond DNS/,
    ],
    [
      'a PodDisruptionBudget selecting other pods',
      (m) => (o(find(m, 'PodDisruptionBudget').spec)['selector'] = { matchLabels: { 'app.kubernetes.io/name': 'x' } }),
      /no PodDisruptionBudget selects its pods/,
    ],
    [
      'a PodDisruptionBudget that blocks every drain',
      (m) => (o(find(m, 'PodDisruptionBudget').spec)['minAvailable'] = 2),
      /minAvailable 2 is not below the 2 replicas/,
    ],
    ['a single replica', (m) => (o(find(m, 'Deployment').spec)['replicas'] = 1), /fewer than 2 replicas/],
    ['both replicas free to share a node', (m) => delete podSpec(m)['affinity'], /no podAntiAffinity/],
  ];

  it.each(selectorCases)('selectors: %s', (_name, change, problem) => {
    expect(selectorProblems(broken(change))).toContainEqual(expect.stringMatching(problem));
  });

  const dockerCases: [string, (text: string) => string, RegExp][] = [
    ['no USER', (t) => t.replace(/^USER .*$/m, ''), /sets no USER/],
    [
      'USER only in the build stage',
      (t) => t.replace(/^USER .*$/m, '').replace(/^WORKDIR \/app$/m, 'WORKDIR /app\nUSER 65532'),
      /sets no USER/,
    ],
    ['USER root', (t) => t.replace(/^USER .*$/m, 'USER 0'), /USER 0: root/],
    ['USER by name', (t) => t.replace(/^USER .*$/m, 'USER node'), /not a numeric UID/],
    [
      'a UID the manifests do not run as',
      (t) => t.replace(/^USER .*$/m, 'USER 10001:10001'),
      /runAsUser 65532 is not the image's user 10001/,
    ],
    [
      'a GID the manifests do not run as',
      (t) => t.replace(/^USER .*$/m, 'USER 65532:10001'),
      /runAsGroup 65532 is not the image's group 10001/,
    ],
  ];

  it.each(dockerCases)('Dockerfile: %s', (_name, change, problem) => {
    const text = change(dockerfile);
    expect(text).not.toBe(dockerfile);
    expect(dockerUserProblems(text, manifests)).toContainEqual(expect.stringMatching(problem));
  });

  it('Dockerfile: distroless’s nonroot user is UID 65532', () => {
    expect(dockerUserProblems(dockerfile.replace(/^USER .*$/m, 'USER nonroot'), manifests)).toEqual([]);
  });

  const dependabotCases: [string, (config: Obj) => void, RegExp][] = [
    [
      'no docker entry',
      (c) => (c['updates'] = (c['updates'] as Obj[]).filter((u) => u['package-ecosystem'] !== 'docker')),
      /no update entry for the docker ecosystem/,
    ],
    [
      'no github-actions entry',
      (c) => (c['updates'] = (c['updates'] as Obj[]).filter((u) => u['package-ecosystem'] !== 'github-actions')),
      /no update entry for the github-actions ecosystem/,
    ],
    ['no cooldown', (c) => delete entry(c, 'github-actions')['cooldown'], /github-actions: no cooldown/],
    ['a cooldown of 0 days', (c) => (entry(c, 'docker')['cooldown'] = { 'default-days': 0 }), /docker: no cooldown/],
    ['updates one by one', (c) => delete entry(c, 'docker')['groups'], /docker: updates are not grouped/],
    [
      'another directory',
      (c) => (entry(c, 'docker')['directory'] = '/app'),
      /docker: does not cover the repository root/,
    ],
  ];

  it.each(dependabotCases)('dependabot.yml: %s', (_name, change, problem) => {
    const config = parse(dependabot) as Obj;
    change(config);
    expect(dependabotProblems(JSON.stringify(config))).toContainEqual(expect.stringMatching(problem));
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
