/**
 * Names under which main saves (core.saveState) the paths of the credential
 * files it writes under RUNNER_TEMP, so the post step can remove them.
 */
export const CREDENTIAL_FILE_STATES = {
  /** The kubeconfig holding the cluster user credential or bearer token. */
  kubeconfig: 'kubeconfig-file',
  /** A GitHub ID token file written when actions/azure-login did not export one. */
  federatedTokenFile: 'federated-token-file',
} as const;
