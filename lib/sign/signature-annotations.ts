/*
 * What a signature says about where it was made, as notation user metadata
 * (`--user-metadata key=value`, signed into the payload and shown by
 * `notation inspect` and `notation verify`). By default every signature
 * carries the run and the commit:
 *
 *   io.github.actions.run-url           https://github.com/OWNER/REPO/actions/runs/ID/attempts/N
 *   io.github.actions.workflow-ref      OWNER/REPO/.github/workflows/FILE@REF (the workflow that ran)
 *   io.github.actions.ref               refs/heads/main (the ref the run was for)
 *   org.opencontainers.image.source     https://github.com/OWNER/REPO
 *   org.opencontainers.image.revision   the commit SHA
 *
 * The `annotations` input adds its own keys; a key it shares with a default
 * replaces the default's value. Keys notation reserves (`io.cncf.notary…`)
 * are refused by the input.
 */

export const RUN_URL = 'io.github.actions.run-url';
export const WORKFLOW_REF = 'io.github.actions.workflow-ref';
export const RUN_REF = 'io.github.actions.ref';
export const SOURCE = 'org.opencontainers.image.source';
export const REVISION = 'org.opencontainers.image.revision';

/** Notation refuses user metadata under its own prefix. */
export const RESERVED_PREFIX = 'io.cncf.notary';

/** The run and commit metadata available in env (the runner's GITHUB_* variables); none outside Actions. */
export function runAnnotations(env: NodeJS.ProcessEnv = process.env): Array<[string, string]> {
  const server = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '');
  const repository = env['GITHUB_REPOSITORY'];
  const runId = env['GITHUB_RUN_ID'];
  const out: Array<[string, string]> = [];
  if (repository && runId) {
    const attempt = env['GITHUB_RUN_ATTEMPT'];
    out.push([RUN_URL, `${server}/${repository}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ''}`]);
  }
  if (env['GITHUB_WORKFLOW_REF']) out.push([WORKFLOW_REF, env['GITHUB_WORKFLOW_REF']]);
  if (env['GITHUB_REF']) out.push([RUN_REF, env['GITHUB_REF']]);
  if (repository) out.push([SOURCE, `${server}/${repository}`]);
  if (env['GITHUB_SHA']) out.push([REVISION, env['GITHUB_SHA']]);
  return out;
}

/** The defaults, then the user's annotations (which replace a default of the same key), in order. */
export function signatureAnnotations(
  user: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Array<[string, string]> {
  const defaults = runAnnotations(env).filter(([key]) => !user.has(key));
  return [...defaults, ...user.entries()];
}
