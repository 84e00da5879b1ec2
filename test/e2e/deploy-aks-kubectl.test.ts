import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kubectl } from '../../lib/cli/kubectl.js';
import { diagnoseRollout } from '../../lib/deploy/diagnose.js';
import { planRollout } from '../../lib/deploy/rollout-plan.js';
import { recordPriorStates, rollBack, waitForRollouts } from '../../lib/deploy/rollout.js';
import { startKubeApiServer, type KubeApiServer } from '../fakes/kube-api-server.js';

/*
 * lib/cli/kubectl.ts and lib/deploy's rollout functions with the machine's
 * real kubectl against the fake API server, without the action around them:
 * a rollout the test holds in progress and then completes, the revisions of
 * StatefulSets and DaemonSets from their ControllerRevisions, and their
 * rollback with `rollout undo --to-revision`.
 */

let api: KubeApiServer;
let dir: string;
let kubectl: Kubectl;

beforeAll(async () => {
  api = await startKubeApiServer({ authorize: (token) => token === 'static-test-token' });
  dir = mkdtempSync(path.join(os.tmpdir(), 'deploy-aks-kubectl-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, api.kubeconfig(), { mode: 0o600 });
  kubectl = new Kubectl('kubectl', { kubeconfig, cacheDir: path.join(dir, 'cache') });
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
});

afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

function manifest(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const workloads = (image: string): string =>
  [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: { name: db }',
    'spec:',
    '  serviceName: db',
    '  selector: { matchLabels: { app: db } }',
    '  template:',
    '    metadata: { labels: { app: db } }',
    `    spec: { containers: [{ name: db, image: "${image}" }] }`,
    '---',
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata: { name: agent }',
    'spec:',
    '  selector: { matchLabels: { app: agent } }',
    '  template:',
    '    metadata: { labels: { app: agent } }',
    `    spec: { containers: [{ name: agent, image: "${image}" }] }`,
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: web }',
    'spec:',
    '  selector: { matchLabels: { app: web } }',
    '  template:',
    '    metadata: { labels: { app: web } }',
    `    spec: { containers: [{ name: web, image: "${image}" }] }`,
    '',
  ].join('\n');

const imageOf = (kind: string, name: string): unknown =>
  (api.object(kind, 'shop', name)?.spec?.['template'] as { spec: { containers: Array<{ image: string }> } }).spec
    .containers[0]?.image;

describe('Kubectl against the fake API server', () => {
  it('waits on a rollout held in progress until the test completes it', async () => {
    const applied = await kubectl.apply({
      file: manifest('v1.yaml', workloads('app:1')),
      namespace: 'shop',
      dryRun: false,
    });
    expect(applied.map((o) => `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`)).toEqual([
      'StatefulSet/shop/db',
      'DaemonSet/shop/agent',
      'Deployment/shop/web',
    ]);
    api.queueRollouts('Deployment', 'shop', 'web', [{ outcome: 'progressing' }]);
    await kubectl.apply({ file: manifest('v2.yaml', workloads('app:2')), namespace: 'shop', dryRun: false });
    const watchesBefore = api
      .requestsTo('GET', /\/namespaces\/shop\/deployments$/)
      .filter((r) => r.query['watch']).length;
    const waiting = kubectl.rolloutStatus('deployments.apps/web', 'shop', 60_000);
    // Completed by the test once kubectl watches the Deployment.
    for (let i = 0; i < 600; i++) {
      const watches = api.requestsTo('GET', /\/namespaces\/shop\/deployments$/).filter((r) => r.query['watch']).length;
      if (watches > watchesBefore) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    api.finishRollout('Deployment', 'shop', 'web', 'complete');
    expect(await waiting).toEqual({ ok: true, message: 'deployment "web" successfully rolled out' });
  });

  it('records the revisions of every workload kind and rolls each back to it', async () => {
    const refs = ['StatefulSet', 'DaemonSet', 'Deployment'].map((kind) => ({
      kind,
      namespace: 'shop',
      name: kind === 'StatefulSet' ? 'db' : kind === 'DaemonSet' ? 'agent' : 'web',
    }));
    const before = await recordPriorStates(kubectl, [
      ...refs,
      { kind: 'Deployment', namespace: 'shop', name: 'absent' },
    ]);
    expect([...before.entries()].map(([key, state]) => [key, state.revision])).toEqual([
      ['StatefulSet/shop/db', 2],
      ['DaemonSet/shop/agent', 2],
      ['Deployment/shop/web', 2],
    ]);
    api.queueRollouts('Deployment', 'shop', 'web', [{ outcome: 'fail', when: 'on-watch' }]);
    const applied = await kubectl.apply({
      file: manifest('v3.yaml', workloads('app:3')),
      namespace: 'shop',
      dryRun: false,
    });
    const steps = planRollout(applied, before);
    const outcomes = await waitForRollouts(kubectl, steps, { deadline: Date.now() + 60_000 });
    expect(outcomes.map((o) => [o.step.ref.name, o.status])).toEqual([
      ['db', 'succeeded'],
      ['agent', 'succeeded'],
      ['web', 'failed'],
    ]);
    const diagnosis = await diagnoseRollout(kubectl, outcomes[2]!.step);
    expect(diagnosis.pods.map((p) => p.reason)).toEqual(['ImagePullBackOff']);
    expect(diagnosis.events.map((e) => e.reason)).toContain('ScalingReplicaSet');

    const rollbacks = await rollBack(kubectl, steps);
    expect(rollbacks.map((r) => [r.step.ref.name, r.ok])).toEqual([
      ['db', true],
      ['agent', true],
      ['web', true],
    ]);
    for (const [kind, name] of [
      ['StatefulSet', 'db'],
      ['DaemonSet', 'agent'],
      ['Deployment', 'web'],
    ] as const) {
      expect(imageOf(kind, name)).toBe('app:2');
    }
  });
});
