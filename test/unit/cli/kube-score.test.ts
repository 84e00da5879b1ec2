import { describe, expect, it } from '@jest/globals';
import { DEFAULT_KUBERNETES_VERSION, KubeScore } from '../../../lib/cli/kube-score.js';
import type { exec, ExecOptions, ExecResult } from '../../../lib/exec.js';
import { OperationError } from '../../../lib/runtime/errors.js';

/** An exec seam that records calls and answers from a table; anything unexpected throws. */
function fakeExec(answers: Record<string, Partial<ExecResult>>): {
  run: typeof exec;
  calls: Array<{ args: readonly string[]; options: ExecOptions }>;
} {
  const calls: Array<{ args: readonly string[]; options: ExecOptions }> = [];
  const run = (async (_command: string, args: readonly string[], options: ExecOptions) => {
    calls.push({ args, options });
    const answer = answers[args[0] ?? ''];
    if (!answer) throw new Error(`unexpected argv ${JSON.stringify(args)}`);
    return { exitCode: 0, stdout: '', stderr: '', durationMs: 1, ...answer };
  }) as typeof exec;
  return { run, calls };
}

describe('KubeScore argv', () => {
  it('scores every file in one run, JSON on stdout, checked against the given Kubernetes version', () => {
    expect(
      KubeScore.scoreArgs({
        kubernetesVersion: 'v1.31',
        ignoreTests: ['pod-networkpolicy', 'container-image-tag'],
        optionalTests: ['container-seccomp-profile'],
        files: ['/ws/k8s/app.yaml', '/ws/k8s/-odd-name.yaml'],
      }),
    ).toEqual([
      'score',
      '--output-format',
      'json',
      '--kubernetes-version',
      'v1.31',
      '--ignore-test',
      'pod-networkpolicy',
      '--ignore-test',
      'container-image-tag',
      '--enable-optional-test',
      'container-seccomp-profile',
      '--',
      '/ws/k8s/app.yaml',
      '/ws/k8s/-odd-name.yaml',
    ]);
  });

  it('defaults to a supported Kubernetes minor, and passes major.minor only (kube-score refuses a patch level)', () => {
    expect(DEFAULT_KUBERNETES_VERSION).toBe('v1.33');
    expect(KubeScore.scoreArgs({ files: ['a.yaml'] })).toEqual([
      'score',
      '--output-format',
      'json',
      '--kubernetes-version',
      'v1.33',
      '--',
      'a.yaml',
    ]);
    expect(KubeScore.kubernetesVersionArg('1.30')).toBe('v1.30');
    expect(KubeScore.kubernetesVersionArg('v1.32.4')).toBe('v1.32');
    expect(() => KubeScore.kubernetesVersionArg('latest')).toThrow(OperationError);
  });
});

describe('KubeScore version', () => {
  it('reads the version line and runs `kube-score version` once', async () => {
    const { run, calls } = fakeExec({
      version: { stdout: 'kube-score version: 1.20.0, commit: 3b5a2e1, built: 2025-03-01T10:00:00Z\n' },
    });
    const ks = new KubeScore('/tools/kube-score', run);
    expect(await ks.version()).toBe('1.20.0');
    expect(await ks.version()).toBe('1.20.0');
    expect(calls.map((c) => c.args)).toEqual([['version']]);
    expect(calls[0]!.options.timeoutMs).toBeGreaterThan(0);
  });

  it('understands development builds and unknown output', () => {
    expect(KubeScore.parseVersion('kube-score version: development, commit: N/A, built: N/A')).toBe('development');
    expect(KubeScore.parseVersion('kube-score version: v1.19.0, commit: x')).toBe('1.19.0');
    expect(KubeScore.parseVersion('something else')).toBe('unknown');
  });
});

describe('KubeScore score', () => {
  const options = { files: ['/ws/app.yaml'], timeoutMs: 60_000 };

  it('accepts exit code 1 (a critical check) with a report, and never echoes the JSON', async () => {
    const { run, calls } = fakeExec({ score: { exitCode: 1, stdout: '[]' } });
    expect(await new KubeScore('ks', run).score(options)).toBe('[]');
    expect(calls[0]!.options).toMatchObject({ okExitCodes: [0, 1], echoStdout: false, timeoutMs: 60_000 });
  });

  it('accepts `null`, kube-score’s report when nothing in the input is scored', async () => {
    const { run } = fakeExec({ score: { stdout: 'null\n' } });
    expect(await new KubeScore('ks', run).score(options)).toBe('null\n');
  });

  it('fails on exit code 1 without a report (kube-score could not read its input), with the end of stderr', async () => {
    const { run } = fakeExec({
      score: {
        exitCode: 1,
        stdout: '',
        stderr: 'parsing...\nFailed to score files: yaml: line 3: mapping values are not allowed\n',
      },
    });
    await expect(new KubeScore('ks', run).score(options)).rejects.toThrow(
      'kube-score exited with code 1 without a JSON report; last lines of stderr:\nparsing...\nFailed to score files: yaml: line 3: mapping values are not allowed',
    );
  });

  it('refuses to run without files', async () => {
    const { run, calls } = fakeExec({});
    await expect(new KubeScore('ks', run).score({ files: [], timeoutMs: 1000 })).rejects.toThrow('no manifest files');
    expect(calls).toEqual([]);
  });
});
