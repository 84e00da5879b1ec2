/**
 * Names under which main saves (core.saveState) the paths of the credential
 * files it writes under RUNNER_TEMP, so the post step can remove them.
 */
export const CREDENTIAL_FILE_STATES = {
  /** The docker config.json holding the ACR refresh tokens. */
  dockerConfig: 'docker-config-file',
  /** The GitHub ID token file exported as AZURE_FEDERATED_TOKEN_FILE. */
  federatedTokenFile: 'federated-token-file',
  /** The 0700 directory holding both; removed last. */
  credentialsDir: 'credentials-dir',
} as const;
