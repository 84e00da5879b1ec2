import { describe, expect, it } from '@jest/globals';
import { FIELD_MANAGER, Kubectl } from '../../../lib/cli/kubectl.js';
import { ExecError, type exec } from '../../../lib/exec.js';

const CONNECTION = {
  kubeconfig: '/runner/temp/deploy-aks-x/kubeconfig',
  cacheDir: '/runner/temp/deploy-aks-x/kube-cache',
};

/** A run seam that records argv and answers from a script; anything unexpected fails the test. */
function fakeRun(answers: Array<{ match: (args: string[]) => boolean; stdout?: string; fail?: ExecError }>): {
  run: typeof exec;
  calls: string[][];
} {
  const calls: string[][] = [];
  const run = (async (_command: string, args: readonly string[]) => {
    calls.push([...args]);
    const answer = answers.find((a) => a.match([...args]));
    if (!answer) throw new Error(`unexpected kubectl ${args.join(' ')}`);
    if (answer.fail) throw answer.fail;
    return { exitCode: 0, stdout: answer.stdout ?? '', stderr: '', durationMs: 1 };
  }) as typeof exec;
  return { run, calls };
}

describe('Kubectl argv', () => {
  it('names the kubeconfig and a cache of its own on every run', () => {
    expect(Kubectl.connectionArgs(CONNECTION)).toEqual([
      '--kubeconfig',
      '/runner/temp/deploy-aks-x/kubeconfig',
      '--cache-dir',
      '/runner/temp/deploy-aks-x/kube-cache',
    ]);
    expect(Kubectl.connectionArgs({ kubeconfig: '/k' })).toEqual(['--kubeconfig', '/k']);
  });

  it('applies server-side, as the deploy field manager, taking conflicting fields over', () => {
    expect(Kubectl.applyArgs({ file: '/t/manifests.yaml', namespace: 'prod', dryRun: false })).toEqual([
      'apply',
      '--server-side',
      '--field-manager',
      FIELD_MANAGER,
      '--force-conflicts',
      '--filename',
      '/t/manifests.yaml',
      '--output',
      'json',
      '--namespace',
      'prod',
    ]);
    expect(FIELD_MANAGER).toBe('devsecops-deploy-aks');
    expect(Kubectl.applyArgs({ file: 'f', dryRun: true }).slice(-1)).toEqual(['--dry-run=server']);
    expect(Kubectl.applyArgs({ file: 'f', dryRun: true })).not.toContain('--namespace');
  });

  it('waits, undoes, gets and reads events with group-qualified resources', () => {
    expect(Kubectl.resource('Deployment', 'web')).toBe('deployments.apps/web');
    expect(Kubectl.resource('StatefulSet', 'db')).toBe('statefulsets.apps/db');
    expect(Kubectl.resource('Job', 'seed')).toBe('jobs.batch/seed');
    expect(() => Kubectl.resource('Widget', 'w')).toThrow('no resource name known for kind Widget');
    expect(Kubectl.rolloutStatusArgs('deployments.apps/web', 'prod', 299_001)).toEqual([
      'rollout',
      'status',
      'deployments.apps/web',
      '--namespace',
      'prod',
      '--watch=true',
      '--timeout',
      '300s',
    ]);
    expect(Kubectl.rolloutUndoArgs('statefulsets.apps/db', 'prod', 4)).toEqual([
      'rollout',
      'undo',
      'statefulsets.apps/db',
      '--namespace',
      'prod',
      '--to-revision',
      '4',
    ]);
    expect(
      Kubectl.getArgs(['deployments.apps/web', 'jobs.batch/seed'], { namespace: 'prod', ignoreNotFound: true }),
    ).toEqual([
      'get',
      'deployments.apps/web',
      'jobs.batch/seed',
      '--output',
      'json',
      '--namespace',
      'prod',
      '--ignore-not-found',
    ]);
    expect(Kubectl.eventsArgs('prod', 'web-7d9f')).toEqual([
      'get',
      'events',
      '--output',
      'json',
      '--namespace',
      'prod',
      '--field-selector',
      'involvedObject.name=web-7d9f',
      '--sort-by',
      '.lastTimestamp',
    ]);
  });
});

