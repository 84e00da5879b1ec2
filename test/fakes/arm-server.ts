import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makeCertificates } from './azure-server.js';

/*
 * A fake of the part of Azure Resource Manager that `az aks get-credentials`
 * uses: list a managed cluster's user or admin credential.
 *
 *   POST /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService
 *        /managedClusters/{name}/listClusterUserCredential?api-version=…[&format=exec]
 *   -> {"kubeconfigs":[{"name":"clusterUser","value":"<base64 kubeconfig>"}]}
 *
 * Served over TLS (the Azure SDK sends bearer tokens over https only) with
 * its own throw-away CA: `caFile` goes into NODE_EXTRA_CA_CERTS (with the
 * Entra fake's), `url` into AZURE_RESOURCE_MANAGER_ENDPOINT. Like ARM it
 * wants a bearer token (`authorize` decides), answers unknown clusters with
 * ResourceNotFound and refusals with AuthorizationFailed, in ARM's error
 * body. Every request is recorded.
 */

export interface ArmCluster {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  /** The kubeconfig (YAML) listClusterUserCredential returns. */
  readonly userKubeconfig: string;
  /** The kubeconfig listClusterAdminCredential returns (absent: local accounts disabled). */
  readonly adminKubeconfig?: string;
}

export interface ArmRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly token?: string;
  status: number;
}

export interface ArmServer {
  /** `https://127.0.0.1:<port>`: AZURE_RESOURCE_MANAGER_ENDPOINT. */
  readonly url: string;
  readonly caFile: string;
  readonly requests: ArmRequest[];
  addCluster(cluster: ArmCluster): void;
  /** Every credential request is refused with this status from now on (undefined: served again). */
  refuse(status: number | undefined): void;
  close(): Promise<void>;
}

export interface ArmServerOptions {
  /** Which bearer tokens ARM accepts. */
  readonly authorize: (token: string | undefined) => boolean;
}

const CREDENTIAL_PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)\/(listClusterUserCredential|listClusterAdminCredential)$/i;

export async function startArmServer(options: ArmServerOptions): Promise<ArmServer> {
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'arm-fake-tls-'));
  const tls = makeCertificates(certDir);
  const clusters: ArmCluster[] = [];
  const requests: ArmRequest[] = [];
  let refusal: number | undefined;

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ms-request-id': '00000000-0000-0000-0000-000000000000',
    });
    res.end(JSON.stringify(body));
  };
  const armError = (res: ServerResponse, status: number, code: string, message: string): void =>
    json(res, status, { error: { code, message } });

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'https://arm');
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const record: ArmRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(token ? { token } : {}),
      status: 0,
    };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    if (!options.authorize(token)) {
      res.setHeader(
        'www-authenticate',
        'Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
      );
      return armError(
        res,
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing or invalid.",
      );
    }
    if (!url.searchParams.get('api-version')) {
      return armError(
        res,
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    }
    const m = CREDENTIAL_PATH.exec(url.pathname);
    if (!m || req.method !== 'POST') {
      return armError(
        res,
        404,
        'NotFound',
        `No HTTP resource was found that matches the request URI '${url.pathname}'.`,
      );
    }
    const [, subscriptionId, resourceGroup, name, action] = m as unknown as [string, string, string, string, string];
    const scope = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`;
    if (refusal !== undefined) {
      return armError(
        res,
        refusal,
        'AuthorizationFailed',
        `The client '00000000-0000-0000-0000-000000000001' with object id '00000000-0000-0000-0000-000000000001' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/${action}/action' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }
    const cluster = clusters.find(
      (c) =>
        c.subscriptionId === subscriptionId &&
        c.resourceGroup.toLowerCase() === resourceGroup.toLowerCase() &&
        c.name.toLowerCase() === name.toLowerCase(),
    );
    if (!cluster) {
      return armError(
        res,
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    }
    const admin = action.toLowerCase() === 'listclusteradmincredential';
    const kubeconfig = admin ? cluster.adminKubeconfig : cluster.userKubeconfig;
    if (kubeconfig === undefined) {
      return armError(
        res,
        400,
        'BadRequest',
        'Getting static credential is not allowed because this cluster is set to disable local accounts.',
      );
    }
    json(res, 200, {
      kubeconfigs: [
        { name: admin ? 'clusterAdmin' : 'clusterUser', value: Buffer.from(kubeconfig).toString('base64') },
      ],
    });
  };

  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    req.resume();
    req.on('end', () => handle(req, res));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

  return {
    url: `https://127.0.0.1:${port}`,
    caFile: tls.caFile,
    requests,
    addCluster: (cluster) => {
      clusters.push(cluster);
    },
    refuse: (status) => {
      refusal = status;
    },
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}
