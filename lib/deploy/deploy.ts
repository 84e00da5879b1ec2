import * as core from '@actions/core';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Kubectl, locateKubectl, type KubeObject } from '../cli/kubectl.js';
import { DEFAULT_KUBERNETES_VERSION } from '../cli/kube-score.js';
import { resolveAzureEndpoints } from '../azure/cloud-endpoints.js';
import type { Cloud } from '../azure/azure-inputs.js';
import { GitHubOidcCredential } from '../azure/entra-credential.js';
import { assertIdTokenAvailable, requestGitHubIdToken } from '../azure/github-id-token.js';
import { ExecError } from '../exec.js';
import { loadPolicy } from '../findings/policy.js';
import type { Threshold } from '../findings/policy.js';
import { checkImagePolicy, describeImageUse, imageRefusalMessage } from '../k8s/image-policy.js';
import type { ImageRule } from '../k8s/image-rules.js';
import type { ManifestSource } from '../k8s/manifest-documents.js';
import { resolveManifestFiles } from '../k8s/manifest-files.js';
import { prepareManifests, type PreparedManifests } from '../k8s/prepare-manifests.js';
import { renderManifests } from '../k8s/render-manifests.js';
import { pinnedReference, parseImageReference } from '../oci/reference.js';
import { ConfigurationError, OperationError } from '../runtime/errors.js';
import { isInside } from '../runtime/inputs.js';
import { registerSecret } from '../runtime/secrets.js';
import { writeSummary } from '../runtime/summary.js';
import type { TrustInputs } from '../sign/trust-inputs.js';
import { verifyImageSignatures } from '../sign/verify-images.js';
import type { ToolVersionChoice } from '../tools/tool-version.js';
import { listClusterKubeconfig } from './aks-credentials.js';
import { prepareClusterAccess } from './cluster-access.js';
import {
  deploySummaryMarkdown,
  refusalSummaryMarkdown,
  resourceLine,
  type AppliedResource,
  type RolloutResult,
} from './deploy-summary.js';
import { diagnoseRollout, diagnosisLines } from './diagnose.js';
import { runKubeScoreGate } from './kube-score-gate.js';
import { describeRef, planRollout, ROLLBACK_KINDS, type PriorState, type WorkloadRef } from './rollout-plan.js';
import {
  changedSince,
  recordPriorStates,
  rollBack,
  waitForRollouts,
  type RollbackOutcome,
  type WaitOutcome,
} from './rollout.js';
import { runAnnotations } from './run-annotations.js';

/*
 * The whole deploy of actions/deploy-aks, in the order that keeps the
 * cluster out of reach until everything that can be checked without it has
 * been:
 *
 * 1. manifests: resolved (an entry that matches nothing is an error),
 *    rendered (Kustomize, Helm), read with source lines, `images`
 *    substituted, run annotations added;
 * 2. refusals: images not pinned by digest, from a registry outside
 *    `allowed-registries` — each named with file:line, before any login;
 * 3. gates: kube-score of the manifests as they will be applied, then the
 *    notation signature of every image digest;
 * 4. credentials: OIDC to Entra ID, the cluster's kubeconfig from Azure
 *    Resource Manager, kubelogin replaced by a bearer token;
 * 5. server-side apply (or a server-side dry run), rollout waits, and on
 *    failure the explanation and the rollback.
 */

