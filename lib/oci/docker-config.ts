import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OperationError } from '../runtime/errors.js';
import { registerSecret } from '../runtime/secrets.js';
import type { CredentialsSource } from './credentials.js';
import { DOCKER_HUB } from './reference.js';

/*
 * Credentials from a docker `config.json`, as `docker login`, docker/login-action
 * and actions/azure-login write it: `$DOCKER_CONFIG/config.json`, or
 * `~/.docker/config.json`. Entries of `auths` hold `auth` (base64 of
 * `user:password`) and/or `identitytoken` (an OAuth2 refresh token, ACR's
 * form). Every secret found is registered before it is returned.
 */

interface AuthEntry {
  readonly auth?: unknown;
  readonly username?: unknown;
  readonly password?: unknown;
  readonly identitytoken?: unknown;
}

/** The path of the docker config file that would be read. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env['DOCKER_CONFIG'] || path.join(env['HOME'] || os.homedir(), '.docker');
  return path.join(dir, 'config.json');
}

/** The key a registry host is stored under, normalised: no scheme, no path; Docker Hub's legacy key is `docker.io`. */
export function normaliseAuthKey(key: string): string {
  const host = key
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB : host;
}

/** Credentials for registry (`host[:port]`) from the docker config, or undefined when it has none. */
export function dockerConfigCredentials(
  registry: string,
  env: NodeJS.ProcessEnv = process.env,
): CredentialsSource | undefined {
  const file = dockerConfigPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let doc: { auths?: Record<string, AuthEntry>; credHelpers?: Record<string, unknown>; credsStore?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    throw new OperationError(
      `${file} is not valid JSON; fix or remove it, or give registry-username and registry-password`,
    );
  }
  const wanted = normaliseAuthKey(registry);
  const entry = Object.entries(doc.auths ?? {}).find(([key]) => normaliseAuthKey(key) === wanted)?.[1];
  const found = entry && typeof entry === 'object' ? fromEntry(entry, `${file} (auths of ${wanted})`) : undefined;
  const helper =
    Object.entries(doc.credHelpers ?? {}).find(([key]) => normaliseAuthKey(key) === wanted)?.[1] ?? doc.credsStore;
  if (!found && typeof helper === 'string' && helper) {
    core.warning(
      `${file} keeps the credentials of ${wanted} in the credential helper docker-credential-${helper}, which this action does not run; set registry-username and registry-password, or log in with actions/azure-login`,
    );
  }
  return found;
}

function fromEntry(entry: AuthEntry, origin: string): CredentialsSource | undefined {
  let username = typeof entry.username === 'string' ? entry.username : undefined;
  let password = typeof entry.password === 'string' ? entry.password : undefined;
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    registerSecret(entry.auth);
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OperationError(`${origin}: 'auth' is not base64 of user:password`);
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  const identityToken = typeof entry.identitytoken === 'string' ? entry.identitytoken : undefined;
  if (identityToken) {
    registerSecret(identityToken);
    return { credentials: { kind: 'identity-token', identityToken, ...(username ? { username } : {}) }, origin };
  }
  if (username !== undefined && password) {
    registerSecret(password);
    return { credentials: { kind: 'basic', username, password }, origin };
  }
  return undefined;
}
