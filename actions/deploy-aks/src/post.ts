import * as core from '@actions/core';
import { removeCredentialPath } from '../../../lib/azure/credential-files.js';
import { CREDENTIAL_FILE_STATES } from './state.js';

/**
 * Removes the kubeconfig and the directory main wrote; a no-op for those it
 * did not write. Only paths under RUNNER_TEMP are removed.
 */
export async function post(): Promise<void> {
  for (const key of Object.values(CREDENTIAL_FILE_STATES)) {
    const file = core.getState(key);
    if (!file) continue;
    const outcome = await removeCredentialPath(file);
    if (outcome === 'removed') core.info(`removed ${file}`);
    if (outcome === 'refused') core.warning(`not removing '${file}' saved as ${key}: not a path under RUNNER_TEMP`);
  }
}
