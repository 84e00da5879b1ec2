import { proxyAwareFetch, type FetchLike } from '../runtime/proxy-fetch.js';
import { ConfigurationError, OperationError } from '../runtime/errors.js';
import { isLoopbackHost } from '../oci/reference.js';
import { registerSecret } from '../runtime/secrets.js';
import type { DependencySnapshot } from '../sbom/dependency-snapshot.js';

/*
 * The GitHub dependency submission API: one POST of a snapshot to
 * {GITHUB_API_URL}/repos/{owner}/{repo}/dependency-graph/snapshots with the
 * job's token. A token without `contents: write` is told apart from other
 * failures, because that is the fix users need to make.
 */

export interface RunContext {
  readonly apiUrl: string;
  /** `owner/repo`. */
  readonly repository: string;
  readonly sha: string;
  readonly ref: string;
  readonly job: string;
  readonly runId: string;
  readonly workflow?: string;
  readonly serverUrl?: string;
}

/** The run's context from the runner's environment; a missing variable is a ConfigurationError naming it. */
export function runContextFromEnv(env: NodeJS.ProcessEnv = process.env): RunContext {
  const need = (name: string): string => {
    const value = env[name]?.trim();
    if (!value)
      throw new ConfigurationError(
        `environment variable ${name} is not set; dependency-snapshot runs in a GitHub Actions job`,
      );
    return value;
  };
  const repository = need('GITHUB_REPOSITORY');
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new ConfigurationError(`environment variable GITHUB_REPOSITORY must be owner/repo; got '${repository}'`);
  }
  const workflow = env['GITHUB_WORKFLOW']?.trim();
  const serverUrl = env['GITHUB_SERVER_URL']?.trim();
  return {
    apiUrl: (env['GITHUB_API_URL']?.trim() || 'https://api.github.com').replace(/\/+$/, ''),
    repository,
    sha: need('GITHUB_SHA'),
    ref: need('GITHUB_REF'),
    job: need('GITHUB_JOB'),
    runId: need('GITHUB_RUN_ID'),
    ...(workflow ? { workflow } : {}),
    ...(serverUrl ? { serverUrl } : {}),
  };
}

export interface SubmissionResult {
  readonly id?: number;
  /** `SUCCESS`, `ACCEPTED` or `INVALID`, as GitHub answers. */
  readonly result?: string;
  readonly message?: string;
}

export type { FetchLike };

export const PERMISSION_HINT =
  "the job's token may not write the dependency graph: give the job `permissions: contents: write` (and for pull requests from forks, run on pull_request_target or push instead)";

export async function submitDependencySnapshot(
  context: Pick<RunContext, 'apiUrl' | 'repository'>,
  token: string,
  snapshot: DependencySnapshot,
  options: { fetch?: FetchLike; timeoutMs?: number } = {},
): Promise<SubmissionResult> {
  registerSecret(token);
  const url = new URL(`${context.apiUrl}/repos/${context.repository}/dependency-graph/snapshots`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.host))) {
    throw new ConfigurationError(`GITHUB_API_URL must be https (http only on loopback); got '${context.apiUrl}'`);
  }
  const doFetch = options.fetch ?? proxyAwareFetch;
  let response: Response;
  try {
    response = await doFetch(url.href, {
      method: 'POST',
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'user-agent': 'devsecops-actions-aks',
        'x-github-api-version': '2022-11-28',
      },
      body: JSON.stringify(snapshot),
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch (error) {
    throw new OperationError(
      `dependency snapshot: POST ${url.origin}${url.pathname} failed: ${(error as Error).message}`,
    );
  }
  const text = await response.text();
  let body: { id?: unknown; result?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    /* not JSON: the status says enough */
  }
  const message = typeof body.message === 'string' ? body.message : '';
  if (response.status === 201 || response.status === 200) {
    return {
      ...(typeof body.id === 'number' ? { id: body.id } : {}),
      ...(typeof body.result === 'string' ? { result: body.result } : {}),
      ...(message ? { message } : {}),
    };
  }
  if (
    (response.status === 403 || response.status === 404) &&
    /not accessible by integration|permission/i.test(message)
  ) {
    throw new ConfigurationError(
      `dependency snapshot refused (HTTP ${response.status}: ${message}): ${PERMISSION_HINT}`,
    );
  }
  throw new OperationError(
    `dependency snapshot refused: HTTP ${response.status}${message ? `: ${message}` : ''} from POST ${url.pathname}`,
  );
}
