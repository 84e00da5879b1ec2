/*
 * The annotations that tie every applied object to the workflow run that
 * applied it (`kubectl get deploy web -o yaml` answers "which run deployed
 * this?"). They go on each object's own metadata, never on a pod template:
 * a new run alone must not restart pods.
 */

export const RUN_ANNOTATION_PREFIX = 'devsecops.github.io/';

/** `devsecops.github.io/run-url`, `…/repository`, `…/commit-sha`, `…/ref`, `…/workflow`: those the runner's environment has. */
export function runAnnotations(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const get = (name: string): string | undefined => env[name]?.trim() || undefined;
  const server = (get('GITHUB_SERVER_URL') ?? 'https://github.com').replace(/\/+$/, '');
  const repository = get('GITHUB_REPOSITORY');
  const runId = get('GITHUB_RUN_ID');
  const attempt = get('GITHUB_RUN_ATTEMPT');
  const annotations: Record<string, string> = {};
  if (repository && runId) {
    annotations[`${RUN_ANNOTATION_PREFIX}run-url`] =
      `${server}/${repository}/actions/runs/${runId}${attempt && attempt !== '1' ? `/attempts/${attempt}` : ''}`;
  }
  const put = (key: string, value: string | undefined): void => {
    if (value) annotations[`${RUN_ANNOTATION_PREFIX}${key}`] = value;
  };
  put('repository', repository);
  put('commit-sha', get('GITHUB_SHA'));
  put('ref', get('GITHUB_REF'));
  put('workflow', get('GITHUB_WORKFLOW_REF'));
  return annotations;
}
