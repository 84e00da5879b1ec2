import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { CREDENTIAL_FILE_STATES } from './state.js';

/** Removes the credential files main wrote; a no-op for those it did not write. */
export async function post(): Promise<void> {
  for (const key of Object.values(CREDENTIAL_FILE_STATES)) {
    const file = core.getState(key);
    if (!file) continue;
    if (!path.isAbsolute(file)) {
      core.warning(`not removing '${file}' saved as ${key}: not an absolute path`);
      continue;
    }
    if (!existsSync(file)) continue;
    await rm(file, { force: true });
    core.info(`removed ${file}`);
  }
}