export interface DeployRequest {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly clusterName: string;
  readonly admin: boolean;
  readonly clientId: string;
  readonly tenantId: string;
  readonly audience: string;
  readonly cloud: Cloud;
  readonly render: 'none' | 'kustomize' | 'helm';
  /** Absolute manifest files, directories and globs (render none) or kustomization directories. */
  readonly manifests: readonly string[];
  readonly helmChart?: string;
  readonly helmValues: readonly string[];
  readonly releaseName?: string;
  readonly namespace?: string;
  readonly images: readonly ImageRule[];
  readonly requireDigest: boolean;
  readonly allowedRegistries: readonly string[];
  /** Undefined: signatures are not verified. */
  readonly verifySignatures?: { readonly trust: TrustInputs; readonly notation: ToolVersionChoice };
  /** Undefined: no kube-score gate. */
  readonly kubeScore?: { readonly policy?: string; readonly failOn?: Threshold; readonly tool: ToolVersionChoice };
  readonly timeoutMs: number;
  readonly rollbackOnFailure: boolean;
  readonly dryRun: boolean;
  readonly kubectl: ToolVersionChoice;
  readonly helm: ToolVersionChoice;
  readonly mirror?: string;
  readonly workspace: string;
  /** Where the rendered and prepared manifests and reports go (under RUNNER_TEMP). */
  readonly workDir: string;
  /** Called with each credential path as soon as it exists (saved for the post step). */
  readonly onCredentialPath: (kind: 'credentials-dir' | 'kubeconfig', file: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** How often a Job is looked at while waiting (default 5 s). */
  readonly jobPollMs?: number;
}

export interface DeployResult {
  readonly rollout: RolloutResult;
  /** `Kind/namespace/name`, one per applied object. */
  readonly resources: readonly string[];
  /** Every image applied, pinned ones as `registry/repository@sha256:…`. */
  readonly images: readonly string[];
  /** Set when the deploy failed (after outputs are set, the step fails with it). */
  readonly failure?: string;
}

/** Thrown for a deploy refused before anything reached the cluster: nothing to report as outputs. */
export class DeployRefused extends OperationError {
  override readonly name = 'DeployRefused';
}

export async function deployToAks(request: DeployRequest): Promise<DeployResult> {
  const env = request.env ?? process.env;
  await mkdir(request.workDir, { recursive: true });

  // 1. Manifests, before any network.
  const sources = await loadManifestSources(request);
  const prepared = prepareManifests(sources, {
    rules: request.images,
    annotations: runAnnotations(env),
    ...(request.namespace ? { namespace: request.namespace } : {}),
  });
  core.info(
    `${prepared.objects.length} object(s) with ${prepared.images.length} container(s) in ${sources.length} manifest source(s)`,
  );
  for (const use of prepared.images.filter((i) => i.rule !== undefined)) {
    core.info(`substituted ${describeImageUse(use)}`);
  }
  for (const rule of prepared.unusedRules) {
    core.warning(`images: '${rule.name}=${rule.image}' matched no container in the manifests (is the name misspelt?)`);
  }

  // 2. Refusals, before any login.
  const policy = { requireDigest: request.requireDigest, allowedRegistries: request.allowedRegistries };
  const refusals = checkImagePolicy(prepared.images, policy);
  if (refusals.length > 0) {
    for (const r of refusals) {
      const file = r.use.source.file;
      core.error(`${describeImageUse(r.use)} ${r.detail}`, {
        title: 'deploy refused',
        ...(file ? { file, startLine: r.use.line } : {}),
      });
    }
    await writeSummary(
      refusalSummaryMarkdown({
        cluster: request.clusterName,
        reason: 'Images must be pinned by digest and come from an allowed registry.',
        rows: refusals.map((r) => ({
          where: `${r.use.source.label}:${r.use.line} ${r.use.kind} ${r.use.object} (${r.use.container})`,
          image: r.use.image || '(none)',
          why: r.detail,
        })),
      }),
    );
    throw new DeployRefused(imageRefusalMessage(refusals, policy));
  }
  const manifestFile = path.join(request.workDir, 'manifests.yaml');
  await writeFile(manifestFile, prepared.text);
  core.info(`the manifests to apply are in ${manifestFile}`);

  // 3. Gates.
  if (request.kubeScore) await kubeScoreGate(request, manifestFile);
  const images = deployedImages(prepared);
  if (request.verifySignatures) await verifySignatures(request, prepared);

  // 4. Credentials.
  const access = await clusterAccess(request, env);
  const located = await locateKubectl(request.kubectl, request.mirror);
  const kubectl = new Kubectl(
    located.path,
    { kubeconfig: access.kubeconfigFile, cacheDir: access.cacheDir },
    undefined,
    () => access.refresh(),
  );
  const versions = await kubectl.version();
  core.info(
    `connected to ${access.server ?? 'the cluster'} (Kubernetes ${versions.server ?? 'unknown'}) with ${located.label}${access.entraUsers.length ? ', an Entra ID token for the AKS server application in place of kubelogin' : ''}`,
  );

  // 5. Apply, wait, roll back.
  const defaultNamespace = request.namespace ?? access.namespace ?? 'default';
  const workloads: WorkloadRef[] = prepared.objects.map((o) => ({
    kind: o.kind,
    namespace: o.namespace ?? defaultNamespace,
    name: o.name,
  }));
  const before = request.dryRun ? new Map<string, PriorState>() : await recordPriorStates(kubectl, workloads);
  const summaryBase = {
    cluster: request.clusterName,
    resourceGroup: request.resourceGroup,
    ...(versions.server ? { serverVersion: versions.server } : {}),
  };

  let applied: KubeObject[];
  try {
    applied = await kubectl.apply({
      file: manifestFile,
      ...(request.namespace ? { namespace: request.namespace } : {}),
      dryRun: request.dryRun,
    });
  } catch (error) {
    const why = `kubectl apply failed: ${firstLines(error)}`;
    let rollbacks: RollbackOutcome[] = [];
    if (!request.dryRun && request.rollbackOnFailure) {
      rollbacks = await rollBack(
        kubectl,
        await changedSince(kubectl, workloads, before).catch(() => []),
        request.timeoutMs,
      );
    }
    const rollout: RolloutResult = rollbacks.length > 0 && rollbacks.every((r) => r.ok) ? 'rolled-back' : 'failed';
    const failure = `${why}${rollbackNote(rollbacks)}`;
    await writeSummary(
      deploySummaryMarkdown({
        ...summaryBase,
        rollout,
        resources: [],
        images: [],
        waits: [],
        rollbacks,
        explanation: [],
        failure,
      }),
    );
    return { rollout, resources: [], images, failure };
  }

  const resources: AppliedResource[] = applied.map((o) => ({
    kind: o.kind ?? '?',
    ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}),
    name: o.metadata?.name ?? '?',
  }));
  for (const r of resources) core.info(`${request.dryRun ? 'dry run: accepted' : 'applied'} ${resourceLine(r)}`);
  const usedBy = imagesUsedBy(prepared, defaultNamespace);

  if (request.dryRun) {
    await writeSummary(
      deploySummaryMarkdown({
        ...summaryBase,
        rollout: 'dry-run',
        resources,
        images: usedBy,
        waits: [],
        rollbacks: [],
        explanation: [],
      }),
    );
    return { rollout: 'dry-run', resources: resources.map(resourceLine), images };
  }

  const steps = planRollout(applied, before);
  const deadline = Date.now() + request.timeoutMs;
  const waits = await waitForRollouts(kubectl, steps, {
    deadline,
    ...(request.jobPollMs !== undefined ? { jobPollMs: request.jobPollMs } : {}),
  });
  const failed = waits.filter((w) => w.status === 'failed');
  if (failed.length === 0) {
    for (const w of waits) core.info(`${describeRef(w.step.ref)}: ${w.message}`);
    await writeSummary(
      deploySummaryMarkdown({
        ...summaryBase,
        rollout: 'succeeded',
        resources,
        images: usedBy,
        waits,
        rollbacks: [],
        explanation: [],
      }),
    );
    return { rollout: 'succeeded', resources: resources.map(resourceLine), images };
  }

  // A rollout failed: say why, then roll back what existed before.
  const explanation: string[] = [];
  for (const w of failed) {
    const diagnosis = await diagnoseRollout(kubectl, w.step);
    const lines = diagnosisLines(w.step, w.message, diagnosis);
    explanation.push(...lines);
    core.error(
      lines
        .slice(0, 1 + diagnosis.pods.length)
        .join('\n')
        .replace(/\n\s+/g, '; '),
      {
        title: `rollout of ${describeRef(w.step.ref)} failed`,
      },
    );
  }
  core.info(['Why the rollout failed:', ...explanation].join('\n'));
  let rollbacks: RollbackOutcome[] = [];
  if (request.rollbackOnFailure) {
    rollbacks = await rollBack(kubectl, steps, request.timeoutMs);
    for (const r of rollbacks) core.info(`rollback of ${describeRef(r.step.ref)}: ${r.message}`);
    const created = steps.filter((s) => !s.existed && (ROLLBACK_KINDS as readonly string[]).includes(s.ref.kind));
    if (created.length > 0) {
      core.warning(
        `not rolled back (created by this deploy, no earlier revision): ${created.map((s) => describeRef(s.ref)).join(', ')}`,
      );
    }
  }
  const rollout: RolloutResult = rollbacks.length > 0 && rollbacks.every((r) => r.ok) ? 'rolled-back' : 'failed';
  const failure = `${failedSentence(failed)}${rollbackNote(rollbacks)}${request.rollbackOnFailure ? '' : ' (rollback-on-failure is false: nothing was rolled back)'}`;
  await writeSummary(
    deploySummaryMarkdown({
      ...summaryBase,
      rollout,
      resources,
      images: usedBy,
      waits,
      rollbacks,
      explanation,
      failure,
    }),
  );
  return { rollout, resources: resources.map(resourceLine), images, failure };
}

