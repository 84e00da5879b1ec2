import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { currentPlatform } from '../../lib/tools/platform.js';
import { TOOL_MANIFEST } from '../../lib/tools/manifest.js';
import { startArmServer, type ArmServer } from '../fakes/arm-server.js';
import { createFakeExecutable, type FakeCase, type FakeExecutable } from '../fakes/fake-executable.js';
import { makeTarGz, startToolMirror, type ToolMirror } from '../fakes/tool-mirror.js';
import { startAzureServer, type AzureServer } from '../fakes/azure-server.js';
import { startKubeApiServer, type KubeApiServer, type KubeObject } from '../fakes/kube-api-server.js';
import { startOidcServer, type OidcServer } from '../fakes/oidc-server.js';
import { assertNoStackTrace, runAction, type ActionResult, type RunActionOptions } from '../harness/run-action.js';

/*
 * actions/deploy-aks end to end: the committed dist, run as the runner runs
 * it, with the machine's real kubectl against a fake Kubernetes API server
 * (test/fakes/kube-api-server.ts), the cluster's kubeconfig from a fake Azure
 * Resource Manager (https, its own CA) with an ARM token from the Entra ID
 * fake, and GitHub's OIDC token endpoint (fake). The cluster is
 * Entra-enabled: its kubeconfig runs kubelogin, which the action replaces
 * with a token for the AKS server application; the fake API server accepts
 * only such tokens.
 */

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f';
const SUBSCRIPTION = '9a8b7c6d-1234-4e5f-8a9b-0c1d2e3f4a5b';
const SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main';
const AKS_SERVER_APP = '6dae42f8-4368-4678-94ff-3960e28e3630';
const RESOURCE_GROUP = 'rg-app';
const CLUSTER = 'aks-app';
const ADMIN_TOKEN = 'static-admin-token-0123456789abcdef';
const REGISTRY = 'myacr.azurecr.io';
const WEB_V1 = `${REGISTRY}/team/web@sha256:${'1'.repeat(64)}`;
const WEB_V2 = `${REGISTRY}/team/web@sha256:${'2'.repeat(64)}`;
const REPORT = `${REGISTRY}/team/report@sha256:${'3'.repeat(64)}`;
const MIGRATE = `${REGISTRY}/team/migrate@sha256:${'4'.repeat(64)}`;

let oidc: OidcServer;
let azure: AzureServer;
let arm: ArmServer;
let api: KubeApiServer;
let mirror: ToolMirror;
let scratch: string;
let caBundle: string;
const PLATFORM = currentPlatform()!;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const results: ActionResult[] = [];

/** The kubeconfig AKS returns for an Entra-enabled cluster (`format=exec`): kubelogin as an exec plugin. */
function kubeloginUser(): Record<string, unknown> {
  return {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'kubelogin',
      args: [
        'get-token',
        '--login',
        'azurecli',
        '--server-id',
        AKS_SERVER_APP,
        '--client-id',
        '80faf920-1908-4b52-b5ef-a8e7bedfc67a',
        '--tenant-id',
        TENANT,
        '--environment',
        'AzurePublicCloud',
      ],
      env: null,
      installHint: 'kubelogin is not installed which is required to connect to AAD enabled cluster.',
      provideClusterInfo: false,
    },
  };
}

const aksTokens = (): string[] =>
  azure.accessTokens.filter((t) => t.scope === `${AKS_SERVER_APP}/.default`).map((t) => t.token);

beforeAll(async () => {
  scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'deploy-aks-e2e-')));
  oidc = await startOidcServer();
  mirror = await startToolMirror();
  azure = await startAzureServer({ tenantId: TENANT, clientId: CLIENT, subjects: [SUBJECT] });
  api = await startKubeApiServer({
    authorize: (token) => token === ADMIN_TOKEN || (token !== undefined && aksTokens().includes(token)),
  });
  arm = await startArmServer({
    authorize: (token) => azure.accessTokens.some((t) => t.token === token && t.scope === `${arm.url}/.default`),
  });
  arm.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RESOURCE_GROUP,
    name: CLUSTER,
    userKubeconfig: api.kubeconfig(kubeloginUser()),
    adminKubeconfig: api.kubeconfig({ token: ADMIN_TOKEN }),
  });
  caBundle = path.join(scratch, 'ca-bundle.pem');
  writeFileSync(caBundle, `${readFileSync(azure.caFile, 'utf8')}\n${readFileSync(arm.caFile, 'utf8')}`);
  for (const name of [
    'prod',
    'rollback',
    'dry',
    'refused',
    'kustomized',
    'charted',
    'jobs',
    'admin',
    'multi',
    'pinned',
    'partial',
  ]) {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([oidc?.close(), azure?.close(), arm?.close(), api?.close(), mirror?.close()]);
  rmSync(scratch, { recursive: true, force: true });
});

afterEach(async () => {
  for (const result of results.splice(0)) await result.cleanup();
});

