import { removeSavedCredentialPaths } from '../../../lib/azure/credential-files.js';
import { CREDENTIAL_FILE_STATES } from './state.js';

/** Removes the credential files and the directory main wrote; a no-op for those it did not write. */
export async function post(): Promise<void> {
  await removeSavedCredentialPaths(Object.values(CREDENTIAL_FILE_STATES));
}
