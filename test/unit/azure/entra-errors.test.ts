import { describe, expect, it } from '@jest/globals';
import { classifyEntraError, explainEntraError, type EntraLoginContext } from '../../../lib/azure/entra-errors.js';

const TRACE = '17079c23-0135-4f5b-b124-75a9f0e0e2fc';
const CORRELATION = '342dc2a1-3999-4530-8b95-562dfba404d1';

/** The message @azure/identity 4.13 (MSAL node 5) throws for Entra ID's AADSTS70021 answer. */
const MSAL_70021 =
  "invalid_client: Error(s): 70021 - Timestamp: 2026-11-26 20:15:05Z - Description: AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: 'repo:octo-org/octo-repo:ref:refs/heads/main'. Assertion Audience: 'api://AzureADTokenExchange'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation " +
  `Trace ID: ${TRACE} Correlation ID: ${CORRELATION} Timestamp: 2026-11-26 20:15:05Z - Correlation ID: ${CORRELATION} - Trace ID: ${TRACE}`;

const aadsts = (code: number, description: string): string =>
  `invalid_request: Error(s): ${code} - Timestamp: 2026-11-26 20:15:05Z - Description: AADSTS${code}: ${description} Trace ID: ${TRACE} Correlation ID: ${CORRELATION} Timestamp: 2026-11-26 20:15:05Z`;

const CONTEXT: EntraLoginContext = {
  clientId: '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  cloud: 'AzureCloud',
  authorityHost: 'https://login.microsoftonline.com',
  audience: 'api://AzureADTokenExchange',
  env: {},
};

const CLAIMS = {
  sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
  aud: 'api://AzureADTokenExchange',
  iss: 'https://token.actions.githubusercontent.com',
  repository: 'octo-org/octo-repo',
  repository_owner_id: '9919',
  repository_id: '123456789',
  ref: 'refs/heads/main',
  event_name: 'push',
};

describe('classifyEntraError', () => {
  it('reads the AADSTS code, the first sentence of its description and the trace IDs', () => {
    expect(classifyEntraError(MSAL_70021)).toEqual({
      kind: 'assertion-rejected',
      code: 'AADSTS70021',
      description: 'No matching federated identity record found for presented assertion.',
      traceId: TRACE,
      correlationId: CORRELATION,
      detail: MSAL_70021,
    });
  });

  it.each([
    [70021, 'assertion-rejected'],
    [70025, 'assertion-rejected'],
    [700024, 'assertion-rejected'],
    [700027, 'assertion-rejected'],
    [700211, 'assertion-rejected'],
    [700212, 'assertion-rejected'],
    [700213, 'assertion-rejected'],
    [700016, 'unknown-application'],
    [90002, 'unknown-tenant'],
    [7000112, 'application-disabled'],
    [50076, 'other'],
  ])('AADSTS%s is %s', (code, kind) => {
    expect(classifyEntraError(aadsts(code, 'Something happened.')).kind).toBe(kind);
  });

  it('keeps a quoted name with dots inside the first sentence', () => {
    const info = classifyEntraError(
      aadsts(
        700016,
        "Application with identifier '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f' was not found in the directory 'contoso.onmicrosoft.com'. This can happen if the application has not been installed.",
      ),
    );
    expect(info.description).toBe(
      "Application with identifier '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f' was not found in the directory 'contoso.onmicrosoft.com'.",
    );
  });

  it.each([
    'endpoints_resolution_error: See https://aka.ms/msal.js.errors#endpoints_resolution_error for details',
    'network_error: Network request failed',
    'request to https://login.example/ failed, reason: connect ECONNREFUSED 127.0.0.1:443',
    'self-signed certificate in certificate chain',
  ])('a failure to reach Entra ID is unreachable: %s', (message) => {
    expect(classifyEntraError(message)).toMatchObject({ kind: 'unreachable', detail: message });
  });

  it('anything else is other, with its first line', () => {
    expect(classifyEntraError('something odd\nsecond line')).toEqual({ kind: 'other', detail: 'something odd' });
  });
});