function workspace(files: Record<string, string>): string {
  const ws = mkdtempSync(path.join(scratch, 'ws-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
    writeFileSync(path.join(ws, file), text);
  }
  return ws;
}

function fakeEnv(): Record<string, string> {
  return {
    ...oidc.env,
    NODE_EXTRA_CA_CERTS: caBundle,
    AZURE_AUTHORITY_HOST: azure.authorityHost,
    AZURE_RESOURCE_MANAGER_ENDPOINT: arm.url,
  };
}

async function deploy(inputs: Record<string, string>, options: RunActionOptions = {}): Promise<ActionResult> {
  const result = await runAction('deploy-aks', {
    timeoutMs: 120_000,
    ...options,
    inputs: {
      'resource-group': RESOURCE_GROUP,
      'cluster-name': CLUSTER,
      'subscription-id': SUBSCRIPTION,
      'azure-client-id': CLIENT,
      'azure-tenant-id': TENANT,
      'verify-signatures': 'false',
      timeout: '60s',
      ...inputs,
    },
    env: { ...fakeEnv(), ...(options.env ?? {}) },
  });
  results.push(result);
  // DEPLOY_AKS_E2E_LOG=1 prints each run's log and summary, to read what a user would see.
  if (process.env['DEPLOY_AKS_E2E_LOG']) console.log(`${result.log}\n--- summary ---\n${result.summary}`);
  return result;
}

function deployment(name: string, image: string, extra: string[] = []): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  labels: { app: web }',
    'spec:',
    '  replicas: 2',
    `  selector: { matchLabels: { app: ${name} } }`,
    '  template:',
    `    metadata: { labels: { app: ${name} } }`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ${image}`,
    ...extra,
    '',
  ].join('\n');
}

const CRONJOB = [
  'apiVersion: batch/v1',
  'kind: CronJob',
  'metadata:',
  '  name: report',
  'spec:',
  '  schedule: "0 3 * * *"',
  '  jobTemplate:',
  '    spec:',
  '      template:',
  '        spec:',
  '          restartPolicy: OnFailure',
  '          initContainers:',
  '            - name: migrate',
  '              image: team/migrate:1.4',
  '          containers:',
  '            - name: report',
  '              image: report:latest',
  '',
].join('\n');

const SERVICE = [
  'apiVersion: v1',
  'kind: Service',
  'metadata: { name: web }',
  'spec:',
  '  selector: { app: web }',
  '  ports: [{ port: 80, targetPort: 8080 }]',
  '',
].join('\n');

function containerImages(object: KubeObject | undefined, ...specPath: string[]): string[] {
  let spec: unknown = object;
  for (const key of specPath) spec = (spec as Record<string, unknown> | undefined)?.[key];
  const s = (spec ?? {}) as { initContainers?: Array<{ image: string }>; containers?: Array<{ image: string }> };
  return [...(s.initContainers ?? []), ...(s.containers ?? [])].map((c) => c.image);
}

/** A secret may appear in the log only as the value of its own `::add-mask::` line, and nowhere else. */
function expectMasked(result: ActionResult, secret: string): void {
  expect(result.masked).toContain(secret);
  const leaks = result.log.split(/\r?\n/).filter((line) => line.includes(secret) && line !== `::add-mask::${secret}`);
  expect(leaks).toEqual([]);
  expect(result.summary).not.toContain(secret);
  expect(JSON.stringify(result.outputs)).not.toContain(secret);
  expect(JSON.stringify(result.state)).not.toContain(secret);
}

describe('actions/deploy-aks', () => {
  it('deploys by digest with server-side apply, annotates the run, waits for the rollout, and cleans up the kubeconfig', async () => {
    const ws = workspace({
      'k8s/web.yaml': `${deployment('web', 'web:1.0')}---\n${SERVICE}`,
      'k8s/cron/report.yaml': CRONJOB,
    });
    const apiBefore = api.requests.length;
    const tokensBefore = aksTokens().length;
    // The Deployment's rollout is in progress until kubectl watches it, then completes.
    api.queueRollouts('Deployment', 'prod', 'web', [{ outcome: 'complete', when: 'on-watch' }]);
    const result = await deploy(
      {
        manifests: 'k8s/',
        namespace: 'prod',
        images: `web=${WEB_V1}\nreport=${REPORT}\nteam/migrate=${MIGRATE}`,
        'allowed-registries': REGISTRY,
      },
      { workspace: ws, post: false },
    );
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    assertNoStackTrace(result.log);

    expect(result.outputs['rollout']).toBe('succeeded');
    expect(result.outputs['resources']?.split('\n').sort()).toEqual(
      ['CronJob/prod/report', 'Deployment/prod/web', 'Service/prod/web'].sort(),
    );
    expect(result.outputs['images']?.split('\n').sort()).toEqual([MIGRATE, REPORT, WEB_V1].sort());

    // What runs is what was asked for: the Deployment's container and the CronJob's container and init container.
    const web = api.object('Deployment', 'prod', 'web');
    expect(containerImages(web, 'spec', 'template', 'spec')).toEqual([WEB_V1]);
    const report = api.object('CronJob', 'prod', 'report');
    expect(containerImages(report, 'spec', 'jobTemplate', 'spec', 'template', 'spec')).toEqual([MIGRATE, REPORT]);

    // Every object carries the run; the pod template does not (a new run alone restarts nothing).
    for (const object of [web, report, api.object('Service', 'prod', 'web')]) {
      expect(object?.metadata.annotations).toMatchObject({
        'devsecops.github.io/run-url': 'https://github.com/octo-org/octo-repo/actions/runs/1658821493',
        'devsecops.github.io/commit-sha': 'ffac537e6cbbf934b08745a378932722df287a53',
        'devsecops.github.io/repository': 'octo-org/octo-repo',
        'devsecops.github.io/ref': 'refs/heads/main',
      });
    }
    const template = (web?.spec?.['template'] ?? {}) as { metadata?: { annotations?: Record<string, string> } };
    expect(template.metadata?.annotations?.['devsecops.github.io/run-url']).toBeUndefined();

    // One server-side apply per object, by our field manager, taking conflicting fields over.
    const requests = api.requests.slice(apiBefore);
    const applies = requests.filter((r) => r.method === 'PATCH');
    expect(applies.map((r) => r.path).sort()).toEqual(
      [
        '/api/v1/namespaces/prod/services/web',
        '/apis/apps/v1/namespaces/prod/deployments/web',
        '/apis/batch/v1/namespaces/prod/cronjobs/report',
      ].sort(),
    );
    for (const r of applies) {
      expect(r.contentType).toMatch(/^application\/apply-patch\+yaml/);
      expect(r.query).toMatchObject({ fieldManager: 'devsecops-deploy-aks', force: 'true' });
      expect(r.query['dryRun']).toBeUndefined();
    }
    // kubectl watched the Deployment's rollout until it completed.
    expect(result.log).toContain(
      'Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated...',
    );
    expect(result.log).toContain('deployment "web" successfully rolled out');
    expect(
      requests.some(
        (r) =>
          r.path === '/apis/apps/v1/namespaces/prod/deployments' &&
          r.query['watch'] === 'true' &&
          r.query['fieldSelector'] === 'metadata.name=web',
      ),
    ).toBe(true);

    // The API server saw only the AKS server application's token from Entra ID, never anything else.
    const issued = aksTokens().slice(tokensBefore);
    expect(issued.length).toBeGreaterThan(0);
    for (const r of requests) expect(issued).toContain(r.token);
    expect(arm.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER}/listClusterUserCredential`,
      status: 200,
    });
    for (const token of issued) expectMasked(result, token);

    // The kubeconfig: a 0600 file in a fresh 0700 directory under RUNNER_TEMP, with the token instead of kubelogin.
    const kubeconfig = result.state['kubeconfig-file']!;
    const dir = result.state['credentials-dir']!;
    expect(path.dirname(kubeconfig)).toBe(dir);
    expect(path.relative(result.runnerTemp, kubeconfig).startsWith('..')).toBe(false);
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const written = readFileSync(kubeconfig, 'utf8');
    expect(written).not.toContain('kubelogin');
    expect(issued.some((t) => written.includes(t))).toBe(true);

    // The post step removes it.
    const post = await runAction('deploy-aks', {
      workspace: ws,
      runnerTemp: result.runnerTemp,
      post: false,
      env: { 'STATE_devsecops-post': 'true', 'STATE_kubeconfig-file': kubeconfig, 'STATE_credentials-dir': dir },
    });
    results.push(post);
    expect(post.exitCode).toBe(0);
    expect(existsSync(kubeconfig)).toBe(false);
    expect(existsSync(dir)).toBe(false);

    // A summary a person reads in ten seconds.
    expect(result.summary).toContain('Deployed to AKS');
    expect(result.summary).toContain('Deployment prod/web');
    expect(result.summary).toContain(WEB_V1);
  });

  it('refuses an image not pinned by digest before any request to Azure, naming it and where it is', async () => {
    const ws = workspace({
      'k8s/web.yaml': deployment('web', 'web:1.0', [
        '        - name: sidecar',
        '          image: envoyproxy/envoy:v1.31',
      ]),
      'k8s/report.yaml': CRONJOB,
    });
    const before = { arm: arm.requests.length, entra: azure.tokenRequests.length, api: api.requests.length };
    const result = await deploy(
      { manifests: 'k8s/*.yaml', namespace: 'refused', images: `web=${WEB_V1}` },
      { workspace: ws },
    );
    expect(result.exitCode).toBe(1);
    assertNoStackTrace(result.log);
    // Nothing reached Azure or the cluster.
    expect(arm.requests.length).toBe(before.arm);
    expect(azure.tokenRequests.length).toBe(before.entra);
    expect(api.requests.length).toBe(before.api);
    expect(result.outputs).toEqual({});
    // One annotation per unpinned image, at its line; the failure names them all.
    const errors = result.annotations.filter((a) => a.level === 'error');
    const located = errors.filter((a) => a.file);
    expect(located.map((a) => [a.file, a.line])).toEqual([
      ['k8s/report.yaml', 14],
      ['k8s/report.yaml', 17],
      ['k8s/web.yaml', 16],
    ]);
    const failure = errors.find((a) => !a.file)!.message;
    expect(failure).toContain('3 images are not pinned by digest (require-digest)');
    expect(failure).toContain("k8s/web.yaml:16: Deployment web, container 'sidecar': 'envoyproxy/envoy:v1.31'");
    expect(failure).toContain("k8s/report.yaml:14: CronJob report, init container 'migrate': 'team/migrate:1.4'");
    expect(failure).toContain("k8s/report.yaml:17: CronJob report, container 'report': 'report:latest'");
    // The substituted image is not among them.
    expect(failure).not.toContain("container 'web'");
    expect(result.summary).toContain('Deploy to AKS refused');
    expect(result.summary).toContain('k8s/report.yaml:14 CronJob report (migrate)');
    // Post has nothing to remove.
    expect(result.post?.exitCode).toBe(0);
    expect(result.post?.log).not.toContain('removed ');
  });

  it('refuses an image from a registry outside allowed-registries before any request to Azure', async () => {
    const foreign = `docker.io/library/nginx@sha256:${'5'.repeat(64)}`;
    const ws = workspace({
      'k8s/web.yaml': deployment('web', 'web:1.0', [
        '        - name: proxy',
        `          image: nginx@sha256:${'5'.repeat(64)}`,
      ]),
    });
    const before = { arm: arm.requests.length, entra: azure.tokenRequests.length };
    const result = await deploy(
      { manifests: 'k8s/web.yaml', images: `web=${WEB_V1}`, 'allowed-registries': REGISTRY },
      { workspace: ws },
    );
    expect(result.exitCode).toBe(1);
    expect(arm.requests.length).toBe(before.arm);
    expect(azure.tokenRequests.length).toBe(before.entra);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors.filter((a) => a.file).map((a) => [a.file, a.line])).toEqual([['k8s/web.yaml', 16]]);
    const failure = errors.find((a) => !a.file)!.message;
    expect(failure).toContain(`1 image comes from a registry outside allowed-registries (${REGISTRY})`);
    expect(failure).toContain(`container 'proxy': 'nginx@sha256:${'5'.repeat(64)}'`);
    expect(failure).toContain('docker.io');
    expect(failure).not.toContain(foreign.replace('nginx', 'web'));
  });

  it('rolls back a failed rollout to the revision before it, prints the events that explain it, and fails', async () => {
    // The release running before this deploy: revision 1 with WEB_V1.
    api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'rollback', annotations: { 'devsecops.github.io/run-url': 'earlier-run' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: WEB_V1 }] } },
      },
    });
    expect(
      api.object('Deployment', 'rollback', 'web')?.metadata.annotations?.['deployment.kubernetes.io/revision'],
    ).toBe('1');
    // The new revision never becomes available: its pods cannot pull the image. kubectl sees it while watching.
    api.queueRollouts('Deployment', 'rollback', 'web', [{ outcome: 'fail', when: 'on-watch' }]);

    const ws = workspace({ 'k8s/web.yaml': deployment('web', 'web') });
    const result = await deploy(
      { manifests: 'k8s/web.yaml', namespace: 'rollback', images: `web=${WEB_V2}` },
      { workspace: ws },
    );
    expect(result.exitCode).toBe(1);
    assertNoStackTrace(result.log);
    expect(result.outputs['rollout']).toBe('rolled-back');
    expect(result.outputs['resources']).toBe('Deployment/rollback/web');
    expect(result.outputs['images']).toBe(WEB_V2);

    // Rolled back to revision 1: the old image runs again, under its own run annotation.
    const web = api.object('Deployment', 'rollback', 'web');
    expect(containerImages(web, 'spec', 'template', 'spec')).toEqual([WEB_V1]);
    expect(web?.metadata.annotations?.['devsecops.github.io/run-url']).toBe('earlier-run');
    const undo = api
      .requestsTo('PATCH', /\/namespaces\/rollback\/deployments\/web$/)
      .filter((r) => r.contentType?.startsWith('application/json-patch+json'));
    expect(undo).toHaveLength(1);

    // The log explains it: the progress deadline, the pod that cannot pull, the events.
    expect(result.log).toContain('deployment "web" exceeded its progress deadline');
    expect(result.log).toMatch(
      /pod web-\w+-\w+, container web: ImagePullBackOff: Back-off pulling image "myacr\.azurecr\.io\/team\/web@sha256:2{64}"/,
    );
    expect(result.log).toMatch(/Warning Failed Pod\/web-\w+-\w+: Failed to pull image/);
    expect(result.log).toMatch(/Normal ScalingReplicaSet Deployment\/web: Scaled up replica set web-\w+ to 1/);
    const failure = result.annotations.filter((a) => a.level === 'error').at(-1)!.message;
    expect(failure).toContain(
      'the rollout failed: Deployment rollback/web: deployment "web" exceeded its progress deadline',
    );
    expect(failure).toContain('rolled back Deployment rollback/web to revision 1');
    expect(result.summary).toContain('rolled back');
    expect(result.summary).toContain('ImagePullBackOff');
    // The post step removed the kubeconfig.
    expect(result.post?.exitCode).toBe(0);
    expect(existsSync(result.state['kubeconfig-file']!)).toBe(false);
  });

  it('runs a server-side dry run: the API server admits everything, nothing is stored, nothing is waited for', async () => {
    const ws = workspace({ 'k8s/web.yaml': deployment('web', 'web:1.0'), 'k8s/report.yaml': CRONJOB });
    const apiBefore = api.requests.length;
    const result = await deploy(
      {
        manifests: 'k8s',
        namespace: 'dry',
        images: `web=${WEB_V1}\nreport=${REPORT}\nteam/migrate=${MIGRATE}`,
        'dry-run': 'true',
      },
      { workspace: ws },
    );
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs['rollout']).toBe('dry-run');
    expect(result.outputs['resources']?.split('\n').sort()).toEqual(['CronJob/dry/report', 'Deployment/dry/web']);
    const requests = api.requests.slice(apiBefore);
    const patches = requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(2);
    for (const r of patches) expect(r.query['dryRun']).toBe('All');
    expect(requests.some((r) => r.query['watch'] === 'true')).toBe(false);
    expect(api.object('Deployment', 'dry', 'web')).toBeUndefined();
    expect(api.object('CronJob', 'dry', 'report')).toBeUndefined();
    expect(result.summary).toContain('Dry run');
  });
});