describe('Kubectl output parsers', () => {
  it('reads one object, a List, or nothing (--ignore-not-found)', () => {
    expect(Kubectl.parseObjects('')).toEqual([]);
    expect(Kubectl.parseObjects('{"kind":"Deployment","metadata":{"name":"a"}}')).toEqual([
      { kind: 'Deployment', metadata: { name: 'a' } },
    ]);
    expect(
      Kubectl.parseObjects(
        '{"apiVersion":"v1","kind":"List","items":[{"kind":"Service"},{"kind":"Job"}],"metadata":{}}',
      ).map((o) => o.kind),
    ).toEqual(['Service', 'Job']);
    expect(Kubectl.parseObjects('{"kind":"PodList","items":[{"kind":"Pod"}]}').map((o) => o.kind)).toEqual(['Pod']);
    expect(() => Kubectl.parseObjects('Error from server')).toThrow('kubectl printed something that is not JSON');
  });

  it('reads client and server versions', () => {
    const out = JSON.stringify({
      clientVersion: { gitVersion: 'v1.32.4-dispatcher', major: '1', minor: '32+' },
      kustomizeVersion: 'v5.5.0',
      serverVersion: { gitVersion: 'v1.32.4', major: '1', minor: '32' },
    });
    expect(Kubectl.parseVersion(out)).toEqual({ client: 'v1.32.4-dispatcher', server: 'v1.32.4' });
    expect(Kubectl.parseVersion('not json')).toEqual({});
  });
});

describe('Kubectl runs', () => {
  it('reports a failed rollout as a result with kubectl last word, and rethrows what is not a rollout failure', async () => {
    const failure = new ExecError(
      'kubectl exited with code 1',
      'kubectl',
      1,
      'Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated...\nerror: deployment "web" exceeded its progress deadline',
      false,
    );
    const { run, calls } = fakeRun([
      { match: (a) => a.includes('deployments.apps/web'), fail: failure },
      { match: (a) => a.includes('deployments.apps/api'), stdout: 'deployment "api" successfully rolled out\n' },
      {
        match: (a) => a.includes('deployments.apps/hung'),
        fail: new ExecError('kubectl timed out', 'kubectl', undefined, '', true),
      },
    ]);
    let refreshed = 0;
    const kubectl = new Kubectl('/usr/bin/kubectl', CONNECTION, run, async () => {
      refreshed++;
    });
    expect(await kubectl.rolloutStatus('deployments.apps/web', 'prod', 60_000)).toEqual({
      ok: false,
      message: 'deployment "web" exceeded its progress deadline',
    });
    expect(await kubectl.rolloutStatus('deployments.apps/api', 'prod', 60_000)).toEqual({
      ok: true,
      message: 'deployment "api" successfully rolled out',
    });
    await expect(kubectl.rolloutStatus('deployments.apps/hung', 'prod', 60_000)).rejects.toThrow('timed out');
    // The token is refreshed before every run that reaches the cluster; every run names the kubeconfig.
    expect(refreshed).toBe(3);
    for (const call of calls) expect(call.slice(0, 4)).toEqual(Kubectl.connectionArgs(CONNECTION));
  });

  it('memoises the version', async () => {
    const { run, calls } = fakeRun([
      { match: (a) => a.includes('version'), stdout: '{"serverVersion":{"gitVersion":"v1.33.1"}}' },
    ]);
    const kubectl = new Kubectl('kubectl', CONNECTION, run);
    expect(await kubectl.version()).toEqual({ server: 'v1.33.1' });
    expect(await kubectl.version()).toEqual({ server: 'v1.33.1' });
    expect(calls).toHaveLength(1);
  });
});
