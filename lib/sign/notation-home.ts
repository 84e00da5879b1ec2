import { mkdir, rm } from 'node:fs/promises';
import { Notation, type NotationDirectories } from '../cli/notation.js';
import { createCredentialsDir } from '../azure/credential-files.js';

/*
 * A notation configuration of its own for one step: a fresh 0700 directory
 * under RUNNER_TEMP holding the trust store, the trust policy, the plugins
 * and the signature cache. Nothing is read from or left in the user's home
 * (~/.config/notation), so a step never inherits another step's trust, and it
 * is removed when the step is done.
 */

export interface NotationHome {
  readonly root: string;
  readonly dirs: NotationDirectories;
  /** The environment every notation run of the step gets. */
  readonly env: NodeJS.ProcessEnv;
  remove(): Promise<void>;
}

export async function createNotationHome(base: NodeJS.ProcessEnv = process.env): Promise<NotationHome> {
  const root = await createCredentialsDir('devsecops-notation', base);
  const dirs = Notation.directories(root);
  for (const dir of new Set([dirs.config, dirs.libexec, dirs.cache]))
    await mkdir(dir, { recursive: true, mode: 0o700 });
  return {
    root,
    dirs,
    env: Notation.environment(root, base),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
