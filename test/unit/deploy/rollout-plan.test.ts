import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../lib/cli/kubectl.js';
import { planRollout, priorStates, selectorOf, workloadKey } from '../../../lib/deploy/rollout-plan.js';

function object(
  kind: string,
  name: string,
  extra: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: 'prod', uid: `uid-${name}`, ...metadata },
    ...extra,
  };
}

const selector = { selector: { matchLabels: { app: 'web' } } };

describe('priorStates: the revisions before apply', () => {
  it("reads a Deployment's revision annotation and a StatefulSet's or DaemonSet's newest ControllerRevision", () => {
    const revisions: KubeObject[] = [
      {
        kind: 'ControllerRevision',
        metadata: { name: 'db-1', ownerReferences: [{ uid: 'uid-db', controller: true }] },
        revision: 3,
      },
      {
        kind: 'ControllerRevision',
        metadata: { name: 'db-2', ownerReferences: [{ uid: 'uid-db', controller: true }] },
        revision: 5,
      },
      {
        kind: 'ControllerRevision',
        metadata: { name: 'other', ownerReferences: [{ uid: 'uid-x', controller: true }] },
        revision: 9,
      },
      {
        kind: 'ControllerRevision',
        metadata: { name: 'agent-1', ownerReferences: [{ uid: 'uid-agent', controller: true }] },
        revision: 2,
      },
    ];
    const states = priorStates(
      [
        object('Deployment', 'web', {}, { annotations: { 'deployment.kubernetes.io/revision': '7' } }),
        object('StatefulSet', 'db'),
        object('DaemonSet', 'agent'),
        object('Deployment', 'fresh'),
      ],
      revisions,
    );
    expect(Object.fromEntries(states)).toEqual({
      'Deployment/prod/web': { uid: 'uid-web', revision: 7 },
      'StatefulSet/prod/db': { uid: 'uid-db', revision: 5 },
      'DaemonSet/prod/agent': { uid: 'uid-agent', revision: 2 },
      'Deployment/prod/fresh': { uid: 'uid-fresh' },
    });
  });
});

describe('planRollout', () => {
  const before = new Map([
    [workloadKey({ kind: 'Deployment', namespace: 'prod', name: 'web' }), { uid: 'uid-web', revision: 7 }],
    [workloadKey({ kind: 'StatefulSet', namespace: 'prod', name: 'db' }), { uid: 'uid-db', revision: 5 }],
    [workloadKey({ kind: 'DaemonSet', namespace: 'prod', name: 'agent' }), { uid: 'uid-agent', revision: 2 }],
    [workloadKey({ kind: 'Job', namespace: 'prod', name: 'seed' }), { uid: 'uid-seed' }],
  ]);

  it('waits for rollouts and Jobs, rolls back what existed before to its recorded revision', () => {
    const steps = planRollout(
      [
        object('Deployment', 'web', { spec: selector }),
        object('StatefulSet', 'db', { spec: { selector: { matchLabels: { app: 'db' } } } }),
        object('DaemonSet', 'agent', { spec: { updateStrategy: { type: 'RollingUpdate' } } }),
        object('Deployment', 'new', { spec: selector }),
        object('Job', 'seed'),
        object('CronJob', 'report'),
        object('Service', 'web'),
        { kind: 'Namespace', metadata: { name: 'prod' } },
      ],
      before,
    );
    expect(steps.map((s) => [workloadKey(s.ref), s.wait, s.rollbackTo, s.existed, s.podSelector])).toEqual([
      ['Deployment/prod/web', 'rollout-status', 7, true, 'app=web'],
      ['StatefulSet/prod/db', 'rollout-status', 5, true, 'app=db'],
      ['DaemonSet/prod/agent', 'rollout-status', 2, true, undefined],
      ['Deployment/prod/new', 'rollout-status', undefined, false, 'app=web'],
      // A Job is waited for and never rolled back.
      ['Job/prod/seed', 'job-complete', undefined, true, undefined],
    ]);
  });

  it('does not wait for a paused Deployment or an OnDelete StatefulSet or DaemonSet, and says why', () => {
    const steps = planRollout(
      [
        object('Deployment', 'web', { spec: { paused: true } }),
        object('StatefulSet', 'db', { spec: { updateStrategy: { type: 'OnDelete' } } }),
        object('DaemonSet', 'agent', { spec: { updateStrategy: { type: 'OnDelete' } } }),
      ],
      before,
    );
    expect(steps.map((s) => [s.wait, s.noWaitReason, s.rollbackTo])).toEqual([
      ['none', 'the Deployment is paused', 7],
      ['none', 'its update strategy is OnDelete: pods change only when they are deleted', 5],
      ['none', 'its update strategy is OnDelete: pods change only when they are deleted', 2],
    ]);
  });

  it('turns label selectors into kubectl selectors', () => {
    expect(
      selectorOf({
        matchLabels: { app: 'web', tier: 'front' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'staging'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'zone', operator: 'NotIn', values: ['a'] },
          { key: 'team', operator: 'Exists' },
        ],
      }),
    ).toBe('app=web,tier=front,env in (prod,staging),!canary,zone notin (a),team');
    expect(selectorOf(undefined)).toBeUndefined();
  });
});
