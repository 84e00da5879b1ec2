/**
 * Names under which main saves (core.saveState) the paths of the credential
 * files it writes under RUNNER_TEMP, so the post step can remove them. The
 * file first, then the directory holding it (and kubectl's cache).
 */
export const CREDENTIAL_FILE_STATES = {
  /** The kubeconfig holding the cluster user credential or bearer token. */
  kubeconfig: 'kubeconfig-file',
  /** The 0700 directory holding the kubeconfig and kubectl's cache. */
  credentialsDir: 'credentials-dir',
} as const;