/** The manifest texts: files as they are, or what Kustomize or Helm renders. */
async function loadManifestSources(request: DeployRequest): Promise<ManifestSource[]> {
  const relative = (file: string): string | undefined =>
    isInside(request.workspace, file) ? path.relative(request.workspace, file).split(path.sep).join('/') : undefined;
  if (request.render === 'none') {
    const files = resolveManifestFiles('manifests', request.manifests);
    return Promise.all(
      files.map(async (file) => {
        const rel = relative(file);
        return { label: rel ?? file, ...(rel ? { file: rel } : {}), text: await readFile(file, 'utf8') };
      }),
    );
  }
  const renderDir = path.join(request.workDir, 'rendered');
  if (request.render === 'kustomize') {
    const kubectl = await locateKubectl(request.kubectl, request.mirror);
    const sources: ManifestSource[] = [];
    for (const [index, dir] of request.manifests.entries()) {
      const rendered = await renderManifests({
        render: 'kustomize',
        sources: [dir],
        helmValues: [],
        kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
        outFile: path.join(renderDir, `kustomize-${index + 1}.yaml`),
        timeoutMs: 5 * 60_000,
        kubectlPath: kubectl.path,
      });
      sources.push({ label: `${relative(dir) ?? dir} (kustomize build)`, text: await readFile(rendered.file, 'utf8') });
    }
    return sources;
  }
  const chart = request.helmChart ?? '';
  const rendered = await renderManifests({
    render: 'helm',
    sources: [chart],
    helmValues: request.helmValues,
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    outFile: path.join(renderDir, 'helm-template.yaml'),
    timeoutMs: 5 * 60_000,
    helm: request.helm,
    ...(request.mirror ? { mirror: request.mirror } : {}),
    ...(request.releaseName ? { releaseName: request.releaseName } : {}),
    ...(request.namespace ? { namespace: request.namespace } : {}),
  });
  core.info(`rendered ${chart} with ${rendered.renderer}`);
  return [{ label: `${relative(chart) ?? chart} (helm template)`, text: await readFile(rendered.file, 'utf8') }];
}

