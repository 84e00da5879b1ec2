import { describe, expect, it } from '@jest/globals';
import {
  armFailure,
  listClusterKubeconfig,
  type ClusterCredentialRequest,
} from '../../../lib/deploy/aks-credentials.js';
import { resolveAzureEndpoints } from '../../../lib/azure/cloud-endpoints.js';

const KUBECONFIG = 'apiVersion: v1\nkind: Config\n';

interface Call {
  readonly method: string;
  readonly args: unknown[];
  readonly options: Record<string, unknown>;
}

/** A stand-in for @azure/arm-containerservice that records the client options and calls. */
function stubSdk(answer: () => Promise<unknown>) {
  const calls: Call[] = [];
  const clients: unknown[][] = [];
  class ContainerServiceClient {
    managedClusters = {
      listClusterUserCredentials: (...args: unknown[]) => {
        calls.push({ method: 'user', args: args.slice(0, 2), options: args[2] as Record<string, unknown> });
        return answer();
      },
      listClusterAdminCredentials: (...args: unknown[]) => {
        calls.push({ method: 'admin', args: args.slice(0, 2), options: args[2] as Record<string, unknown> });
        return answer();
      },
    };
    constructor(...args: unknown[]) {
      clients.push(args);
    }
  }
  return { loadSdk: async () => ({ ContainerServiceClient }) as never, calls, clients };
}

function request(overrides: Partial<ClusterCredentialRequest> = {}): ClusterCredentialRequest {
  return {
    subscriptionId: '9a8b7c6d-1234-4e5f-8a9b-0c1d2e3f4a5b',
    resourceGroup: 'rg-app',
    clusterName: 'aks-app',
    admin: false,
    endpoints: resolveAzureEndpoints('AzureUSGovernment', {}),
    credential: { getToken: async () => ({ token: 't', expiresOnTimestamp: 0 }) },
    clientId: '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f',
    ...overrides,
  };
}

describe('listClusterKubeconfig', () => {
  it("lists the user credential in the exec format at the cloud's ARM endpoint and decodes the kubeconfig", async () => {
    const sdk = stubSdk(async () => ({
      kubeconfigs: [{ name: 'clusterUser', value: new TextEncoder().encode(KUBECONFIG) }],
    }));
    const result = await listClusterKubeconfig(request({ loadSdk: sdk.loadSdk }));
    expect(result).toEqual({ name: 'clusterUser', text: KUBECONFIG });
    expect(sdk.calls.map((c) => [c.method, c.args, c.options['format']])).toEqual([
      ['user', ['rg-app', 'aks-app'], 'exec'],
    ]);
    expect(sdk.calls[0]?.options['abortSignal']).toBeInstanceOf(AbortSignal);
    const [, subscription, options] = sdk.clients[0] as [unknown, string, Record<string, unknown>];
    expect(subscription).toBe('9a8b7c6d-1234-4e5f-8a9b-0c1d2e3f4a5b');
    expect(options).toMatchObject({
      endpoint: 'https://management.usgovcloudapi.net',
      credentials: { scopes: ['https://management.usgovcloudapi.net/.default'] },
    });
  });

  it('lists the admin credential with admin: true', async () => {
    const sdk = stubSdk(async () => ({
      kubeconfigs: [{ name: 'clusterAdmin', value: new TextEncoder().encode(KUBECONFIG) }],
    }));
    expect((await listClusterKubeconfig(request({ admin: true, loadSdk: sdk.loadSdk }))).name).toBe('clusterAdmin');
    expect(sdk.calls[0]?.method).toBe('admin');
  });

  it('fails when ARM returns no kubeconfig', async () => {
    const sdk = stubSdk(async () => ({ kubeconfigs: [] }));
    await expect(listClusterKubeconfig(request({ loadSdk: sdk.loadSdk }))).rejects.toThrow(
      "Azure Resource Manager returned no kubeconfig for cluster 'aks-app' in resource group 'rg-app'",
    );
  });

  it('explains a refusal: the role that is missing, or the cluster that was not found', async () => {
    const forbidden = Object.assign(new Error("The client '…' does not have authorization to perform action"), {
      statusCode: 403,
      code: 'AuthorizationFailed',
    });
    const sdk = stubSdk(async () => {
      throw forbidden;
    });
    await expect(listClusterKubeconfig(request({ loadSdk: sdk.loadSdk }))).rejects.toThrow(
      "Azure Resource Manager refused to list the cluster user credential of cluster 'aks-app' in resource group 'rg-app' of subscription 9a8b7c6d-1234-4e5f-8a9b-0c1d2e3f4a5b for the identity '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f' (HTTP 403: AuthorizationFailed: The client '…' does not have authorization to perform action); give it 'Azure Kubernetes Service Cluster User Role' (or another role allowing Microsoft.ContainerService/managedClusters/listClusterUserCredential/action) on the cluster",
    );
    expect(armFailure(request({ admin: true }), forbidden).message).toContain(
      "'Azure Kubernetes Service Cluster Admin Role'",
    );
    const missing = Object.assign(
      new Error("The Resource 'Microsoft.ContainerService/managedClusters/aks-app' was not found."),
      {
        statusCode: 404,
        code: 'ResourceNotFound',
      },
    );
    expect(armFailure(request(), missing).message).toMatch(
      /^Azure Resource Manager found no cluster 'aks-app' in resource group 'rg-app' of subscription .*check cluster-name, resource-group and subscription-id$/,
    );
    const unreachable = armFailure(
      request(),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    );
    expect(unreachable.message).toContain(
      'could not reach Azure Resource Manager (https://management.usgovcloudapi.net)',
    );
    // Entra ID's refusal is already explained by the credential: passed on as it is.
    const entra = Object.assign(new Error('Entra ID refused'), { name: 'EntraLoginError' });
    expect(armFailure(request(), entra)).toBe(entra);
  });
});
