import { describe, expect, it } from '@jest/globals';
import { ExecError, type ExecOptions, type ExecResult } from '../../../lib/exec.js';
import { DEFAULT_ZAP_IMAGE, Zap, type ZapDockerOptions } from '../../../lib/cli/zap.js';
import { OperationError } from '../../../lib/runtime/errors.js';

const IMAGE = `ghcr.io/zaproxy/zaproxy@sha256:${'a'.repeat(64)}`;
const base: ZapDockerOptions = {
  image: IMAGE,
  workDir: '/runner/_temp/devsecops-scan/zap-app/zap-wrk',
  readOnly: [
    { host: '/runner/_temp/devsecops-scan/zap-app/zap-wrk/plan.yaml', container: '/zap/wrk/plan.yaml' },
    {
      host: '/runner/_temp/devsecops-scan/zap-app/zap-wrk/api-definition.json',
      container: '/zap/wrk/api-definition.json',
    },
  ],
  plan: '/zap/wrk/plan.yaml',
  user: { uid: 1001, gid: 118 },
  environment: ['APP_PASSWORD'],
  containerName: 'devsecops-zap-0123456789ab',
};

interface Call {
  command: string;
  args: readonly string[];
  options: ExecOptions;
}

/** A stand-in for lib/exec: every call recorded, answered by `answer`. */
function fakeRun(answer: (args: readonly string[]) => ExecResult | Error): {
  run: (command: string, args: readonly string[], options: ExecOptions) => Promise<ExecResult>;
  calls: Call[];
} {
  const calls: Call[] = [];
  return {
    calls,
    run: async (command, args, options) => {
      calls.push({ command, args, options });
      const result = answer(args);
      if (result instanceof Error) throw result;
      return result;
    },
  };
}
const ok = (stdout = '', exitCode = 0): ExecResult => ({ exitCode, stdout, stderr: '', durationMs: 1 });

describe('Zap.dockerArgs', () => {
  it('runs the image by digest on the host network as the runner, writable only in the output directory', () => {
    expect(Zap.dockerArgs(base)).toEqual([
      'run',
      '--rm',
      '--name',
      'devsecops-zap-0123456789ab',
      '--init',
      '--network',
      'host',
      '--user',
      '1001:118',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '--env',
      'HOME=/tmp/zap-home',
      '-v',
      '/runner/_temp/devsecops-scan/zap-app/zap-wrk:/zap/wrk:rw',
      '-v',
      '/runner/_temp/devsecops-scan/zap-app/zap-wrk/plan.yaml:/zap/wrk/plan.yaml:ro',
      '-v',
      '/runner/_temp/devsecops-scan/zap-app/zap-wrk/api-definition.json:/zap/wrk/api-definition.json:ro',
      '--env',
      'APP_PASSWORD',
      IMAGE,
      'zap.sh',
      '-cmd',
      '-silent',
      '-dir',
      '/tmp/zap-home',
      '-autorun',
      '/zap/wrk/plan.yaml',
    ]);
  });

  it('never grants privileges, and mounts nothing else writable', () => {
    const args = Zap.dockerArgs(base);
    expect(args).not.toContain('--privileged');
    const mounts = args.filter((_, i) => args[i - 1] === '-v');
    expect(mounts.filter((m) => m.endsWith(':rw'))).toEqual([
      '/runner/_temp/devsecops-scan/zap-app/zap-wrk:/zap/wrk:rw',
    ]);
    expect(mounts.filter((m) => !m.endsWith(':rw')).every((m) => m.endsWith(':ro'))).toBe(true);
  });

  it('leaves the user to the image where the platform has no uid', () => {
    const { user: _user, ...rest } = base;
    expect(Zap.dockerArgs(rest)).not.toContain('--user');
  });

  it('refuses an image that is not pinned by digest, and paths docker -v cannot mount', () => {
    expect(() => Zap.dockerArgs({ ...base, image: 'ghcr.io/zaproxy/zaproxy:stable' })).toThrow('pinned by digest');
    expect(() => Zap.dockerArgs({ ...base, workDir: '/tmp/a:b' })).toThrow("cannot contain ':'");
  });

  it('has a default image pinned by digest', () => {
    expect(DEFAULT_ZAP_IMAGE).toMatch(/^ghcr\.io\/zaproxy\/zaproxy@sha256:[0-9a-f]{64}$/);
    expect(Zap.dockerArgs({ ...base, image: DEFAULT_ZAP_IMAGE })).toContain(DEFAULT_ZAP_IMAGE);
  });
});

