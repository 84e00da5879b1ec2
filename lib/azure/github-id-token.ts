import * as core from '@actions/core';
import { ConfigurationError, OperationError } from '../runtime/errors.js';
import { registerSecret } from '../runtime/secrets.js';

/*
 * GitHub's OpenID Connect ID token for the job: the client assertion that
 * Entra ID exchanges for an access token through a federated credential.
 * The runner hands the job a request URL only when the workflow grants
 * `id-token: write`.
 */

/** The one line a job without the permission fails with. */
export const MISSING_ID_TOKEN_PERMISSION =
  "the job lacks 'permissions: id-token: write', so GitHub gives it no ID token (ACTIONS_ID_TOKEN_REQUEST_URL is not set); add 'id-token: write' to the permissions of the job or workflow (pull requests from forks never get one)";

/** Fails with a ConfigurationError when the job cannot request an ID token at all. */
export function assertIdTokenAvailable(env: NodeJS.ProcessEnv = process.env): void {
  if (!env['ACTIONS_ID_TOKEN_REQUEST_URL'] || !env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
    throw new ConfigurationError(MISSING_ID_TOKEN_PERMISSION);
  }
}

/** A fresh GitHub ID token for audience, registered as a secret before it is returned. */
export async function requestGitHubIdToken(audience: string): Promise<string> {
  assertIdTokenAvailable();
  let token: string;
  try {
    token = await core.getIDToken(audience);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    throw new OperationError(`GitHub did not issue an ID token for audience '${audience}': ${message}`);
  }
  registerSecret(token);
  return token;
}
