import { exec, ExecError } from '../exec.js';
import { parseImageReference } from '../oci/reference.js';
import { OperationError } from '../runtime/errors.js';
import { ZAP_WORK_DIR } from './zap-plan.js';
import { parseZapReport, type ZapReport } from './zap-report.js';

/*
 * ZAP runs as its official container image, pinned by digest, with the
 * Automation Framework: `zap.sh -cmd -autorun /zap/wrk/plan.yaml`
 * (https://www.zaproxy.org/docs/desktop/addons/automation-framework/).
 *
 * Default image: ghcr.io/zaproxy/zaproxy `stable` = ZAP 2.17.0, the
 * multi-platform index digest below. Not published by ZAP as a list, so it
 * was read from public repositories that pin it, found with a code search of
 * public GitHub files:
 *   1. a Dockerfile of a "dastgate" scanner image:
 *      `FROM ghcr.io/zaproxy/zaproxy:stable@sha256:781a2bda…81ef`, commented
 *      "the multi-arch manifest list for the :stable tag";
 *   2. a TypeScript live-scan module: `ZAP_IMAGE = "ghcr.io/zaproxy/zaproxy@sha256:781a2bda…81ef"`,
 *      commented "OWASP ZAP 2.17.0 (the `stable` tag), pinned by its multi-platform digest";
 *   and, confirming they agree with Docker Hub's copy of the same index, a
 *   staging scan script running `zaproxy/zap-stable@sha256:781a2bda…81ef`.
 * Update it with the digest of a newer stable index (`docker buildx
 * imagetools inspect ghcr.io/zaproxy/zaproxy:stable`), never a tag.
 */
export const DEFAULT_ZAP_IMAGE =
  'ghcr.io/zaproxy/zaproxy@sha256:781a2bdaea47324e7bab583e2263f21d257b0aee61ed51521a5be45f5f5081ef';
export const DEFAULT_ZAP_VERSION = '2.17.0';

/**
 * ZAP's home inside the container. The image's HOME (/home/zap) belongs to
 * uid 1000; ZAP runs as the runner's uid, so it gets a home it can create.
 */
const ZAP_HOME = '/tmp/zap-home';

export interface ZapMount {
  /** A file or directory on the runner. */
  readonly host: string;
  /** Where the container sees it. */
  readonly container: string;
}

export interface ZapDockerOptions {
  /** The ZAP image, pinned by digest. */
  readonly image: string;
  /** The output directory on the runner: the only mount ZAP may write to, at /zap/wrk. */
  readonly workDir: string;
  /** Files ZAP reads (the plan, an API definition), mounted read-only. */
  readonly readOnly: readonly ZapMount[];
  /** The plan's path inside the container. */
  readonly plan: string;
  /** Run as this uid:gid (the runner's), so ZAP writes files the runner owns without a world-writable directory. */
  readonly user?: { readonly uid: number; readonly gid: number };
  /** Environment variables passed by name only: docker reads their values from its own environment. */
  readonly environment?: readonly string[];
  /** A unique container name, so a run that outlives its timeout can be removed. */
  readonly containerName: string;
}

/** ZAP in Docker: argv built as arrays, the Docker engine's version memoised, the pure report parser. */
export class Zap {
  private dockerVersionPromise?: Promise<string>;

  constructor(
    readonly dockerPath: string = 'docker',
    private readonly run: typeof exec = exec,
  ) {}

  static parseReport(text: string | unknown): ZapReport {
    return parseZapReport(text);
  }

  /**
   * `docker run` of one plan. Host networking lets ZAP reach an application
   * on the runner's localhost; no capability and no privilege escalation is
   * granted; `--init` passes signals on to ZAP.
   */
  static dockerArgs(o: ZapDockerOptions): string[] {
    if (!parseImageReference(o.image).digest) {
      throw new OperationError(`the ZAP image must be pinned by digest; got '${o.image}'`);
    }
    const mounts = [
      { host: o.workDir, container: ZAP_WORK_DIR, mode: 'rw' },
      ...o.readOnly.map((m) => ({ ...m, mode: 'ro' })),
    ];
    const args = ['run', '--rm', '--name', o.containerName, '--init', '--network', 'host'];
    if (o.user) args.push('--user', `${o.user.uid}:${o.user.gid}`);
    args.push('--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--env', `HOME=${ZAP_HOME}`);
    for (const m of mounts) {
      if (m.host.includes(':') || m.host.includes(',')) {
        throw new OperationError(
          `cannot mount '${m.host}' into the ZAP container: docker -v paths cannot contain ':' or ','`,
        );
      }
      args.push('-v', `${m.host}:${m.container}:${m.mode}`);
    }
    for (const name of o.environment ?? []) args.push('--env', name);
    args.push(o.image, 'zap.sh', '-cmd', '-silent', '-dir', ZAP_HOME, '-autorun', o.plan);
    return args;
  }

  /** The Docker engine's version; fails with a clear message when Docker is missing or not running. */
  dockerVersion(): Promise<string> {
    this.dockerVersionPromise ??= this.run(this.dockerPath, ['version', '--format', '{{.Server.Version}}'], {
      timeoutMs: 60_000,
      echoStdout: false,
    })
      .then((r) => r.stdout.trim() || 'unknown')
      .catch((error: Error) => {
        throw new OperationError(
          `scanner 'zap' runs ZAP in a container and needs a running Docker engine on the runner (a Linux runner): ${error.message}`,
        );
      });
    return this.dockerVersionPromise;
  }

  /** Pulls the image unless it is already on the runner (air-gapped runners can pre-load it). */
  async ensureImage(image: string, timeoutMs: number): Promise<'present' | 'pulled'> {
    const inspect = await this.run(this.dockerPath, ['image', 'inspect', '--format', '{{.Id}}', image], {
      timeoutMs: 60_000,
      echoStdout: false,
      echoStderr: false,
      okExitCodes: [0, 1],
    });
    if (inspect.exitCode === 0) return 'present';
    try {
      await this.run(this.dockerPath, ['pull', '--quiet', image], { timeoutMs });
    } catch (error) {
      throw new OperationError(`could not pull the ZAP image ${image}: ${(error as Error).message}`);
    }
    return 'pulled';
  }

  /**
   * Runs the plan. Exit code 2 (the plan reported warnings) is not a failure;
   * 1 (errors) is. A run that outlives its timeout is killed and its
   * container removed, since killing the docker client alone leaves it running.
   */
  async scan(o: ZapDockerOptions, timeoutMs: number): Promise<{ exitCode: number }> {
    try {
      const result = await this.run(this.dockerPath, Zap.dockerArgs(o), { timeoutMs, okExitCodes: [0, 2] });
      return { exitCode: result.exitCode };
    } catch (error) {
      if (error instanceof ExecError && error.timedOut) {
        await this.run(this.dockerPath, ['rm', '--force', o.containerName], {
          timeoutMs: 60_000,
          echoStdout: false,
        }).catch(() => undefined);
        throw new OperationError(
          `ZAP did not finish within ${Math.round(timeoutMs / 60_000)} minutes and was stopped (container ${o.containerName} removed)`,
        );
      }
      if (error instanceof ExecError && error.exitCode === 1) {
        throw new OperationError(
          `ZAP reported errors while running the plan (exit code 1); the job log above shows which job failed${error.stderrTail ? `; last lines of stderr:\n${error.stderrTail}` : ''}`,
        );
      }
      throw error;
    }
  }
}
