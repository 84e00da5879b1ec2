import path from 'node:path';
import { parse, stringify } from 'yaml';
import { OperationError } from '../runtime/errors.js';
import { kubectlTags } from './manifest-documents.js';

/*
 * The kubeconfig AKS hands out, made usable without kubelogin. For a
 * cluster with Entra ID integration the user entry runs kubelogin (an exec
 * credential plugin: `kubelogin get-token --server-id <AKS server app> …`,
 * the `exec` format) or names the retired `azure` auth provider (the
 * `azure` format); both get a token of the AKS server application through
 * Entra ID. Here that user entry is replaced by the same kind of token,
 * obtained beforehand from the workflow's own OIDC credential, so kubectl
 * runs no plugin at all. Entries without Entra ID (local accounts with a
 * client certificate or token, the admin credential) are kept as they are.
 */

/** The Entra ID application of the AKS API server, the same in every cloud and cluster. */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

export type Kubeconfig = Record<string, unknown>;

/** A user entry that gets its token from Entra ID. */
export interface EntraUser {
  /** The entry's name (`clusterUser_rg_cluster`). */
  readonly name: string;
  /** The application the token must be for (`--server-id`, `apiserver-id`). */
  readonly serverId: string;
  readonly via: 'kubelogin' | 'azure auth-provider';
}

export function parseKubeconfig(text: string): Kubeconfig {
  let value: unknown;
  try {
    value = parse(text, { version: '1.1', customTags: kubectlTags });
  } catch (error) {
    throw new OperationError(`the cluster's kubeconfig is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(value) || !Array.isArray(value['clusters']) || !Array.isArray(value['users'])) {
    throw new OperationError(`the cluster's kubeconfig has no clusters or users`);
  }
  return value;
}

export function stringifyKubeconfig(config: Kubeconfig): string {
  return stringify(config, { version: '1.1', lineWidth: 0 });
}

/** The user entries that need an Entra ID token; a credential plugin other than kubelogin is refused. */
export function entraUsers(config: Kubeconfig): EntraUser[] {
  const found: EntraUser[] = [];
  for (const entry of records(config['users'])) {
    const name = typeof entry['name'] === 'string' ? entry['name'] : '';
    const user = isRecord(entry['user']) ? entry['user'] : {};
    const exec = user['exec'];
    if (isRecord(exec)) {
      const command = typeof exec['command'] === 'string' ? exec['command'] : '';
      const args = Array.isArray(exec['args']) ? exec['args'].map(String) : [];
      if (!/^kubelogin(\.exe)?$/i.test(path.basename(command.replace(/\\/g, '/')))) {
        throw new OperationError(
          `the cluster's kubeconfig user '${name}' runs '${command}' for its credentials; only kubelogin (Entra ID) is replaced, nothing else is run`,
        );
      }
      found.push({ name, serverId: flagValue(args, '--server-id') ?? AKS_SERVER_APP_ID, via: 'kubelogin' });
      continue;
    }
    const provider = user['auth-provider'];
    if (isRecord(provider) && provider['name'] === 'azure') {
      const providerConfig = isRecord(provider['config']) ? provider['config'] : {};
      const serverId = providerConfig['apiserver-id'];
      found.push({
        name,
        serverId: typeof serverId === 'string' && serverId !== '' ? serverId : AKS_SERVER_APP_ID,
        via: 'azure auth-provider',
      });
    }
  }
  return found;
}

/** The kubeconfig with each named user entry replaced by `{ token }`. */
export function withBearerTokens(config: Kubeconfig, tokens: ReadonlyMap<string, string>): Kubeconfig {
  const users = records(config['users']).map((entry) => {
    const token = typeof entry['name'] === 'string' ? tokens.get(entry['name']) : undefined;
    return token === undefined ? entry : { ...entry, user: { token } };
  });
  return { ...config, users };
}

/** The credentials a kubeconfig holds (tokens, passwords, client keys), to be masked before use. */
export function kubeconfigSecrets(config: Kubeconfig): string[] {
  const secrets: string[] = [];
  for (const entry of records(config['users'])) {
    const user = isRecord(entry['user']) ? entry['user'] : {};
    for (const key of ['token', 'password', 'client-key-data']) {
      const value = user[key];
      if (typeof value === 'string' && value !== '') secrets.push(value);
    }
  }
  return secrets;
}

/** The current context's cluster server and namespace. */
export function currentContext(config: Kubeconfig): { server?: string; namespace?: string; user?: string } {
  const name = config['current-context'];
  const context = records(config['contexts']).find((c) => c['name'] === name);
  const ctx = context && isRecord(context['context']) ? context['context'] : {};
  const cluster = records(config['clusters']).find((c) => c['name'] === ctx['cluster']);
  const server = cluster && isRecord(cluster['cluster']) ? cluster['cluster']['server'] : undefined;
  return {
    ...(typeof server === 'string' ? { server } : {}),
    ...(typeof ctx['namespace'] === 'string' && ctx['namespace'] !== '' ? { namespace: ctx['namespace'] } : {}),
    ...(typeof ctx['user'] === 'string' ? { user: ctx['user'] } : {}),
  };
}

function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === flag) return args[i + 1];
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  }
  return undefined;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
