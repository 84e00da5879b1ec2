import { describe, expect, it } from '@jest/globals';
import { runAnnotations, signatureAnnotations } from '../../../lib/sign/signature-annotations.js';

const RUNNER = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_RUN_ID: '1658821493',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_WORKFLOW_REF: 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.0',
  GITHUB_REF: 'refs/tags/v1.2.0',
  GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
};

describe('signature annotations', () => {
  it('carry the run and the commit by default', () => {
    expect(runAnnotations(RUNNER)).toEqual([
      ['io.github.actions.run-url', 'https://github.com/octo-org/octo-repo/actions/runs/1658821493/attempts/2'],
      ['io.github.actions.workflow-ref', 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.0'],
      ['io.github.actions.ref', 'refs/tags/v1.2.0'],
      ['org.opencontainers.image.source', 'https://github.com/octo-org/octo-repo'],
      ['org.opencontainers.image.revision', 'ffac537e6cbbf934b08745a378932722df287a53'],
    ]);
  });

  it('follow a GitHub Enterprise Server URL and leave out what the environment does not have', () => {
    expect(
      runAnnotations({ GITHUB_SERVER_URL: 'https://ghe.example.com/', GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: '7' }),
    ).toEqual([
      ['io.github.actions.run-url', 'https://ghe.example.com/a/b/actions/runs/7'],
      ['org.opencontainers.image.source', 'https://ghe.example.com/a/b'],
    ]);
    expect(runAnnotations({})).toEqual([]);
  });

  it("come before the user's, which replace a default with the same key", () => {
    const user = new Map([
      ['team', 'payments'],
      ['org.opencontainers.image.source', 'https://example.com/mirror'],
    ]);
    expect(signatureAnnotations(user, RUNNER)).toEqual([
      ['io.github.actions.run-url', 'https://github.com/octo-org/octo-repo/actions/runs/1658821493/attempts/2'],
      ['io.github.actions.workflow-ref', 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.0'],
      ['io.github.actions.ref', 'refs/tags/v1.2.0'],
      ['org.opencontainers.image.revision', 'ffac537e6cbbf934b08745a378932722df287a53'],
      ['team', 'payments'],
      ['org.opencontainers.image.source', 'https://example.com/mirror'],
    ]);
  });
});
