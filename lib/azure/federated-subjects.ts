import { stringClaim } from './jwt-claims.js';

/*
 * The subjects a federated credential in Entra ID can have so that it matches
 * a GitHub Actions run. Entra ID compares the credential's subject with the
 * ID token's `sub` exactly; GitHub builds `sub` from the job:
 *
 *   the job has an environment   repo:OWNER/REPO:environment:NAME
 *   a pull_request event         repo:OWNER/REPO:pull_request
 *   otherwise, the ref           repo:OWNER/REPO:ref:refs/heads/BRANCH | refs/tags/TAG
 *
 * Repositories that use immutable subject claims (the default for those
 * created from mid-2026 on) name the owner and repository with their IDs:
 * `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`. Organisations can also customise the
 * claims in `sub`; then only the `sub` as sent is certain to match.
 */

/** What is known of the run: from the ID token's claims, else the runner's environment. */
export interface RunIdentity {
  /** `OWNER/REPO`. */
  readonly repository?: string;
  readonly ownerId?: string;
  readonly repositoryId?: string;
  /** `refs/heads/main`, `refs/tags/v1.2.3`, `refs/pull/7/merge`. */
  readonly ref?: string;
  /** The job's deployment environment (only the ID token tells). */
  readonly environment?: string;
  readonly eventName?: string;
}

export type SubjectKind = 'environment' | 'pull-request' | 'branch' | 'tag';

export interface SubjectSuggestion {
  readonly subject: string;
  readonly kind: SubjectKind;
  /** The `repo:OWNER@OWNER_ID/REPO@REPO_ID:` form. */
  readonly immutable: boolean;
  /** `branch main`, `environment production`, … */
  readonly description: string;
  /** This is the `sub` GitHub sent. */
  readonly sent: boolean;
}

/** The run as the ID token's claims describe it, with the runner's environment filling the gaps. */
export function runIdentityFrom(
  claims: Record<string, unknown> | undefined,
  env: NodeJS.ProcessEnv = process.env,
): RunIdentity {
  const fromEnv = (name: string): string | undefined => env[name]?.trim() || undefined;
  const identity: Record<string, string | undefined> = {
    repository: stringClaim(claims, 'repository') ?? fromEnv('GITHUB_REPOSITORY'),
    ownerId: stringClaim(claims, 'repository_owner_id') ?? fromEnv('GITHUB_REPOSITORY_OWNER_ID'),
    repositoryId: stringClaim(claims, 'repository_id') ?? fromEnv('GITHUB_REPOSITORY_ID'),
    ref: stringClaim(claims, 'ref') ?? fromEnv('GITHUB_REF'),
    environment: stringClaim(claims, 'environment'),
    eventName: stringClaim(claims, 'event_name') ?? fromEnv('GITHUB_EVENT_NAME'),
  };
  return Object.fromEntries(Object.entries(identity).filter(([, v]) => v !== undefined)) as RunIdentity;
}

/**
 * The federated-credential subjects that match this run, the one GitHub
 * sends by default first (environment, then pull request, then the ref),
 * each followed by its immutable form when the IDs are known; the subject
 * that was sent (when given and among them) is put first of all.
 */
export function federatedSubjects(run: RunIdentity, sentSubject?: string): SubjectSuggestion[] {
  const repository = run.repository;
  if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository)) return [];
  const [owner, name] = repository.split('/') as [string, string];
  const prefixes: Array<{ prefix: string; immutable: boolean }> = [{ prefix: `repo:${repository}`, immutable: false }];
  if (run.ownerId && run.repositoryId) {
    prefixes.push({ prefix: `repo:${owner}@${run.ownerId}/${name}@${run.repositoryId}`, immutable: true });
  }

  const kinds: Array<{ kind: SubjectKind; suffix: string; description: string }> = [];
  if (run.environment) {
    kinds.push({
      kind: 'environment',
      suffix: `environment:${run.environment}`,
      description: `environment ${run.environment}`,
    });
  }
  if (run.eventName === 'pull_request') {
    kinds.push({ kind: 'pull-request', suffix: 'pull_request', description: 'pull requests' });
  }
  const branch = run.ref?.startsWith('refs/heads/') ? run.ref.slice('refs/heads/'.length) : undefined;
  const tag = run.ref?.startsWith('refs/tags/') ? run.ref.slice('refs/tags/'.length) : undefined;
  if (branch) kinds.push({ kind: 'branch', suffix: `ref:${run.ref}`, description: `branch ${branch}` });
  if (tag) kinds.push({ kind: 'tag', suffix: `ref:${run.ref}`, description: `tag ${tag}` });

  const suggestions = kinds.flatMap(({ kind, suffix, description }) =>
    prefixes.map(({ prefix, immutable }) => {
      const subject = `${prefix}:${suffix}`;
      return {
        subject,
        kind,
        immutable,
        description: immutable ? `${description}, immutable owner and repository IDs` : description,
        sent: subject === sentSubject,
      };
    }),
  );
  // A stable sort: the sent subject first, the rest in order.
  return [...suggestions.filter((s) => s.sent), ...suggestions.filter((s) => !s.sent)];
}
