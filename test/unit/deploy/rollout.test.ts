import { describe, expect, it } from '@jest/globals';
import { Kubectl } from '../../../lib/cli/kubectl.js';
import { jobVerdict, rollBack, waitForRollouts } from '../../../lib/deploy/rollout.js';
import type { RolloutStep } from '../../../lib/deploy/rollout-plan.js';
import { ExecError, type exec } from '../../../lib/exec.js';

function step(kind: string, name: string, extra: Partial<RolloutStep> = {}): RolloutStep {
  return {
    ref: { kind, namespace: 'prod', name },
    wait: kind === 'Job' ? 'job-complete' : 'rollout-status',
    existed: true,
    ...extra,
  };
}

/** A kubectl whose runs are answered by `answer`; the argv of each run is recorded. */
function kubectlAnswering(answer: (args: string[]) => { stdout?: string; fail?: Error }): {
  kubectl: Kubectl;
  calls: string[][];
} {
  const calls: string[][] = [];
  const run = (async (_c: string, argv: readonly string[]) => {
    const args = argv.slice(2);
    calls.push(args);
    const a = answer(args);
    if (a.fail) throw a.fail;
    return { exitCode: 0, stdout: a.stdout ?? '', stderr: '', durationMs: 1 };
  }) as typeof exec;
  return { kubectl: new Kubectl('kubectl', { kubeconfig: '/k' }, run), calls };
}

describe('waitForRollouts', () => {
  it('waits for every workload under one deadline and reports each outcome', async () => {
    let jobPolls = 0;
    const { kubectl, calls } = kubectlAnswering((args) => {
      if (args[0] === 'rollout' && args[2] === 'deployments.apps/web')
        return { stdout: 'deployment "web" successfully rolled out\n' };
      if (args[0] === 'rollout' && args[2] === 'statefulsets.apps/db') {
        return {
          fail: new ExecError(
            'kubectl exited with code 1',
            'kubectl',
            1,
            'error: timed out waiting for the condition',
            false,
          ),
        };
      }
      if (args[0] === 'get' && args[1] === 'jobs.batch/seed') {
        jobPolls++;
        const conditions = jobPolls < 3 ? [] : [{ type: 'Complete', status: 'True' }];
        return { stdout: JSON.stringify({ kind: 'Job', metadata: { name: 'seed' }, status: { conditions } }) };
      }
      throw new Error(`unexpected ${args.join(' ')}`);
    });
    const outcomes = await waitForRollouts(
      kubectl,
      [
        step('Deployment', 'web'),
        step('StatefulSet', 'db'),
        step('Job', 'seed'),
        step('DaemonSet', 'agent', { wait: 'none', noWaitReason: 'OnDelete' }),
      ],
      { deadline: Date.now() + 60_000, jobPollMs: 1 },
    );
    expect(outcomes.map((o) => [o.step.ref.name, o.status, o.message])).toEqual([
      ['web', 'succeeded', 'deployment "web" successfully rolled out'],
      ['db', 'failed', 'timed out waiting for the condition'],
      ['seed', 'succeeded', 'job "seed" completed'],
      ['agent', 'not-waited', 'OnDelete'],
    ]);
    // kubectl gets the time that is left, never more than the timeout.
    const timeout = calls.find((c) => c[2] === 'deployments.apps/web')?.at(-1) ?? '';
    expect(Number(timeout.replace(/s$/, ''))).toBeLessThanOrEqual(60);
    expect(jobPolls).toBe(3);
  });

  it('fails a wait whose time is already over without asking the cluster', async () => {
    const { kubectl, calls } = kubectlAnswering(() => ({ fail: new Error('must not run') }));
    const outcomes = await waitForRollouts(kubectl, [step('Deployment', 'web')], { deadline: Date.now() - 1 });
    expect(outcomes[0]?.status).toBe('failed');
    expect(calls).toEqual([]);
  });

  it("reads a Job's verdict from its conditions", () => {
    expect(
      jobVerdict({ metadata: { name: 'j' }, status: { conditions: [{ type: 'Complete', status: 'True' }] } }),
    ).toEqual({
      status: 'succeeded',
      message: 'job "j" completed',
    });
    expect(
      jobVerdict({
        metadata: { name: 'j' },
        status: {
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
            },
          ],
        },
      }),
    ).toEqual({
      status: 'failed',
      message: 'job "j" failed: BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
    expect(jobVerdict({ metadata: { name: 'j' }, status: { active: 1 } })).toBeUndefined();
    expect(jobVerdict(undefined)).toBeUndefined();
  });
});

describe('rollBack', () => {
  it('undoes to the recorded revision only what existed before, and reports a failed undo', async () => {
    const { kubectl, calls } = kubectlAnswering((args) => {
      if (args[2] === 'deployments.apps/web') return { stdout: 'deployment.apps/web rolled back\n' };
      return {
        fail: new ExecError(
          'kubectl exited with code 1; last lines of stderr:\nerror: unable to find specified revision 5 in history',
          'kubectl',
          1,
          '',
          false,
        ),
      };
    });
    const outcomes = await rollBack(kubectl, [
      step('Deployment', 'web', { rollbackTo: 7 }),
      step('Deployment', 'new', { existed: false }),
      step('StatefulSet', 'db', { rollbackTo: 5 }),
    ]);
    expect(calls).toEqual([
      ['rollout', 'undo', 'deployments.apps/web', '--namespace', 'prod', '--to-revision', '7'],
      ['rollout', 'undo', 'statefulsets.apps/db', '--namespace', 'prod', '--to-revision', '5'],
    ]);
    expect(outcomes.map((o) => [o.step.ref.name, o.ok, o.message])).toEqual([
      ['web', true, 'deployment.apps/web rolled back'],
      ['db', false, 'unable to find specified revision 5 in history'],
    ]);
  });
});

describe('rollBack waits for the previous revision', () => {
  it('reports a rollback whose previous revision does not become ready as failed', async () => {
    const { kubectl, calls } = kubectlAnswering((args) => {
      if (args[1] === 'undo') return { stdout: `${args[2]} rolled back\n` };
      if (args[2] === 'deployments.apps/web') return { stdout: 'deployment "web" successfully rolled out\n' };
      return {
        fail: new ExecError(
          'kubectl exited with code 1',
          'kubectl',
          1,
          'error: timed out waiting for the condition',
          false,
        ),
      };
    });
    const outcomes = await rollBack(
      kubectl,
      [step('Deployment', 'web', { rollbackTo: 3 }), step('Deployment', 'api', { rollbackTo: 2 })],
      60_000,
    );
    expect(calls.map((c) => c.slice(0, 3))).toEqual([
      ['rollout', 'undo', 'deployments.apps/web'],
      ['rollout', 'status', 'deployments.apps/web'],
      ['rollout', 'undo', 'deployments.apps/api'],
      ['rollout', 'status', 'deployments.apps/api'],
    ]);
    expect(outcomes.map((o) => [o.step.ref.name, o.ok])).toEqual([
      ['web', true],
      ['api', false],
    ]);
    expect(outcomes[1]?.message).toContain('revision 2 did not become ready: timed out waiting for the condition');
  });
});
