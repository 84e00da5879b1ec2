import { exec } from '../exec.js';
import { OperationError } from '../runtime/errors.js';
import { redactSecrets } from '../runtime/secrets.js';
import { parseKubeScoreReport, type KubeScoreParseOptions, type KubeScoreReport } from './kube-score-report.js';

/**
 * The Kubernetes version kube-score checks against when the step does not say
 * (`kubernetes-version`). kube-score's own default is v1.18, long out of
 * support; v1.33 is a minor that upstream Kubernetes and AKS support at the
 * time of pinning kube-score 1.20. Move it on with the pinned kube-score.
 */
export const DEFAULT_KUBERNETES_VERSION = 'v1.33';

export interface KubeScoreScoreOptions {
  /** `v1.33`, `1.33` or `1.33.2`; kube-score takes major and minor only. Default DEFAULT_KUBERNETES_VERSION. */
  readonly kubernetesVersion?: string;
  /** Check ids turned off for the whole run (`--ignore-test`). */
  readonly ignoreTests?: readonly string[];
  /** Optional check ids turned on (`--enable-optional-test`). */
  readonly optionalTests?: readonly string[];
  /** Manifest files, scored together in one run (checks relate objects to each other). */
  readonly files: readonly string[];
}

/** Exit codes of `kube-score score`: 1 means a check is critical, not that the run failed. */
const SCORE_EXIT_CODES = [0, 1] as const;
const STDERR_TAIL_LINES = 20;

/** The kube-score CLI: argv built as arrays, a memoised version, and the pure report parser. */
export class KubeScore {
  private versionPromise?: Promise<string>;

  constructor(
    readonly binPath: string,
    private readonly run: typeof exec = exec,
  ) {}

  static parseReport(text: string | unknown, options?: KubeScoreParseOptions): KubeScoreReport {
    return parseKubeScoreReport(text, options);
  }

  /** The version kube-score reports (`development` for builds without release metadata). */
  version(): Promise<string> {
    this.versionPromise ??= this.run(this.binPath, ['version'], { timeoutMs: 60_000, echoStdout: false }).then((r) =>
      KubeScore.parseVersion(r.stdout),
    );
    return this.versionPromise;
  }

  /** `kube-score version: 1.20.0, commit: …, built: …` -> `1.20.0`. */
  static parseVersion(stdout: string): string {
    const match = /kube-score version:\s*v?([^\s,]+)/.exec(stdout);
    return match?.[1] ?? 'unknown';
  }

  /** kube-score parses `--kubernetes-version` as `vMAJOR.MINOR` and refuses a patch level. */
  static kubernetesVersionArg(version: string = DEFAULT_KUBERNETES_VERSION): string {
    const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
    if (!match) throw new OperationError(`'${version}' is not a Kubernetes version such as v1.33`);
    return `v${match[1]}.${match[2]}`;
  }

  /** argv of the one run over every manifest: JSON (output version v2, kube-score's default) on stdout. */
  static scoreArgs(o: KubeScoreScoreOptions): string[] {
    return [
      'score',
      '--output-format',
      'json',
      '--kubernetes-version',
      KubeScore.kubernetesVersionArg(o.kubernetesVersion),
      ...(o.ignoreTests ?? []).flatMap((id) => ['--ignore-test', id]),
      ...(o.optionalTests ?? []).flatMap((id) => ['--enable-optional-test', id]),
      '--',
      ...o.files,
    ];
  }

  /**
   * Runs kube-score and returns its JSON report. Exit code 1 with a report is
   * a critical check; exit code 1 without one (kube-score could not read its
   * input) and any other code fail with the end of stderr.
   */
  async score(o: KubeScoreScoreOptions & { readonly timeoutMs: number }): Promise<string> {
    if (o.files.length === 0) throw new OperationError('kube-score was given no manifest files');
    const result = await this.run(this.binPath, KubeScore.scoreArgs(o), {
      timeoutMs: o.timeoutMs,
      echoStdout: false,
      okExitCodes: SCORE_EXIT_CODES,
    });
    const out = result.stdout.trim();
    if (!(out.startsWith('[') || out === 'null')) {
      const tail = redactSecrets(result.stderr).trimEnd().split(/\r?\n/).slice(-STDERR_TAIL_LINES).join('\n');
      throw new OperationError(
        `kube-score exited with code ${result.exitCode} without a JSON report${tail ? `; last lines of stderr:\n${tail}` : ''}`,
      );
    }
    return result.stdout;
  }
}
