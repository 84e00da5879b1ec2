import * as core from '@actions/core';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createCredentialsDir, writePrivateFile } from '../azure/credential-files.js';
import { requestGitHubIdToken } from '../azure/github-id-token.js';
import { decodeJwtClaims } from '../azure/jwt-claims.js';
import { ConfigurationError } from '../runtime/errors.js';
import { registerSecret } from '../runtime/secrets.js';

/*
 * The notation-azure-kv plugin signs with Key Vault as a workload identity
 * (plugin config `credential_type=workloadid`, Azure Identity's
 * WorkloadIdentityCredential): it reads AZURE_CLIENT_ID, AZURE_TENANT_ID,
 * AZURE_FEDERATED_TOKEN_FILE (a GitHub ID token, exchanged with Entra ID by
 * the plugin) and AZURE_AUTHORITY_HOST from its environment.
 *
 * A GitHub ID token lives for minutes, a signing job may run longer. So when
 * the job can request ID tokens (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN), a
 * fresh one (audience api://AzureADTokenExchange) is requested right before
 * each notation call that needs Azure, written to a 0600 file in a 0700
 * directory under RUNNER_TEMP, given to that call only, and removed after it.
 * Otherwise the token file actions/azure-login wrote is used as it is.
 * No secret is ever passed on a command line; every token is registered as a
 * secret so that no log line can show it.
 */

/** The audience Entra ID expects of a federated client assertion. */
export const FEDERATED_TOKEN_AUDIENCE = 'api://AzureADTokenExchange';

export interface WorkloadIdentityRequest {
  readonly clientId: string;
  readonly tenantId: string;
}

export interface WorkloadIdentity {
  /** Where the federated token comes from: a fresh GitHub ID token per call, or azure-login's file. */
  readonly source: 'github-id-token' | 'azure-login';
  /** The variables the plugin reads, except AZURE_FEDERATED_TOKEN_FILE (see withTokenFile). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Runs one call that needs Azure with the identity's variables and
   * AZURE_FEDERATED_TOKEN_FILE; a fresh token file is written for it and
   * removed after it when the job can request GitHub ID tokens.
   */
  withTokenFile<T>(call: (env: Readonly<Record<string, string>>) => Promise<T>): Promise<T>;
  /** Removes the directory of fresh token files (nothing for azure-login's file). */
  remove(): Promise<void>;
}

/** Requests a GitHub ID token for an audience (registered as a secret). */
export type IdTokenRequester = (audience: string) => Promise<string>;

export async function prepareWorkloadIdentity(
  request: WorkloadIdentityRequest,
  env: NodeJS.ProcessEnv = process.env,
  now: () => Date = () => new Date(),
  requestIdToken: IdTokenRequester = requestGitHubIdToken,
): Promise<WorkloadIdentity> {
  const authority = env['AZURE_AUTHORITY_HOST']?.trim();
  const base: Record<string, string> = {
    AZURE_CLIENT_ID: request.clientId,
    AZURE_TENANT_ID: request.tenantId,
    ...(authority ? { AZURE_AUTHORITY_HOST: authority } : {}),
  };
  if (env['ACTIONS_ID_TOKEN_REQUEST_URL'] && env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
    return freshTokenIdentity(base, env, requestIdToken);
  }
  return azureLoginIdentity(base, env, now);
}

/** A fresh GitHub ID token in a file of its own for every call. */
function freshTokenIdentity(
  base: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv,
  requestIdToken: IdTokenRequester,
): WorkloadIdentity {
  let dir: Promise<string> | undefined;
  let count = 0;
  return {
    source: 'github-id-token',
    env: base,
    async withTokenFile(call) {
      dir ??= createCredentialsDir('devsecops-sign-token', env);
      const file = path.join(await dir, `federated-token-${++count}`);
      const token = await requestIdToken(FEDERATED_TOKEN_AUDIENCE);
      try {
        await writePrivateFile(file, token);
        return await call({ ...base, AZURE_FEDERATED_TOKEN_FILE: file });
      } finally {
        await rm(file, { force: true });
      }
    },
    async remove() {
      if (!dir) return;
      const created = await dir.catch(() => undefined);
      if (created) await rm(created, { recursive: true, force: true });
    },
  };
}

/** The token file actions/azure-login wrote (short-lived: azure-login should run right before). */
async function azureLoginIdentity(
  base: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv,
  now: () => Date,
): Promise<WorkloadIdentity> {
  const tokenFile = env['AZURE_FEDERATED_TOKEN_FILE']?.trim();
  if (!tokenFile) {
    throw new ConfigurationError(
      `mode 'sign' signs as the workload identity of actions/azure-login, and AZURE_FEDERATED_TOKEN_FILE is not set; run actions/azure-login (with export-env: true, its default) earlier in the job`,
    );
  }
  let token: string;
  try {
    token = (await readFile(tokenFile, 'utf8')).trim();
  } catch {
    throw new ConfigurationError(
      `AZURE_FEDERATED_TOKEN_FILE names ${tokenFile}, which cannot be read; run actions/azure-login earlier in the same job`,
    );
  }
  if (token === '') throw new ConfigurationError(`AZURE_FEDERATED_TOKEN_FILE names ${tokenFile}, which is empty`);
  registerSecret(token);
  const exp = decodeJwtClaims(token)?.['exp'];
  if (typeof exp === 'number' && exp * 1000 <= now().getTime()) {
    core.warning(
      `the GitHub ID token in AZURE_FEDERATED_TOKEN_FILE expired at ${new Date(exp * 1000).toISOString()}; Entra ID will refuse it, so run actions/azure-login right before this step (or grant the job 'id-token: write' so that a fresh token is requested for every signature)`,
    );
  }
  const withFile = { ...base, AZURE_FEDERATED_TOKEN_FILE: tokenFile };
  return {
    source: 'azure-login',
    env: base,
    withTokenFile: (call) => call(withFile),
    remove: async () => {},
  };
}
