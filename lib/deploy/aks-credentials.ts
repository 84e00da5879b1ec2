import type * as ContainerServiceModule from '@azure/arm-containerservice';
import type { AzureEndpoints } from '../azure/cloud-endpoints.js';
import { OperationError } from '../runtime/errors.js';
import { redactSecrets } from '../runtime/secrets.js';

/*
 * The cluster's kubeconfig from Azure Resource Manager, as `az aks
 * get-credentials` gets it, without the Azure CLI: `POST
 * …/managedClusters/<name>/listClusterUserCredential` (or
 * `listClusterAdminCredential`) with an ARM token of the workflow's OIDC
 * credential. @azure/arm-containerservice is loaded only here: the refusals
 * before this point never pay for it.
 */

/** What the SDK needs from a credential (GitHubOidcCredential is one). */
export interface ArmTokenCredential {
  getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

export interface ClusterCredentialRequest {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly clusterName: string;
  /** The admin credential (local account) instead of the user credential. */
  readonly admin: boolean;
  readonly endpoints: AzureEndpoints;
  readonly credential: ArmTokenCredential;
  /** For messages. */
  readonly clientId: string;
  readonly timeoutMs?: number;
  readonly loadSdk?: () => Promise<Pick<typeof ContainerServiceModule, 'ContainerServiceClient'>>;
}

export interface ClusterKubeconfig {
  /** `clusterUser`, `clusterAdmin`. */
  readonly name: string;
  readonly text: string;
}

export async function listClusterKubeconfig(request: ClusterCredentialRequest): Promise<ClusterKubeconfig> {
  const { ContainerServiceClient } = await (request.loadSdk ?? (() => import('@azure/arm-containerservice')))();
  const client = new ContainerServiceClient(
    request.credential as ConstructorParameters<typeof ContainerServiceClient>[0],
    request.subscriptionId,
    {
      endpoint: request.endpoints.resourceManager,
      credentials: { scopes: [request.endpoints.resourceManagerScope] },
      retryOptions: { maxRetries: 3, retryDelayInMs: 1000, maxRetryDelayInMs: 8000 },
    },
  );
  const options = { abortSignal: AbortSignal.timeout(request.timeoutMs ?? 60_000) };
  let result: Awaited<ReturnType<typeof client.managedClusters.listClusterUserCredentials>>;
  try {
    result = request.admin
      ? await client.managedClusters.listClusterAdminCredentials(request.resourceGroup, request.clusterName, options)
      : await client.managedClusters.listClusterUserCredentials(request.resourceGroup, request.clusterName, {
          ...options,
          format: 'exec',
        });
  } catch (error) {
    throw armFailure(request, error);
  }
  const first = result.kubeconfigs?.find((k) => k.value && k.value.length > 0);
  if (!first?.value) {
    throw new OperationError(
      `Azure Resource Manager returned no kubeconfig for cluster '${request.clusterName}' in resource group '${request.resourceGroup}'`,
    );
  }
  return {
    name: first.name ?? (request.admin ? 'clusterAdmin' : 'clusterUser'),
    text: Buffer.from(first.value).toString('utf8'),
  };
}

/** A refusal of ARM, explained: which identity lacks which role, or which cluster was not found. */
export function armFailure(request: ClusterCredentialRequest, error: unknown): Error {
  if (!(error instanceof Error)) return new OperationError(String(error));
  // An Entra ID refusal is already explained by the credential.
  if (error.name === 'EntraLoginError' || error.name === 'ConfigurationError') return error;
  const e = error as Error & { statusCode?: number; code?: string };
  const which = request.admin ? 'admin' : 'user';
  const action = request.admin ? 'listClusterAdminCredential' : 'listClusterUserCredential';
  const cluster = `cluster '${request.clusterName}' in resource group '${request.resourceGroup}' of subscription ${request.subscriptionId}`;
  const said = redactSecrets(`${e.code ? `${e.code}: ` : ''}${e.message}`.replace(/\s+/g, ' ').trim()).slice(0, 400);
  if (e.statusCode === 401 || e.statusCode === 403) {
    const role = request.admin
      ? "'Azure Kubernetes Service Cluster Admin Role'"
      : "'Azure Kubernetes Service Cluster User Role'";
    return new OperationError(
      `Azure Resource Manager refused to list the cluster ${which} credential of ${cluster} for the identity '${request.clientId}' (HTTP ${e.statusCode}: ${said}); give it ${role} (or another role allowing Microsoft.ContainerService/managedClusters/${action}/action) on the cluster`,
    );
  }
  if (e.statusCode === 404) {
    return new OperationError(
      `Azure Resource Manager found no ${cluster} (HTTP 404: ${said}); check cluster-name, resource-group and subscription-id`,
    );
  }
  if (e.statusCode !== undefined) {
    return new OperationError(
      `Azure Resource Manager refused to list the cluster ${which} credential of ${cluster} (HTTP ${e.statusCode}: ${said})`,
    );
  }
  if (e.name === 'AbortError' || e.name === 'TimeoutError') {
    return new OperationError(
      `Azure Resource Manager (${request.endpoints.resourceManager}) did not answer in time listing the credential of ${cluster}`,
    );
  }
  return new OperationError(
    `could not reach Azure Resource Manager (${request.endpoints.resourceManager}) to list the credential of ${cluster}: ${said}`,
  );
}
