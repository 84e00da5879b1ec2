import { readFile } from 'node:fs/promises';
import { dockerConfigPath, normaliseAuthKey } from '../oci/docker-config.js';
import { registerSecret } from '../runtime/secrets.js';

/*
 * The docker `config.json` that logs docker (and Syft, Trivy, notation,
 * lib/oci, which read the same file through DOCKER_CONFIG) in to Azure
 * Container Registries with ACR refresh tokens, as `az acr login` does:
 *
 *   "auths": { "myregistry.azurecr.io": {
 *     "identitytoken": "<refresh token>",
 *     "auth": base64("00000000-0000-0000-0000-000000000000:<refresh token>") } }
 *
 * `identitytoken` is what docker and OCI clients exchange at the registry's
 * token endpoint; `auth` serves tools that only know user and password (ACR
 * takes the refresh token as the password of the all-zero user).
 *
 * The new file keeps what the docker config in use already holds (other
 * registries' logins, proxies), so pointing DOCKER_CONFIG at it loses nothing.
 */

/** The user name ACR expects with a refresh token as password. */
export const ACR_TOKEN_USERNAME = '00000000-0000-0000-0000-000000000000';

export interface RegistryLogin {
  readonly registry: string;
  readonly refreshToken: string;
}

export interface DockerAuthEntry {
  readonly auth: string;
  readonly identitytoken: string;
}

/** The `auths` entry of a registry; the `auth` value is registered as a secret (it is a form of the token). */
export function acrAuthEntry(refreshToken: string): DockerAuthEntry {
  const auth = Buffer.from(`${ACR_TOKEN_USERNAME}:${refreshToken}`).toString('base64');
  registerSecret(refreshToken);
  registerSecret(auth);
  return { auth, identitytoken: refreshToken };
}

export interface MergedDockerConfig {
  readonly config: Record<string, unknown>;
  /** What was changed in the existing configuration, for the log. */
  readonly notes: string[];
}

/**
 * The existing docker configuration (parsed JSON, or undefined) with the
 * registries' logins set. A credential helper for one of them, or a
 * credential store for all, would make docker ignore `auths`, so those are
 * dropped (with a note).
 */
export function mergeDockerConfig(existing: unknown, logins: readonly RegistryLogin[]): MergedDockerConfig {
  const notes: string[] = [];
  const base: Record<string, unknown> =
    existing !== null && typeof existing === 'object' && !Array.isArray(existing)
      ? { ...(existing as Record<string, unknown>) }
      : {};
  const auths = isRecord(base['auths']) ? { ...base['auths'] } : {};
  const helpers = isRecord(base['credHelpers']) ? { ...base['credHelpers'] } : undefined;
  for (const { registry, refreshToken } of logins) {
    const key = normaliseAuthKey(registry);
    for (const existingKey of Object.keys(auths)) {
      if (normaliseAuthKey(existingKey) === key) delete auths[existingKey];
    }
    auths[key] = acrAuthEntry(refreshToken);
    if (helpers) {
      for (const helperKey of Object.keys(helpers)) {
        if (normaliseAuthKey(helperKey) === key) {
          notes.push(
            `dropped the credential helper '${String(helpers[helperKey])}' of ${key}: it would hide the ACR token`,
          );
          delete helpers[helperKey];
        }
      }
    }
  }
  base['auths'] = auths;
  if (helpers) {
    if (Object.keys(helpers).length) base['credHelpers'] = helpers;
    else delete base['credHelpers'];
  }
  if (typeof base['credsStore'] === 'string' && base['credsStore'] !== '') {
    notes.push(
      `dropped the credential store '${base['credsStore']}': docker would read every login from it and ignore the ACR tokens`,
    );
    delete base['credsStore'];
  }
  return { config: base, notes };
}

/** The docker configuration in use (DOCKER_CONFIG or ~/.docker), parsed; undefined when there is none or it is not JSON. */
export async function readCurrentDockerConfig(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ file: string; config: unknown; problem?: string }> {
  const file = dockerConfigPath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { file, config: undefined };
  }
  try {
    return { file, config: JSON.parse(text) as unknown };
  } catch {
    return { file, config: undefined, problem: `${file} is not valid JSON; it was not carried over` };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
