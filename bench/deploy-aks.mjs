// deploy-aks benchmark: the whole of actions/deploy-aks/dist/index.js (login,
// cluster credentials from ARM's listClusterUserCredential, server-side
// apply of a Deployment and a Service, rollout wait) with the machine's real
// kubectl against the fakes of test/fakes/ on 127.0.0.1; the fake API server
// completes rollouts at once. verify-signatures and kube-score are off. The
// children get NODE_EXTRA_CA_CERTS set to the Entra and ARM fakes' CAs alone.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jobDirs } from '../scripts/lib/local-runner.mjs';
import { importFake } from './lib/fakes.mjs';
import { median, runStep } from './lib/step.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f';
const SUBSCRIPTION = '9a8b7c6d-1234-4e5f-8a9b-0c1d2e3f4a5b';
const SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main';
const AKS_SERVER_APP = '6dae42f8-4368-4678-94ff-3960e28e3630';
const RESOURCE_GROUP = 'rg-app';
const CLUSTER = 'aks-app';
const NAMESPACE = 'bench';
const IMAGE = `myacr.azurecr.io/team/web@sha256:${'1'.repeat(64)}`;

/** The kubeconfig AKS returns for an Entra-enabled cluster: kubelogin as exec plugin (the action replaces it). */
const kubeloginUser = () => ({
  exec: {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: 'kubelogin',
    args: ['get-token', '--login', 'azurecli', '--server-id', AKS_SERVER_APP, '--tenant-id', TENANT],
    env: null,
    provideClusterInfo: false,
  },
});

const MANIFEST = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: { name: web, labels: { app: web } }',
  'spec:',
  '  replicas: 2',
  '  selector: { matchLabels: { app: web } }',
  '  template:',
  '    metadata: { labels: { app: web } }',
  `    spec: { containers: [{ name: web, image: "${IMAGE}" }] }`,
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata: { name: web }',
  'spec:',
  '  selector: { app: web }',
  '  ports: [{ port: 80, targetPort: 8080 }]',
  '',
].join('\n');

export async function benchDeployAks() {
  const { startOidcServer } = await importFake('oidc-server');
  const { startAzureServer } = await importFake('azure-server');
  const { startArmServer } = await importFake('arm-server');
  const { startKubeApiServer } = await importFake('kube-api-server');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-deploy-aks-'));
  const dirs = jobDirs(scratch);
  const servers = [];
  try {
    const oidc = await startOidcServer();
    servers.push(oidc);
    const azure = await startAzureServer({ tenantId: TENANT, clientId: CLIENT, subjects: [SUBJECT] });
    servers.push(azure);
    const aksToken = (token) =>
      azure.accessTokens.some((t) => t.token === token && t.scope === `${AKS_SERVER_APP}/.default`);
    const api = await startKubeApiServer({ authorize: (token) => token !== undefined && aksToken(token) });
    servers.push(api);
    const arm = await startArmServer({
      authorize: (token) => azure.accessTokens.some((t) => t.token === token && t.scope === `${arm.url}/.default`),
    });
    servers.push(arm);
    arm.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: RESOURCE_GROUP,
      name: CLUSTER,
      userKubeconfig: api.kubeconfig(kubeloginUser()),
      adminKubeconfig: api.kubeconfig(kubeloginUser()),
    });
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
    const caBundle = path.join(scratch, 'ca-bundle.pem');
    writeFileSync(caBundle, `${readFileSync(azure.caFile, 'utf8')}\n${readFileSync(arm.caFile, 'utf8')}`);
    mkdirSync(path.join(dirs.workspace, 'k8s'), { recursive: true });
    writeFileSync(path.join(dirs.workspace, 'k8s', 'web.yaml'), MANIFEST);
    const fakeEnv = {
      ...oidc.env,
      NODE_EXTRA_CA_CERTS: caBundle,
      AZURE_AUTHORITY_HOST: azure.authorityHost,
      AZURE_RESOURCE_MANAGER_ENDPOINT: arm.url,
    };
    const inputs = {
      'resource-group': RESOURCE_GROUP,
      'cluster-name': CLUSTER,
      'subscription-id': SUBSCRIPTION,
      'azure-client-id': CLIENT,
      'azure-tenant-id': TENANT,
      manifests: 'k8s/',
      namespace: NAMESPACE,
      'verify-signatures': 'false',
      'kube-score': 'false',
      timeout: '60s',
    };
    const samples = [];
    // The first run warms the file cache (and creates the objects); the timed runs apply a changed pod template.
    for (let i = 0; i < RUNS + 1; i++) {
      writeFileSync(
        path.join(dirs.workspace, 'k8s', 'web.yaml'),
        MANIFEST.replace('{ labels: { app: web } }\n    spec', `{ labels: { app: web, round: "r${i}" } }\n    spec`),
      );
      const credentialsBefore = arm.requests.length;
      const r = await runStep('deploy-aks', inputs, dirs, fakeEnv);
      if (!/successfully rolled out/.test(r.log)) throw new Error(`no rollout in the log:\n${r.log}`);
      if (arm.requests.length <= credentialsBefore) throw new Error('deploy-aks asked ARM for no credentials');
      if (i > 0) samples.push(r.wallMs);
    }
    const m = median(samples);
    console.log(
      `\ndeploy-aks: median wall time of the whole action over ${RUNS} runs (login, ARM credentials, apply, rollout; real kubectl, fakes on 127.0.0.1)`,
    );
    console.log('subject'.padEnd(16) + 'median ms'.padStart(11) + 'min ms'.padStart(10) + 'max ms'.padStart(10));
    console.log(
      'deploy-aks'.padEnd(16) +
        m.toFixed(1).padStart(11) +
        Math.min(...samples)
          .toFixed(1)
          .padStart(10) +
        Math.max(...samples)
          .toFixed(1)
          .padStart(10),
    );
    return { deployMs: m };
  } finally {
    for (const s of servers.reverse()) await s.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
