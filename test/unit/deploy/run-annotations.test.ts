import { describe, expect, it } from '@jest/globals';
import { runAnnotations } from '../../../lib/deploy/run-annotations.js';

describe('runAnnotations', () => {
  it('ties objects to the run, the commit and the ref', () => {
    expect(
      runAnnotations({
        GITHUB_SERVER_URL: 'https://github.example.com/',
        GITHUB_REPOSITORY: 'octo-org/shop',
        GITHUB_RUN_ID: '42',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_WORKFLOW_REF: 'octo-org/shop/.github/workflows/deploy.yml@refs/heads/main',
      }),
    ).toEqual({
      'devsecops.github.io/run-url': 'https://github.example.com/octo-org/shop/actions/runs/42/attempts/2',
      'devsecops.github.io/repository': 'octo-org/shop',
      'devsecops.github.io/commit-sha': 'ffac537e6cbbf934b08745a378932722df287a53',
      'devsecops.github.io/ref': 'refs/heads/main',
      'devsecops.github.io/workflow': 'octo-org/shop/.github/workflows/deploy.yml@refs/heads/main',
    });
  });

  it('leaves out what the environment does not have (the local command line)', () => {
    expect(runAnnotations({ GITHUB_SHA: 'abc' })).toEqual({ 'devsecops.github.io/commit-sha': 'abc' });
    expect(
      runAnnotations({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '1', GITHUB_RUN_ATTEMPT: '1' })[
        'devsecops.github.io/run-url'
      ],
    ).toBe('https://github.com/o/r/actions/runs/1');
  });
});
