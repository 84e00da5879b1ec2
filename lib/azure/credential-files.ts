import * as core from '@actions/core';
import { chmod, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isInside } from '../runtime/inputs.js';

/*
 * Files that hold credentials (the docker config with ACR tokens, the
 * federated token file) live in a fresh directory under RUNNER_TEMP that
 * only the runner's user can enter (0700), each file readable only by it
 * (0600), and are removed by the post step.
 */

/** RUNNER_TEMP, or the system's temp directory outside the runner (the local command line). */
export function runnerTempDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env['RUNNER_TEMP'] || os.tmpdir());
}

/** A fresh 0700 directory under the runner's temp directory. */
export async function createCredentialsDir(prefix: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const root = runnerTempDir(env);
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(path.join(root, `${prefix}-`));
  await chmod(dir, 0o700);
  return dir;
}

/** A fresh 0700 subdirectory. */
export async function createPrivateDir(dir: string): Promise<string> {
  await mkdir(dir, { mode: 0o700 });
  await chmod(dir, 0o700);
  return dir;
}

/** Writes a new file (never over an existing one) readable and writable by its owner only. */
export async function writePrivateFile(file: string, content: string): Promise<void> {
  await writeFile(file, content, { mode: 0o600, flag: 'wx' });
  // The mode given to open() is filtered by the umask; make it exact.
  await chmod(file, 0o600);
}

/**
 * Removes a credential file or directory a main step wrote, when it lies
 * under the runner's temp directory (state is read back from a file, so the
 * path is checked before anything is deleted). Returns what it did.
 */
export async function removeCredentialPath(
  target: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<'removed' | 'absent' | 'refused'> {
  if (!path.isAbsolute(target)) return 'refused';
  const root = await realpath(runnerTempDir(env)).catch(() => runnerTempDir(env));
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    return 'absent';
  }
  if (!isInside(root, real) || real === root) return 'refused';
  await rm(real, { recursive: true, force: true });
  return 'removed';
}

/**
 * The post step of an action that wrote credential files: removes each path
 * saved under one of `stateKeys` (files before the directory that holds
 * them, in the order given); paths outside RUNNER_TEMP are refused.
 */
export async function removeSavedCredentialPaths(stateKeys: readonly string[]): Promise<void> {
  for (const key of stateKeys) {
    const file = core.getState(key);
    if (!file) continue;
    const outcome = await removeCredentialPath(file);
    if (outcome === 'removed') core.info(`removed ${file}`);
    if (outcome === 'refused') core.warning(`not removing '${file}' saved as ${key}: not a path under RUNNER_TEMP`);
  }
}