/** A fake tool packaged as its release archive on the mirror; returns the fake and the archive's sha256. */
function serveFakeTool(
  tool: 'kube-score' | 'notation' | 'helm',
  version: string,
  cases: FakeCase[],
): { fake: FakeExecutable; sha256: string } {
  const dir = mkdtempSync(path.join(scratch, `${tool}-`));
  const fake = createFakeExecutable(dir, tool, { cases });
  const pinned = TOOL_MANIFEST[tool];
  const executable = pinned.executable(version, PLATFORM);
  const archive = makeTarGz({ [executable]: readFileSync(fake.path), LICENSE: 'test copy\n' }, { [executable]: 0o755 });
  const asset = pinned.locate(version, PLATFORM)!;
  if (pinned.source.kind === 'github-release') {
    mirror.serveRelease(pinned.source.repo, pinned.source.tag(version), asset.file, archive);
  } else {
    mirror.serveHost(pinned.source.host, asset.path ?? asset.file, archive);
  }
  return { fake, sha256: sha256(archive) };
}

describe('actions/deploy-aks gates before the cluster', () => {
  const KUBE_SCORE = '1.20.0';
  const NOTATION = '1.3.2';

  it('fails the kube-score gate on the manifests as they will be applied, before any request to Azure', async () => {
    const score = [
      {
        object_name: 'Deployment/apps/v1//web',
        type_meta: { kind: 'Deployment', apiVersion: 'apps/v1' },
        object_meta: { name: 'web' },
        checks: [
          {
            check: {
              id: 'container-security-context-privileged',
              name: 'Container Security Context Privileged',
              target_type: 'Pod',
              comment: 'Makes sure that all pods have a unprivileged security context set',
              optional: false,
            },
            grade: 1,
            skipped: false,
            comments: [
              {
                path: 'web',
                summary: 'The container is privileged',
                description: 'Set securityContext.privileged to false.',
              },
            ],
          },
        ],
        file_name: 'manifests.yaml',
        file_row: 1,
      },
    ];
    const { fake, sha256: kubeScoreSha } = serveFakeTool('kube-score', KUBE_SCORE, [
      {
        expect: ['version'],
        stdout: `kube-score version: ${KUBE_SCORE}, commit: 0000000, built: 2025-01-01T00:00:00Z\n`,
      },
      {
        expect: {
          startsWith: ['score', '--output-format', 'json', '--kubernetes-version', 'v1.33', '--'],
          patterns: [/\/devsecops-deploy-aks-[^/]+\/manifests\.yaml$/],
        },
        stdout: JSON.stringify(score),
        exitCode: 1,
      },
    ]);
    const ws = workspace({
      'k8s/web.yaml': deployment('web', 'web', ['          securityContext: { privileged: true }']),
    });
    const before = { arm: arm.requests.length, entra: azure.tokenRequests.length };
    const result = await deploy(
      {
        manifests: 'k8s/web.yaml',
        images: `web=${WEB_V1}`,
        'kube-score': 'true',
        'kube-score-version': KUBE_SCORE,
        'kube-score-sha256': kubeScoreSha,
        'tool-mirror': mirror.url,
      },
      { workspace: ws },
    );
    expect(result.exitCode).toBe(1);
    assertNoStackTrace(result.log);
    expect(arm.requests.length).toBe(before.arm);
    expect(azure.tokenRequests.length).toBe(before.entra);
    expect(result.outputs).toEqual({});
    // kube-score scored the substituted manifests, once.
    const calls = fake.invocations().filter((i) => i.argv[0] === 'score');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.rejected).toBeUndefined();
    const scored = readFileSync(calls[0]!.argv.at(-1)!, 'utf8');
    expect(scored).toContain(WEB_V1);
    const failure = result.annotations.filter((a) => a.level === 'error').at(-1)!.message;
    expect(failure).toMatch(/^deploy refused before contacting the cluster: the kube-score gate failed: /);
    expect(result.summary).toContain('kube-score gate of the manifests to deploy');
    expect(result.summary).toContain('container-security-context-privileged');
  });

  it('refuses images whose signature does not verify, naming each, before any request to Azure', async () => {
    const failure = `signature verification failed for all the signatures associated with ${REPORT}`;
    const { fake, sha256: notationSha } = serveFakeTool('notation', NOTATION, [
      { expect: ['version'], stdout: `Notation - a tool to sign and verify artifacts.\n\nVersion:     ${NOTATION}\n` },
      {
        expect: { startsWith: ['cert', 'add', '--type', 'ca', '--store'] },
        stdout: 'Successfully added following certificates\n',
      },
      {
        expect: { startsWith: ['policy', 'import', '--force', '--'] },
        stdout: 'Trust policy configuration imported successfully.\n',
      },
      { expect: ['verify', '--', WEB_V1], stdout: `Successfully verified signature for ${WEB_V1}\n` },
      { expect: ['verify', '--', REPORT], stderr: `Error: ${failure}\n`, exitCode: 1 },
      { expect: ['verify', '--', MIGRATE], stdout: `Successfully verified signature for ${MIGRATE}\n` },
    ]);
    const ws = workspace({
      'k8s/web.yaml': deployment('web', 'web'),
      'k8s/report.yaml': CRONJOB,
      'certs/root-ca.pem': '-----BEGIN CERTIFICATE-----\nMIIBroot\n-----END CERTIFICATE-----\n',
    });
    const before = { arm: arm.requests.length, entra: azure.tokenRequests.length };
    const result = await deploy(
      {
        manifests: 'k8s',
        images: `web=${WEB_V1}\nreport=${REPORT}\nteam/migrate=${MIGRATE}`,
        'verify-signatures': 'true',
        'trust-store-certs': 'certs',
        'trusted-identities': 'x509.subject: C=US, ST=WA, O=Example Org',
        'notation-version': NOTATION,
        'notation-sha256': notationSha,
        'tool-mirror': mirror.url,
      },
      { workspace: ws },
    );
    expect(result.exitCode).toBe(1);
    assertNoStackTrace(result.log);
    expect(arm.requests.length).toBe(before.arm);
    expect(azure.tokenRequests.length).toBe(before.entra);
    // Every digest was verified (never a tag), and the one that failed is named.
    const verified = fake
      .invocations()
      .filter((i) => i.argv[0] === 'verify')
      .map((i) => i.argv.at(-1));
    expect(verified.sort()).toEqual([MIGRATE, REPORT, WEB_V1].sort());
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors.at(-1)!.message).toBe(
      `deploy refused before contacting the cluster: 1 of 3 image(s) failed signature verification: ${REPORT} (${failure})`,
    );
  });
});

