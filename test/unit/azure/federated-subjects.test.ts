import { describe, expect, it } from '@jest/globals';
import { federatedSubjects, runIdentityFrom, type RunIdentity } from '../../../lib/azure/federated-subjects.js';

const REPO: RunIdentity = { repository: 'octo-org/octo-repo', ownerId: '9919', repositoryId: '123456789' };
const subjects = (run: RunIdentity, sent?: string): string[] => federatedSubjects(run, sent).map((s) => s.subject);

describe('federatedSubjects', () => {
  it('a branch run: the branch subject and its immutable form', () => {
    const list = federatedSubjects(
      { ...REPO, ref: 'refs/heads/main', eventName: 'push' },
      'repo:octo-org/octo-repo:ref:refs/heads/main',
    );
    expect(list).toEqual([
      {
        subject: 'repo:octo-org/octo-repo:ref:refs/heads/main',
        kind: 'branch',
        immutable: false,
        description: 'branch main',
        sent: true,
      },
      {
        subject: 'repo:octo-org@9919/octo-repo@123456789:ref:refs/heads/main',
        kind: 'branch',
        immutable: true,
        description: 'branch main, immutable owner and repository IDs',
        sent: false,
      },
    ]);
  });

  it('a tag run', () => {
    expect(subjects({ ...REPO, ref: 'refs/tags/v1.2.3' })).toEqual([
      'repo:octo-org/octo-repo:ref:refs/tags/v1.2.3',
      'repo:octo-org@9919/octo-repo@123456789:ref:refs/tags/v1.2.3',
    ]);
    expect(federatedSubjects({ ...REPO, ref: 'refs/tags/v1.2.3' })[0]?.description).toBe('tag v1.2.3');
  });

  it('a job with an environment: the environment subject first (GitHub sends it), then the branch', () => {
    expect(subjects({ ...REPO, ref: 'refs/heads/release/2.x', environment: 'production' })).toEqual([
      'repo:octo-org/octo-repo:environment:production',
      'repo:octo-org@9919/octo-repo@123456789:environment:production',
      'repo:octo-org/octo-repo:ref:refs/heads/release/2.x',
      'repo:octo-org@9919/octo-repo@123456789:ref:refs/heads/release/2.x',
    ]);
  });

  it('a pull request: the pull_request subject, no subject for the refs/pull ref', () => {
    expect(subjects({ ...REPO, ref: 'refs/pull/7/merge', eventName: 'pull_request' })).toEqual([
      'repo:octo-org/octo-repo:pull_request',
      'repo:octo-org@9919/octo-repo@123456789:pull_request',
    ]);
  });

  it('puts the sent subject first, also when it is the immutable form', () => {
    const sent = 'repo:octo-org@9919/octo-repo@123456789:ref:refs/heads/main';
    const list = federatedSubjects({ ...REPO, ref: 'refs/heads/main' }, sent);
    expect(list.map((s) => [s.subject, s.sent])).toEqual([
      [sent, true],
      ['repo:octo-org/octo-repo:ref:refs/heads/main', false],
    ]);
  });

  it('leaves out the immutable form when the IDs are unknown', () => {
    expect(subjects({ repository: 'octo-org/octo-repo', ref: 'refs/heads/main' })).toEqual([
      'repo:octo-org/octo-repo:ref:refs/heads/main',
    ]);
  });

  it('has nothing to say without a repository', () => {
    expect(subjects({ ref: 'refs/heads/main' })).toEqual([]);
    expect(subjects({ repository: 'not a repository', ref: 'refs/heads/main' })).toEqual([]);
  });
});

describe('runIdentityFrom', () => {
  const env = {
    GITHUB_REPOSITORY: 'env-org/env-repo',
    GITHUB_REPOSITORY_OWNER_ID: '1',
    GITHUB_REPOSITORY_ID: '2',
    GITHUB_REF: 'refs/heads/dev',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
  };

  it('prefers the claims of the token GitHub issued', () => {
    const claims = {
      repository: 'octo-org/octo-repo',
      repository_owner_id: '9919',
      repository_id: 123456789,
      ref: 'refs/heads/main',
      environment: 'production',
      event_name: 'push',
    };
    expect(runIdentityFrom(claims, env)).toEqual({
      repository: 'octo-org/octo-repo',
      ownerId: '9919',
      repositoryId: '123456789',
      ref: 'refs/heads/main',
      environment: 'production',
      eventName: 'push',
    });
  });

  it("falls back to the runner's environment (which never knows the job's environment)", () => {
    expect(runIdentityFrom(undefined, env)).toEqual({
      repository: 'env-org/env-repo',
      ownerId: '1',
      repositoryId: '2',
      ref: 'refs/heads/dev',
      eventName: 'workflow_dispatch',
    });
    expect(runIdentityFrom({}, {})).toEqual({});
  });
});
