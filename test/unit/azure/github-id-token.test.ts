import { afterEach, describe, expect, it } from '@jest/globals';
import {
  assertIdTokenAvailable,
  MISSING_ID_TOKEN_PERMISSION,
  requestGitHubIdToken,
} from '../../../lib/azure/github-id-token.js';
import { ConfigurationError, OperationError } from '../../../lib/runtime/errors.js';
import { clearRegisteredSecrets, containsSecret } from '../../../lib/runtime/secrets.js';
import { captureOutput, setEnv } from '../../harness/capture.js';
import { parseWorkflowCommands } from '../../harness/file-commands.js';
import { startOidcServer } from '../../fakes/oidc-server.js';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  clearRegisteredSecrets();
});

describe('the GitHub ID token', () => {
  it('without id-token: write the job fails with one line that says so', () => {
    const check = (): void => assertIdTokenAvailable({});
    expect(check).toThrow(ConfigurationError);
    expect(check).toThrow(MISSING_ID_TOKEN_PERMISSION);
    expect(MISSING_ID_TOKEN_PERMISSION).toContain("the job lacks 'permissions: id-token: write'");
    expect(MISSING_ID_TOKEN_PERMISSION).not.toContain('\n');
    expect(() => assertIdTokenAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/x' })).toThrow(
      MISSING_ID_TOKEN_PERMISSION,
    );
  });

  it('is requested fresh for the audience and masked', async () => {
    const oidc = await startOidcServer();
    try {
      restore = setEnv({ ...oidc.env });
      const first = await captureOutput(() => requestGitHubIdToken('api://AzureADTokenExchange'));
      const second = await captureOutput(() => requestGitHubIdToken('api://AzureADTokenExchange'));
      expect(oidc.issued.map((t) => t.token)).toEqual([first.result, second.result]);
      expect(first.result).not.toBe(second.result);
      expect(oidc.issued.map((t) => t.audience)).toEqual(['api://AzureADTokenExchange', 'api://AzureADTokenExchange']);
      expect(parseWorkflowCommands(first.stdout).masked).toContain(first.result);
      expect(containsSecret(second.result!)).toBe(true);
    } finally {
      await oidc.close();
    }
  });

  it('a refusal by GitHub is one line', async () => {
    const oidc = await startOidcServer();
    try {
      restore = setEnv({ ...oidc.env, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' });
      const { error } = await captureOutput(() => requestGitHubIdToken('api://AzureADTokenExchange'));
      expect(error).toBeInstanceOf(OperationError);
      expect((error as Error).message).toMatch(
        /^GitHub did not issue an ID token for audience 'api:\/\/AzureADTokenExchange': .*401/,
      );
      expect((error as Error).message).not.toContain('\n');
    } finally {
      await oidc.close();
    }
  });
});