describe('Zap with docker', () => {
  it('asks Docker for its version once, with a timeout', async () => {
    const fake = fakeRun(() => ok('27.3.1\n'));
    const zap = new Zap('docker', fake.run);
    expect(await zap.dockerVersion()).toBe('27.3.1');
    expect(await zap.dockerVersion()).toBe('27.3.1');
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.args).toEqual(['version', '--format', '{{.Server.Version}}']);
    expect(fake.calls[0]!.options.timeoutMs).toBeGreaterThan(0);
  });

  it('says that ZAP needs Docker when docker cannot run', async () => {
    const fake = fakeRun(() => new ExecError('docker could not be started: not found', 'docker', undefined, '', false));
    await expect(new Zap('docker', fake.run).dockerVersion()).rejects.toThrow(
      "scanner 'zap' runs ZAP in a container and needs a running Docker engine on the runner (a Linux runner): docker could not be started: not found",
    );
  });

  it('pulls the image only when the runner does not have it', async () => {
    const present = fakeRun(() => ok('sha256:1\n'));
    expect(await new Zap('docker', present.run).ensureImage(IMAGE, 1000)).toBe('present');
    expect(present.calls.map((c) => c.args[0])).toEqual(['image']);

    const missing = fakeRun((args) => (args[0] === 'image' ? ok('', 1) : ok()));
    expect(await new Zap('docker', missing.run).ensureImage(IMAGE, 1000)).toBe('pulled');
    expect(missing.calls.map((c) => c.args)).toEqual([
      ['image', 'inspect', '--format', '{{.Id}}', IMAGE],
      ['pull', '--quiet', IMAGE],
    ]);
    expect(missing.calls[1]!.options.timeoutMs).toBe(1000);
  });

  it('runs the plan with a timeout and accepts exit code 2 (warnings)', async () => {
    const fake = fakeRun(() => ok('', 2));
    expect(await new Zap('docker', fake.run).scan(base, 1_800_000)).toEqual({ exitCode: 2 });
    expect(fake.calls[0]!.args).toEqual(Zap.dockerArgs(base));
    expect(fake.calls[0]!.options).toMatchObject({ timeoutMs: 1_800_000, okExitCodes: [0, 2] });
  });

  it('removes the container of a run that timed out', async () => {
    const fake = fakeRun((args) =>
      args[0] === 'run' ? new ExecError('docker timed out after 1800s', 'docker', undefined, '', true) : ok(),
    );
    const error = await new Zap('docker', fake.run).scan(base, 1_800_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationError);
    expect((error as Error).message).toBe(
      'ZAP did not finish within 30 minutes and was stopped (container devsecops-zap-0123456789ab removed)',
    );
    expect(fake.calls.map((c) => c.args)).toEqual([
      Zap.dockerArgs(base),
      ['rm', '--force', 'devsecops-zap-0123456789ab'],
    ]);
  });

  it('fails clearly when the plan reported errors (exit code 1)', async () => {
    const fake = fakeRun(() => new ExecError('docker exited with code 1', 'docker', 1, 'Job spider failed', false));
    await expect(new Zap('docker', fake.run).scan(base, 60_000)).rejects.toThrow(
      'ZAP reported errors while running the plan (exit code 1)',
    );
  });
});
