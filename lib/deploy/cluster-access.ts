import { rename } from 'node:fs/promises';
import path from 'node:path';
import { createCredentialsDir, writePrivateFile } from '../azure/credential-files.js';
import {
  currentContext,
  entraUsers,
  kubeconfigSecrets,
  parseKubeconfig,
  stringifyKubeconfig,
  withBearerTokens,
  type EntraUser,
} from '../k8s/kubeconfig.js';
import { registerSecret } from '../runtime/secrets.js';

/*
 * The kubeconfig kubectl uses: the cluster's, with every Entra ID user entry
 * (kubelogin, or the `azure` auth provider) replaced by a bearer token for
 * the AKS server application from the same OIDC credential. Written to a
 * fresh 0700 directory under RUNNER_TEMP as a 0600 file, masked before it
 * exists; the caller saves both paths for the post step, which removes them.
 * kubectl's cache directory goes in the same directory.
 */

/** What gets the AKS server application's token: the OIDC credential. */
export interface ServerTokenSource {
  getToken(scope: string): Promise<{ token: string; expiresOnTimestamp: number }>;
}

export interface ClusterAccess {
  readonly dir: string;
  readonly kubeconfigFile: string;
  readonly cacheDir: string;
  /** The API server URL of the current context. */
  readonly server?: string;
  /** The current context's namespace, when it names one. */
  readonly namespace?: string;
  /** The user entries that now carry an Entra ID token. */
  readonly entraUsers: readonly EntraUser[];
  /** Writes a renewed token to the kubeconfig when the credential renewed it (long rollouts). */
  refresh(): Promise<void>;
}

export interface ClusterAccessOptions {
  readonly kubeconfig: string;
  readonly tokens: ServerTokenSource;
  /** Called with the directory and the kubeconfig file as soon as each exists, to be saved for the post step. */
  readonly onCredentialPath: (kind: 'credentials-dir' | 'kubeconfig', file: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

export async function prepareClusterAccess(options: ClusterAccessOptions): Promise<ClusterAccess> {
  const config = parseKubeconfig(options.kubeconfig);
  for (const secret of kubeconfigSecrets(config)) registerSecret(secret);
  const users = entraUsers(config);

  const masked = new Set<string>();
  const tokensFor = async (): Promise<Map<string, string>> => {
    const byServer = new Map<string, string>();
    for (const serverId of new Set(users.map((u) => u.serverId))) {
      const token = await options.tokens.getToken(`${serverId}/.default`);
      // Masked once: the same token comes back from the credential's cache before every kubectl run.
      if (!masked.has(token.token)) registerSecret(token.token);
      masked.add(token.token);
      byServer.set(serverId, token.token);
    }
    return new Map(users.map((u) => [u.name, byServer.get(u.serverId) ?? '']));
  };

  let tokens = await tokensFor();
  const render = (): string => stringifyKubeconfig(users.length > 0 ? withBearerTokens(config, tokens) : config);

  const dir = await createCredentialsDir('deploy-aks', options.env ?? process.env);
  options.onCredentialPath('credentials-dir', dir);
  const kubeconfigFile = path.join(dir, 'kubeconfig');
  options.onCredentialPath('kubeconfig', kubeconfigFile);
  await writePrivateFile(kubeconfigFile, render());

  const context = currentContext(config);
  let generation = 0;
  return {
    dir,
    kubeconfigFile,
    cacheDir: path.join(dir, 'kube-cache'),
    ...(context.server ? { server: context.server } : {}),
    ...(context.namespace ? { namespace: context.namespace } : {}),
    entraUsers: users,
    refresh: async () => {
      if (users.length === 0) return;
      const next = await tokensFor();
      if ([...next].every(([user, token]) => tokens.get(user) === token)) return;
      tokens = next;
      // A new file moved over the old one: kubectl never reads a half-written kubeconfig.
      const fresh = `${kubeconfigFile}.${++generation}`;
      await writePrivateFile(fresh, render());
      await rename(fresh, kubeconfigFile);
    },
  };
}