describe('actions/deploy-aks rendering', () => {
  it('renders a Kustomize overlay with the real kubectl, substitutes its images and deploys it', async () => {
    const ws = workspace({
      'base/kustomization.yaml': 'resources: [web.yaml]\n',
      'base/web.yaml': deployment('web', 'web'),
      'overlays/prod/kustomization.yaml':
        'resources: [../../base]\nnamespace: kustomized\ncommonLabels: { env: prod }\n',
    });
    const result = await deploy(
      { manifests: 'overlays/prod', render: 'kustomize', images: `web=${WEB_V1}` },
      { workspace: ws },
    );
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs['resources']).toBe('Deployment/kustomized/web');
    const web = api.object('Deployment', 'kustomized', 'web');
    expect(containerImages(web, 'spec', 'template', 'spec')).toEqual([WEB_V1]);
    expect(web?.metadata.labels).toMatchObject({ env: 'prod' });
    expect(result.log).toContain('substituted overlays/prod (kustomize build):');
  });

  it('renders a Helm chart with the release name and namespace given', async () => {
    const HELM = '4.1.3';
    const ws = workspace({
      'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.4.0\n',
      'deploy/values-prod.yaml': 'replicaCount: 3\n',
    });
    const rendered = [
      '---',
      '# Source: shop/templates/deployment.yaml',
      deployment('shop', 'registry.example.com/shop:1.4.0'),
    ].join('\n');
    const { fake, sha256: helmSha } = serveFakeTool('helm', HELM, [
      {
        expect: [
          'template',
          'storefront',
          path.join(ws, 'charts', 'shop'),
          '--kube-version',
          'v1.33.0',
          '--namespace',
          'charted',
          '--values',
          path.join(ws, 'deploy', 'values-prod.yaml'),
        ],
        stdout: rendered,
      },
    ]);
    const result = await deploy(
      {
        render: 'helm',
        'helm-chart': 'charts/shop',
        'helm-values': 'deploy/values-prod.yaml',
        'release-name': 'storefront',
        namespace: 'charted',
        images: `registry.example.com/shop=${WEB_V2}`,
        'helm-version': HELM,
        'helm-sha256': helmSha,
        'tool-mirror': mirror.url,
      },
      { workspace: ws },
    );
    expect(fake.invocations().map((i) => i.rejected)).toEqual([undefined]);
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(containerImages(api.object('Deployment', 'charted', 'shop'), 'spec', 'template', 'spec')).toEqual([WEB_V2]);
  });
});

