import * as core from '@actions/core';
import { resolveAzureEndpoints } from '../../../lib/azure/cloud-endpoints.js';
import { EntraLoginError } from '../../../lib/azure/entra-credential.js';
import { loginSummaryMarkdown, refusedLoginSummaryMarkdown } from '../../../lib/azure/login-summary.js';
import { loginWithGitHubOidc, type CredentialPathKind, type OidcLoginResult } from '../../../lib/azure/oidc-login.js';
import { setListOutput, setOutput } from '../../../lib/runtime/outputs.js';
import { writeSummary } from '../../../lib/runtime/summary.js';
import { getInputs } from './inputs.js';
import { CREDENTIAL_FILE_STATES } from './state.js';

const STATE_OF: Record<CredentialPathKind, string> = {
  'credentials-dir': CREDENTIAL_FILE_STATES.credentialsDir,
  'docker-config': CREDENTIAL_FILE_STATES.dockerConfig,
  'federated-token-file': CREDENTIAL_FILE_STATES.federatedTokenFile,
};

export async function main(): Promise<void> {
  const inputs = getInputs();
  const endpoints = resolveAzureEndpoints(inputs.cloud);
  const clientId = inputs['client-id'];
  const tenantId = inputs['tenant-id'];
  const subscriptionId = inputs['subscription-id'];

  let result: OidcLoginResult;
  try {
    result = await loginWithGitHubOidc({
      clientId,
      tenantId,
      audience: inputs.audience,
      endpoints,
      registries: inputs.acr,
      federatedTokenFile: inputs['export-env'],
      onCredentialPath: (kind, file) => core.saveState(STATE_OF[kind], file),
    });
  } catch (error) {
    if (error instanceof EntraLoginError && error.info.kind === 'assertion-rejected') {
      await writeSummary(
        refusedLoginSummaryMarkdown({
          clientId,
          tenantId,
          ...(error.info.code ? { code: error.info.code } : {}),
          ...(error.claims ? { claims: error.claims } : {}),
        }),
      );
    }
    throw error;
  }

  const exported: string[] = [];
  const exportVariable = (name: string, value: string): void => {
    core.exportVariable(name, value);
    exported.push(name);
  };
  if (result.dockerConfigDir) exportVariable('DOCKER_CONFIG', result.dockerConfigDir);
  if (inputs['export-env']) {
    exportVariable('AZURE_CLIENT_ID', clientId);
    exportVariable('AZURE_TENANT_ID', tenantId);
    if (subscriptionId) exportVariable('AZURE_SUBSCRIPTION_ID', subscriptionId);
    exportVariable('AZURE_AUTHORITY_HOST', endpoints.authorityHost);
    if (result.federatedTokenFile) exportVariable('AZURE_FEDERATED_TOKEN_FILE', result.federatedTokenFile);
  }

  setOutput('client-id', clientId);
  setOutput('tenant-id', tenantId);
  setOutput('subscription-id', subscriptionId ?? '');
  setListOutput('registries', result.registries);

  await writeSummary(
    loginSummaryMarkdown({
      clientId,
      tenantId,
      ...(subscriptionId ? { subscriptionId } : {}),
      cloud: endpoints.cloud,
      authorityHost: endpoints.authorityHost,
      ...(result.subject ? { subject: result.subject } : {}),
      registries: result.registries,
      exported,
    }),
  );
}