async function kubeScoreGate(request: DeployRequest, manifestFile: string): Promise<void> {
  const kubeScore = request.kubeScore;
  if (!kubeScore) return;
  const policy = await loadPolicy(
    {
      ...(kubeScore.policy ? { policy: kubeScore.policy } : {}),
      ...(kubeScore.failOn ? { failOn: kubeScore.failOn } : {}),
    },
    request.workspace,
  );
  const result = await runKubeScoreGate({
    file: manifestFile,
    outDir: path.join(request.workDir, 'kube-score'),
    workspace: request.workspace,
    policy,
    tool: kubeScore.tool,
    ...(request.mirror ? { mirror: request.mirror } : {}),
    timeoutMs: 5 * 60_000,
  });
  if (result.gate.verdict === 'fail') {
    throw new DeployRefused(
      `deploy refused before contacting the cluster: the kube-score gate failed: ${result.gate.reason}`,
    );
  }
}

async function verifySignatures(request: DeployRequest, prepared: PreparedManifests): Promise<void> {
  const verify = request.verifySignatures;
  if (!verify) return;
  const unpinned = prepared.images.filter((i) => digestOf(i.image) === undefined);
  if (unpinned.length > 0) {
    throw new DeployRefused(
      `deploy refused before contacting the cluster: verify-signatures verifies digests, and ${unpinned.length} image(s) are not pinned by one: ${unpinned.map(describeImageUse).join('; ')}`,
    );
  }
  const images = deployedImages(prepared);
  core.info(`verifying the signatures of ${images.length} image digest(s)`);
  const result = await verifyImageSignatures({
    images,
    trust: verify.trust,
    notation: verify.notation,
    ...(request.mirror ? { mirror: request.mirror } : {}),
    timeoutMs: 10 * 60_000,
  });
  if (result.failures.length > 0) {
    for (const f of result.failures) core.error(`${f.image}: ${f.reason}`, { title: 'signature verification failed' });
    await writeSummary(
      refusalSummaryMarkdown({
        cluster: request.clusterName,
        reason: `${result.failures.length} of ${images.length} image(s) failed signature verification.`,
        rows: result.failures.map((f) => ({ where: 'signature', image: f.image, why: f.reason })),
      }),
    );
    throw new DeployRefused(
      `deploy refused before contacting the cluster: ${result.failures.length} of ${images.length} image(s) failed signature verification: ${result.failures.map((f) => `${f.image} (${f.reason})`).join('; ')}`,
    );
  }
  core.info(`verified the signatures of ${result.verified.length} image digest(s)`);
}

