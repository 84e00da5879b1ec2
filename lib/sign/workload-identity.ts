import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { decodeJwtClaims } from '../azure/jwt-claims.js';
import { ConfigurationError } from '../runtime/errors.js';
import { registerSecret } from '../runtime/secrets.js';

/*
 * The notation-azure-kv plugin signs with Key Vault as the workload identity
 * that actions/azure-login set up (plugin config `credential_type=workloadid`,
 * Azure Identity's WorkloadIdentityCredential): it reads AZURE_CLIENT_ID,
 * AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE (a GitHub ID token, exchanged
 * with Entra ID by the plugin) and AZURE_AUTHORITY_HOST from its environment.
 * No secret is ever passed on a command line; the token is registered as a
 * secret so that no log line can show it.
 */

export interface WorkloadIdentityRequest {
  readonly clientId: string;
  readonly tenantId: string;
}

export interface WorkloadIdentity {
  /** The variables the plugin reads, to add to notation's environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly tokenFile: string;
}

export async function prepareWorkloadIdentity(
  request: WorkloadIdentityRequest,
  env: NodeJS.ProcessEnv = process.env,
  now: () => Date = () => new Date(),
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
      `the GitHub ID token in AZURE_FEDERATED_TOKEN_FILE expired at ${new Date(exp * 1000).toISOString()}; Entra ID will refuse it, so run actions/azure-login right before this step`,
    );
  }
  const authority = env['AZURE_AUTHORITY_HOST']?.trim();
  return {
    tokenFile,
    env: {
      AZURE_CLIENT_ID: request.clientId,
      AZURE_TENANT_ID: request.tenantId,
      AZURE_FEDERATED_TOKEN_FILE: tokenFile,
      ...(authority ? { AZURE_AUTHORITY_HOST: authority } : {}),
    },
  };
}
