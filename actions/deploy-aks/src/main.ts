import * as core from '@actions/core';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { runnerTempDir } from '../../../lib/azure/credential-files.js';
import { OperationError } from '../../../lib/runtime/errors.js';
import { workspaceDir } from '../../../lib/runtime/inputs.js';
import { setListOutput, setOutput } from '../../../lib/runtime/outputs.js';
import { getInputs } from './inputs.js';
import { CREDENTIAL_FILE_STATES } from './state.js';

export async function main(): Promise<void> {
  const inputs = getInputs();
  // Loaded once the inputs are valid: the YAML reader, the Azure SDKs and kubectl's wrapper are not needed before.
  const { deployToAks } = await import('../../../lib/deploy/deploy.js');
  const root = runnerTempDir();
  const workDir = await mkdtemp(path.join(root, 'devsecops-deploy-aks-'));

  const result = await deployToAks({
    subscriptionId: inputs['subscription-id'],
    resourceGroup: inputs['resource-group'],
    clusterName: inputs['cluster-name'],
    admin: inputs.admin,
    clientId: inputs['azure-client-id'],
    tenantId: inputs['azure-tenant-id'],
    audience: inputs.audience,
    cloud: inputs.cloud,
    render: inputs.render,
    manifests: inputs.manifests,
    ...(inputs['helm-chart'] ? { helmChart: inputs['helm-chart'] } : {}),
    helmValues: inputs['helm-values'],
    ...(inputs['release-name'] ? { releaseName: inputs['release-name'] } : {}),
    ...(inputs.namespace ? { namespace: inputs.namespace } : {}),
    images: inputs.images.map((i) => ({ name: i.name, image: i.reference })),
    requireDigest: inputs['require-digest'],
    allowedRegistries: inputs['allowed-registries'],
    ...(inputs['verify-signatures']
      ? {
          verifySignatures: {
            trust: {
              'trust-policy': inputs['trust-policy'],
              'trust-store-certs': inputs['trust-store-certs'],
              'trusted-identities': inputs['trusted-identities'],
            },
            notation: inputs.notation,
          },
        }
      : {}),
    ...(inputs['kube-score']
      ? {
          kubeScore: {
            ...(inputs.policy ? { policy: inputs.policy } : {}),
            ...(inputs['fail-on'] ? { failOn: inputs['fail-on'] } : {}),
            tool: inputs.kubeScore,
          },
        }
      : {}),
    timeoutMs: inputs.timeoutMs,
    rollbackOnFailure: inputs['rollback-on-failure'],
    dryRun: inputs['dry-run'],
    kubectl: inputs.kubectl,
    helm: inputs.helm,
    ...(inputs['tool-mirror'] ? { mirror: inputs['tool-mirror'] } : {}),
    workspace: workspaceDir(),
    workDir,
    onCredentialPath: (kind, file) =>
      core.saveState(
        kind === 'kubeconfig' ? CREDENTIAL_FILE_STATES.kubeconfig : CREDENTIAL_FILE_STATES.credentialsDir,
        file,
      ),
  });

  setListOutput('resources', result.resources);
  setListOutput('images', result.images);
  setOutput('rollout', result.rollout);
  if (result.failure) throw new OperationError(result.failure);
}