async function clusterAccess(
  request: DeployRequest,
  env: NodeJS.ProcessEnv,
): Promise<Awaited<ReturnType<typeof prepareClusterAccess>>> {
  const endpoints = resolveAzureEndpoints(request.cloud, env);
  const credential = new GitHubOidcCredential(
    {
      clientId: request.clientId,
      tenantId: request.tenantId,
      audience: request.audience,
      endpoints,
      inputNames: { clientId: 'azure-client-id', tenantId: 'azure-tenant-id', cloud: 'cloud', audience: 'audience' },
    },
    { requestIdToken: idTokenSource(env), env },
  );
  const kubeconfig = await listClusterKubeconfig({
    subscriptionId: request.subscriptionId,
    resourceGroup: request.resourceGroup,
    clusterName: request.clusterName,
    admin: request.admin,
    endpoints,
    credential: {
      getToken: async (scopes) => credential.getToken(scopes),
    },
    clientId: request.clientId,
  });
  core.info(
    `Azure Resource Manager (${endpoints.resourceManager}) issued the ${kubeconfig.name} kubeconfig of ${request.resourceGroup}/${request.clusterName}`,
  );
  return prepareClusterAccess({
    kubeconfig: kubeconfig.text,
    tokens: { getToken: (scope) => credential.getToken(scope) },
    onCredentialPath: request.onCredentialPath,
    env,
  });
}

/**
 * GitHub ID tokens for the Entra ID exchanges: a fresh one each time when
 * the job may request them; otherwise the federated token file
 * actions/azure-login exported.
 */
function idTokenSource(env: NodeJS.ProcessEnv): (audience: string) => Promise<string> {
  return async (audience) => {
    if (env['ACTIONS_ID_TOKEN_REQUEST_URL'] && env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'])
      return requestGitHubIdToken(audience);
    const file = env['AZURE_FEDERATED_TOKEN_FILE']?.trim();
    if (file) {
      let token: string;
      try {
        token = (await readFile(file, 'utf8')).trim();
      } catch (error) {
        throw new ConfigurationError(
          `AZURE_FEDERATED_TOKEN_FILE (${file}) cannot be read: ${(error as Error).message}`,
        );
      }
      registerSecret(token);
      return token;
    }
    assertIdTokenAvailable(env);
    return requestGitHubIdToken(audience);
  };
}

/** Every distinct image applied; pinned ones as `registry/repository@sha256:…`. */
function deployedImages(prepared: PreparedManifests): string[] {
  const images: string[] = [];
  for (const use of prepared.images) {
    const image = canonicalImage(use.image);
    if (image && !images.includes(image)) images.push(image);
  }
  return images;
}

function imagesUsedBy(prepared: PreparedManifests, defaultNamespace: string): { image: string; usedBy: string[] }[] {
  const byImage = new Map<string, string[]>();
  for (const use of prepared.images) {
    const image = canonicalImage(use.image);
    if (!image) continue;
    const who = `${use.kind} ${use.namespace ?? defaultNamespace}/${use.object}: ${use.container}`;
    byImage.set(image, [...(byImage.get(image) ?? []), who]);
  }
  return [...byImage].map(([image, usedBy]) => ({ image, usedBy }));
}

function canonicalImage(image: string): string | undefined {
  if (image === '') return undefined;
  try {
    const ref = parseImageReference(image);
    return ref.digest ? pinnedReference(ref, ref.digest) : image;
  } catch {
    return image;
  }
}

function digestOf(image: string): string | undefined {
  try {
    return parseImageReference(image).digest;
  } catch {
    return undefined;
  }
}

function failedSentence(failed: readonly WaitOutcome[]): string {
  return `the rollout failed: ${failed.map((w) => `${describeRef(w.step.ref)}: ${w.message}`).join('; ')}`;
}

function rollbackNote(rollbacks: readonly RollbackOutcome[]): string {
  if (rollbacks.length === 0) return '';
  const ok = rollbacks.filter((r) => r.ok);
  const bad = rollbacks.filter((r) => !r.ok);
  const parts: string[] = [];
  if (ok.length > 0) {
    parts.push(
      `rolled back ${ok.map((r) => `${describeRef(r.step.ref)} to revision ${r.step.rollbackTo ?? '?'}`).join(', ')}`,
    );
  }
  if (bad.length > 0)
    parts.push(`rollback failed for ${bad.map((r) => `${describeRef(r.step.ref)} (${r.message})`).join(', ')}`);
  return `; ${parts.join('; ')}`;
}

/** What kubectl said (its stderr), on one line. */
function firstLines(error: unknown): string {
  const text =
    error instanceof ExecError && error.stderrTail.trim()
      ? error.stderrTail
      : String((error as Error)?.message ?? error);
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' | ');
}
