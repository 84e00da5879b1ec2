import * as core from '@actions/core';
import path from 'node:path';
import { exchangeForAcrRefreshToken } from './acr-exchange.js';
import { mergeDockerConfig, readCurrentDockerConfig, type RegistryLogin } from './acr-docker-config.js';
import { ACR_SCOPE, type AzureEndpoints } from './cloud-endpoints.js';
import { createCredentialsDir, createPrivateDir, writePrivateFile } from './credential-files.js';
import { GitHubOidcCredential, type GitHubOidcCredentialDeps } from './entra-credential.js';
import { assertIdTokenAvailable, requestGitHubIdToken } from './github-id-token.js';
import { stringClaim, decodeJwtClaims } from './jwt-claims.js';

/*
 * The whole OIDC login of actions/azure-login: prove the federated
 * credential works (an Azure Resource Manager token), log docker in to the
 * registries (ACR refresh tokens in a private docker config), and write a
 * fresh federated token file for SDK-based tools. The action only wires
 * inputs to it and exports what it returns.
 */

export interface OidcLoginOptions {
  readonly clientId: string;
  readonly tenantId: string;
  readonly audience: string;
  readonly endpoints: AzureEndpoints;
  /** Registry host names to log docker in to. */
  readonly registries: readonly string[];
  /** Write AZURE_FEDERATED_TOKEN_FILE. */
  readonly federatedTokenFile: boolean;
  /** Called with every credential file or directory as soon as it exists, so it is removed even after a later failure. */
  readonly onCredentialPath: (kind: CredentialPathKind, file: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  readonly deps?: GitHubOidcCredentialDeps;
}

export type CredentialPathKind = 'credentials-dir' | 'docker-config' | 'federated-token-file';

export interface OidcLoginResult {
  /** The `sub` of the GitHub ID token Entra ID accepted. */
  readonly subject?: string;
  /** When the Azure Resource Manager token expires (ms since the epoch). */
  readonly expiresOnTimestamp: number;
  readonly registries: readonly string[];
  /** The directory to export as DOCKER_CONFIG, when registries were given. */
  readonly dockerConfigDir?: string;
  readonly federatedTokenFile?: string;
  /** GitHub ID tokens requested: one per exchange with Entra ID, one for the token file. */
  readonly idTokensRequested: number;
}

export async function loginWithGitHubOidc(options: OidcLoginOptions): Promise<OidcLoginResult> {
  const env = options.env ?? process.env;
  assertIdTokenAvailable(env);
  const requestIdToken = options.deps?.requestIdToken ?? requestGitHubIdToken;
  const credential = new GitHubOidcCredential(
    {
      clientId: options.clientId,
      tenantId: options.tenantId,
      audience: options.audience,
      endpoints: options.endpoints,
    },
    { ...options.deps, env },
  );

  const arm = await credential.getToken(options.endpoints.resourceManagerScope);
  const subject = credential.presentedClaims ? stringClaim(credential.presentedClaims, 'sub') : undefined;
  core.info(
    `logged in to Entra ID (${options.endpoints.cloud}, ${options.endpoints.authorityHost}) as application ${options.clientId} in tenant ${options.tenantId}${subject ? ` with the GitHub subject ${subject}` : ''}`,
  );

  let credentialsDir: string | undefined;
  const ensureDir = async (): Promise<string> => {
    if (credentialsDir) return credentialsDir;
    credentialsDir = await createCredentialsDir('azure-login', env);
    options.onCredentialPath('credentials-dir', credentialsDir);
    return credentialsDir;
  };

  let dockerConfigDir: string | undefined;
  if (options.registries.length) {
    const acr = await credential.getToken(ACR_SCOPE);
    const logins: RegistryLogin[] = [];
    for (const registry of options.registries) {
      const refreshToken = await exchangeForAcrRefreshToken({
        registry,
        tenantId: options.tenantId,
        accessToken: acr.token,
        clientId: options.clientId,
      });
      logins.push({ registry, refreshToken });
      core.info(`registry ${registry} issued an ACR refresh token`);
    }
    const current = await readCurrentDockerConfig(env);
    if (current.problem) core.warning(current.problem);
    const { config, notes } = mergeDockerConfig(current.config, logins);
    for (const note of notes) core.warning(`docker config from ${current.file}: ${note}`);
    dockerConfigDir = await createPrivateDir(path.join(await ensureDir(), 'docker'));
    const file = path.join(dockerConfigDir, 'config.json');
    options.onCredentialPath('docker-config', file);
    await writePrivateFile(file, `${JSON.stringify(config, null, 2)}\n`);
    core.info(`wrote the docker config ${file} with logins to ${options.registries.join(', ')}`);
  }

  let federatedTokenFile: string | undefined;
  if (options.federatedTokenFile) {
    // Its own ID token: the ones used for the exchanges above are spent.
    const idToken = await requestIdToken(options.audience);
    federatedTokenFile = path.join(await ensureDir(), 'federated-token');
    options.onCredentialPath('federated-token-file', federatedTokenFile);
    await writePrivateFile(federatedTokenFile, idToken);
    const exp = decodeJwtClaims(idToken)?.['exp'];
    const until = typeof exp === 'number' ? ` (valid until ${new Date(exp * 1000).toISOString()})` : '';
    core.info(`wrote a GitHub ID token to ${federatedTokenFile}${until}`);
  }

  return {
    ...(subject ? { subject } : {}),
    expiresOnTimestamp: arm.expiresOnTimestamp,
    registries: [...options.registries],
    ...(dockerConfigDir ? { dockerConfigDir } : {}),
    ...(federatedTokenFile ? { federatedTokenFile } : {}),
    idTokensRequested: credential.idTokensRequested + (federatedTokenFile ? 1 : 0),
  };
}
