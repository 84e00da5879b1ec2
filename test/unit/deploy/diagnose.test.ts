import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../lib/cli/kubectl.js';
import {
  diagnosisLines,
  eventLines,
  formatEvent,
  formatPodProblem,
  podProblems,
} from '../../../lib/deploy/diagnose.js';

function pod(name: string, status: Record<string, unknown>): KubeObject {
  return { kind: 'Pod', metadata: { name }, status };
}

describe('podProblems: what keeps the pods from running', () => {
  it('names waiting and crashed containers, with the last exit of a crash loop', () => {
    const problems = podProblems([
      pod('web-1', {
        containerStatuses: [
          {
            name: 'web',
            restartCount: 0,
            state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' } },
          },
          { name: 'sidecar', restartCount: 0, state: { running: {} }, ready: true },
        ],
      }),
      pod('web-2', {
        initContainerStatuses: [
          {
            name: 'migrate',
            restartCount: 5,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container' } },
            lastState: { terminated: { reason: 'Error', exitCode: 1 } },
          },
        ],
        containerStatuses: [{ name: 'web', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
      }),
      pod('web-3', {
        containerStatuses: [
          { name: 'web', restartCount: 1, state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } },
        ],
      }),
      pod('web-4', {
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/3 nodes are available: 3 Insufficient cpu.',
          },
        ],
      }),
      pod('web-5', {
        containerStatuses: [{ name: 'web', restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
      }),
    ]);
    expect(problems.map(formatPodProblem)).toEqual([
      'pod web-1, container web: ImagePullBackOff: Back-off pulling image "x"',
      'pod web-2, init container migrate: CrashLoopBackOff: back-off 2m40s restarting failed container; last exit: Error (exit code 1) (restarted 5 times)',
      'pod web-3, container web: OOMKilled (exit code 137) (restarted 1 times)',
      'pod web-4: Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.',
    ]);
  });
});

describe('eventLines', () => {
  it('orders events by when they last happened, whatever their API version wrote', () => {
    const lines = eventLines([
      {
        kind: 'Event',
        type: 'Warning',
        reason: 'Failed',
        message: 'Failed to pull image "x": not found',
        count: 3,
        lastTimestamp: '2026-01-01T10:02:00Z',
        involvedObject: { kind: 'Pod', name: 'web-1' },
      },
      {
        kind: 'Event',
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: 'Scaled up replica set web-7d9f to 2',
        eventTime: '2026-01-01T10:00:00.000000Z',
        involvedObject: { kind: 'Deployment', name: 'web' },
      },
      {
        kind: 'Event',
        type: 'Warning',
        reason: 'FailedCreate',
        message: 'pods "web-7d9f-" is forbidden: violates PodSecurity "restricted:latest"',
        series: { count: 4, lastObservedTime: '2026-01-01T10:01:00.000000Z' },
        involvedObject: { kind: 'ReplicaSet', name: 'web-7d9f' },
      },
    ]);
    expect(lines.map(formatEvent)).toEqual([
      '2026-01-01T10:00:00.000000Z Normal ScalingReplicaSet Deployment/web: Scaled up replica set web-7d9f to 2',
      '2026-01-01T10:01:00.000000Z Warning FailedCreate ReplicaSet/web-7d9f: pods "web-7d9f-" is forbidden: violates PodSecurity "restricted:latest" (x4)',
      '2026-01-01T10:02:00Z Warning Failed Pod/web-1: Failed to pull image "x": not found (x3)',
    ]);
  });

  it('writes the explanation of a failed rollout as log lines', () => {
    const step = {
      ref: { kind: 'Deployment', namespace: 'prod', name: 'web' },
      wait: 'rollout-status' as const,
      existed: true,
    };
    expect(diagnosisLines(step, 'deployment "web" exceeded its progress deadline', { pods: [], events: [] })).toEqual([
      'Deployment prod/web: deployment "web" exceeded its progress deadline',
      '  no events were found about it',
    ]);
  });
});