describe('actions/deploy-aks on the cluster', () => {
  it('waits for Jobs; a failed Job fails the step with nothing to roll back', async () => {
    const job = (name: string): string =>
      [
        'apiVersion: batch/v1',
        'kind: Job',
        `metadata: { name: ${name} }`,
        'spec:',
        '  template:',
        '    spec:',
        '      restartPolicy: Never',
        '      containers: [{ name: seed, image: seed }]',
        '',
      ].join('\n');
    api.queueRollouts('Job', 'jobs', 'broken', [{ outcome: 'fail' }]);
    const ws = workspace({ 'k8s/jobs.yaml': `${job('seed')}---\n${job('broken')}` });
    const result = await deploy({ manifests: 'k8s', namespace: 'jobs', images: `seed=${REPORT}` }, { workspace: ws });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['rollout']).toBe('failed');
    const failure = result.annotations.filter((a) => a.level === 'error').at(-1)!.message;
    expect(failure).toBe(
      'the rollout failed: Job jobs/broken: job "broken" failed: BackoffLimitExceeded: Job has reached the specified backoff limit',
    );
    expect(result.log).toMatch(/pod broken-\w+, container seed: ImagePullBackOff/);
    expect(result.log).toMatch(/Warning BackoffLimitExceeded Job\/broken: Job has reached the specified backoff limit/);
    // Jobs are never rolled back, and there is nothing to warn about.
    expect(result.annotations.filter((a) => a.level === 'warning')).toEqual([]);
    expect(result.summary).toContain('job "seed" completed');
  });

  it('rolls back every workload that existed before when one rollout fails, and leaves new ones', async () => {
    const template = (app: string, image: string): Record<string, unknown> => ({
      metadata: { labels: { app } },
      spec: { containers: [{ name: app, image }] },
    });
    api.create({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'multi' },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db', MIGRATE) },
    });
    api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'multi' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: template('web', WEB_V1) },
    });
    api.queueRollouts('Deployment', 'multi', 'web', [
      {
        outcome: 'fail',
        when: 'on-watch',
        waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=web' },
      },
    ]);
    const statefulSet = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: { name: db }',
      'spec:',
      '  serviceName: db',
      '  selector: { matchLabels: { app: db } }',
      '  template:',
      '    metadata: { labels: { app: db } }',
      '    spec: { containers: [{ name: db, image: db }] }',
      '',
    ].join('\n');
    const ws = workspace({
      'k8s/web.yaml': deployment('web', 'web'),
      'k8s/db.yaml': statefulSet,
      'k8s/api.yaml': deployment('api', 'web'),
    });
    const result = await deploy(
      { manifests: 'k8s', namespace: 'multi', images: `web=${WEB_V2}\ndb=${REPORT}` },
      { workspace: ws },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs['rollout']).toBe('rolled-back');
    // Both workloads that existed run their earlier revision again; the new Deployment stays (with a warning).
    expect(containerImages(api.object('Deployment', 'multi', 'web'), 'spec', 'template', 'spec')).toEqual([WEB_V1]);
    expect(containerImages(api.object('StatefulSet', 'multi', 'db'), 'spec', 'template', 'spec')).toEqual([MIGRATE]);
    expect(containerImages(api.object('Deployment', 'multi', 'api'), 'spec', 'template', 'spec')).toEqual([WEB_V2]);
    const warnings = result.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings).toContain('not rolled back (created by this deploy, no earlier revision): Deployment multi/api');
    expect(result.log).toMatch(
      /pod web-\w+-\w+, container web: CrashLoopBackOff: back-off 40s restarting failed container=web; last exit: Error \(exit code 1\) \(restarted 4 times\)/,
    );
    const failure = result.annotations.filter((a) => a.level === 'error').at(-1)!.message;
    expect(failure).toContain('rolled back StatefulSet multi/db to revision 1, Deployment multi/web to revision 1');
  });

  it('rolls back what a failed apply changed, and fails with what kubectl said', async () => {
    api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'partial' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: WEB_V1 }] } },
      },
    });
    // The Deployment applies; the custom resource does not (its kind is not served), so apply fails after it.
    const widget = [
      'apiVersion: example.com/v1',
      'kind: Widget',
      'metadata: { name: w }',
      'spec: { size: 1 }',
      '',
    ].join('\n');
    const ws = workspace({ 'k8s/a-web.yaml': deployment('web', 'web'), 'k8s/b-widget.yaml': widget });
    const result = await deploy({ manifests: 'k8s', namespace: 'partial', images: `web=${WEB_V2}` }, { workspace: ws });
    expect(result.exitCode).toBe(1);
    assertNoStackTrace(result.log);
    expect(result.outputs['rollout']).toBe('rolled-back');
    expect(containerImages(api.object('Deployment', 'partial', 'web'), 'spec', 'template', 'spec')).toEqual([WEB_V1]);
    const failure = result.annotations.filter((a) => a.level === 'error').at(-1)!.message;
    // (A real API server makes kubectl say `no matches for kind "Widget"`; the fake serves no OpenAPI v2, so
    // kubectl's validation of the unknown kind fails first. Either way the Deployment was applied before it.)
    expect(failure).toMatch(/^kubectl apply failed: error: error validating ".*manifests\.yaml": /);
    expect(failure).toContain('rolled back Deployment partial/web to revision 1');
  });

  it('fails without rolling anything back when apply fails before changing anything', async () => {
    const ws = workspace({ 'k8s/web.yaml': deployment('web', 'web') });
    const result = await deploy({ manifests: 'k8s', namespace: 'nowhere', images: `web=${WEB_V1}` }, { workspace: ws });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['rollout']).toBe('failed');
    const failure = result.annotations.filter((a) => a.level === 'error').at(-1)!.message;
    expect(failure).toBe('kubectl apply failed: Error from server (NotFound): namespaces "nowhere" not found');
    expect(result.summary).toContain('Deploy to AKS failed');
  });

  it('uses the admin credential with admin: true (a local account: no Entra ID token for the cluster)', async () => {
    const aksBefore = aksTokens().length;
    const apiBefore = api.requests.length;
    const ws = workspace({ 'k8s/web.yaml': deployment('web', 'web') });
    const result = await deploy(
      { manifests: 'k8s', namespace: 'admin', images: `web=${WEB_V1}`, admin: 'true' },
      { workspace: ws },
    );
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(arm.requests.at(-1)?.path).toMatch(/\/listClusterAdminCredential$/);
    expect(aksTokens().length).toBe(aksBefore);
    for (const r of api.requests.slice(apiBefore)) expect(r.token).toBe(ADMIN_TOKEN);
    expectMasked(result, ADMIN_TOKEN);
  });

  it('explains a refusal of Azure Resource Manager and writes no kubeconfig', async () => {
    arm.refuse(403);
    try {
      const ws = workspace({ 'k8s/web.yaml': deployment('web', 'web') });
      const result = await deploy({ manifests: 'k8s', images: `web=${WEB_V1}` }, { workspace: ws });
      expect(result.exitCode).toBe(1);
      assertNoStackTrace(result.log);
      const failure = result.annotations.filter((a) => a.level === 'error').at(-1)!.message;
      expect(failure).toContain(
        `Azure Resource Manager refused to list the cluster user credential of cluster '${CLUSTER}' in resource group '${RESOURCE_GROUP}' of subscription ${SUBSCRIPTION} for the identity '${CLIENT}' (HTTP 403: AuthorizationFailed:`,
      );
      expect(failure).toContain("give it 'Azure Kubernetes Service Cluster User Role'");
      expect(result.state['kubeconfig-file']).toBeUndefined();
    } finally {
      arm.refuse(undefined);
    }
  });

  it('installs the kubectl-version given (verified by its sha256) instead of the one on PATH', async () => {
    const binary = readFileSync('/usr/lib/google-cloud-sdk/bin/kubectl.1.32');
    const version = '1.32.5';
    const asset = TOOL_MANIFEST.kubectl.locate(version, PLATFORM)!;
    const url = mirror.serveHost('dl.k8s.io', asset.path!, binary);
    const ws = workspace({ 'k8s/web.yaml': deployment('web', 'web') });
    const result = await deploy(
      {
        manifests: 'k8s',
        namespace: 'pinned',
        images: `web=${WEB_V1}`,
        'kubectl-version': version,
        'kubectl-sha256': sha256(binary),
        'tool-mirror': mirror.url,
      },
      { workspace: ws, timeoutMs: 180_000 },
    );
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(mirror.requestsFor(new URL(url).pathname)).toHaveLength(1);
    expect(result.log).toContain(`with kubectl ${version}`);
    expect(result.outputs['rollout']).toBe('succeeded');
  }, 180_000);
});
