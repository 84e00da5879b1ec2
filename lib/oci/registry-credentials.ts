import type { CredentialsSource } from './credentials.js';
import { dockerConfigCredentials } from './docker-config.js';

/**
 * The credentials for a registry: the ones given (inputs), else the docker
 * config's (`docker login`, actions/azure-login), else none (anonymous).
 */
export function registryCredentials(
  registry: string,
  given: { readonly username: string; readonly password: string } | undefined,
  env: NodeJS.ProcessEnv = process.env,
): CredentialsSource | undefined {
  if (given) {
    return {
      credentials: { kind: 'basic', username: given.username, password: given.password },
      origin: 'the registry-username and registry-password inputs',
    };
  }
  return dockerConfigCredentials(registry, env);
}