describe('explainEntraError', () => {
  it('a refused assertion: what GitHub sent and the subjects that match this run, one per line', () => {
    const text = explainEntraError(classifyEntraError(MSAL_70021), { ...CONTEXT, claims: CLAIMS });
    expect(text.split('\n')).toEqual([
      "Entra ID refused the GitHub ID token of this job for application '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f' in tenant '72f988bf-86f1-41af-91ab-2d7cd011db47': AADSTS70021: No matching federated identity record found for presented assertion.",
      "The token GitHub issued has sub 'repo:octo-org/octo-repo:ref:refs/heads/main', aud 'api://AzureADTokenExchange', iss 'https://token.actions.githubusercontent.com'.",
      "A federated credential of the application with issuer 'https://token.actions.githubusercontent.com', audience 'api://AzureADTokenExchange' and one of these subjects matches this run:",
      '  repo:octo-org/octo-repo:ref:refs/heads/main  (branch main; the sub GitHub sent)',
      '  repo:octo-org@9919/octo-repo@123456789:ref:refs/heads/main  (branch main, immutable owner and repository IDs)',
      "A job that sets 'environment: NAME' is sent 'repo:octo-org/octo-repo:environment:NAME' instead.",
      `Entra ID (trace ID ${TRACE}, correlation ID ${CORRELATION})`,
    ]);
  });

  it('a customised subject: the credential must use the sub as sent', () => {
    const sub =
      'repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main';
    const text = explainEntraError(classifyEntraError(MSAL_70021), {
      ...CONTEXT,
      claims: { ...CLAIMS, sub, environment: 'prod' },
    });
    expect(text).toContain(`GitHub sent the subject '${sub}' (a customised subject template)`);
    expect(text).toContain('  repo:octo-org/octo-repo:environment:prod  (environment prod)');
    expect(text).not.toContain("A job that sets 'environment: NAME'");
  });

  it('an audience mismatch names the audience input', () => {
    const text = explainEntraError(
      classifyEntraError(
        aadsts(700212, "No matching federated identity record found for presented assertion audience 'api://other'."),
      ),
      { ...CONTEXT, audience: 'api://other', claims: { ...CLAIMS, aud: 'api://other' } },
    );
    expect(text).toContain("The federated credential's audience must be 'api://other' (input 'audience').");
    expect(text).toContain("audience 'api://other' and one of these subjects");
  });

  it('an expired assertion points at the clock', () => {
    const text = explainEntraError(
      classifyEntraError(aadsts(700024, 'Client assertion is not within its valid time range.')),
      {
        ...CONTEXT,
        claims: CLAIMS,
      },
    );
    expect(text).toContain("check the runner's clock");
  });

  it('without readable claims it still lists the subjects from the environment', () => {
    const text = explainEntraError(classifyEntraError(MSAL_70021), {
      ...CONTEXT,
      env: { GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_REF: 'refs/tags/v2.0.0' },
    });
    expect(text).toContain('The claims of the token GitHub issued could not be read.');
    expect(text).toContain('  repo:octo-org/octo-repo:ref:refs/tags/v2.0.0  (tag v2.0.0)');
  });

  it('an unknown application or tenant is one line naming the input', () => {
    const app = explainEntraError(
      classifyEntraError(aadsts(700016, "Application with identifier 'x' was not found in the directory 'Contoso'.")),
      CONTEXT,
    );
    expect(app).toBe(
      `Entra ID has no application with client ID '${CONTEXT.clientId}' in tenant '${CONTEXT.tenantId}' (AADSTS700016): check input 'client-id' (the Application (client) ID of the app registration or user-assigned managed identity, not its object ID) and that it belongs to tenant '${CONTEXT.tenantId}' (trace ID ${TRACE}, correlation ID ${CORRELATION})`,
    );
    const tenant = explainEntraError(classifyEntraError(aadsts(90002, "Tenant 'x' not found.")), {
      ...CONTEXT,
      inputNames: { tenantId: 'azure-tenant-id' },
    });
    expect(tenant).toContain(
      `Entra ID at https://login.microsoftonline.com has no tenant '${CONTEXT.tenantId}' (AADSTS90002): check input 'azure-tenant-id' and that input 'cloud' (AzureCloud) is the tenant's cloud`,
    );
    for (const line of [app, tenant]) expect(line).not.toContain('\n');
  });

  it('an unreachable authority and other refusals', () => {
    expect(explainEntraError(classifyEntraError('network_error: Network request failed'), CONTEXT)).toBe(
      `could not reach Entra ID at https://login.microsoftonline.com for tenant '${CONTEXT.tenantId}': network_error: Network request failed`,
    );
    expect(explainEntraError(classifyEntraError(aadsts(50076, 'MFA required.')), CONTEXT)).toContain(
      `Entra ID refused the token request of application '${CONTEXT.clientId}' in tenant '${CONTEXT.tenantId}': AADSTS50076: MFA required.`,
    );
  });
});
