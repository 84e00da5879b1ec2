import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ACR_SCOPE, startAzureServer, type AzureServer } from '../fakes/azure-server.js';
import { decodeJwt, GITHUB_OIDC_ISSUER, startOidcServer, type OidcServer } from '../fakes/oidc-server.js';
import { assertNoStackTrace, runAction, type ActionResult, type RunActionOptions } from '../harness/run-action.js';

/*
 * actions/azure-login end to end: the committed dist, run like the runner
 * runs it, against GitHub's OIDC token endpoint (fake), Entra ID's token
 * endpoint (an https fake with its own CA, reached through
 * AZURE_AUTHORITY_HOST) and an ACR token exchange on loopback (plain http).
 */

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f';
const SUBSCRIPTION = '9a8b7c6d-1234-4e5f-8a9b-0c1d2e3f4a5b';
const BRANCH_SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main';
const IMMUTABLE_BRANCH_SUBJECT = 'repo:octo-org@9919/octo-repo@123456789:ref:refs/heads/main';
const ARM_SCOPE = 'https://management.azure.com/.default';
const MISSING_PERMISSION =
  "the job lacks 'permissions: id-token: write', so GitHub gives it no ID token (ACTIONS_ID_TOKEN_REQUEST_URL is not set); add 'id-token: write' to the permissions of the job or workflow (pull requests from forks never get one)";

let oidc: OidcServer;
let azure: AzureServer;
const results: ActionResult[] = [];
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  oidc = await startOidcServer();
  azure = await startAzureServer({ tenantId: TENANT, clientId: CLIENT, subjects: [BRANCH_SUBJECT] });
});

afterAll(async () => {
  await oidc.close();
  await azure.close();
});

afterEach(async () => {
  for (const result of results.splice(0)) await result.cleanup();
  for (const cleanup of cleanups.splice(0)) await cleanup();
  azure.setSubjects([BRANCH_SUBJECT]);
  azure.refuseAcrExchanges(undefined);
  oidc.setClaims({});
});

/** The step's environment on a runner with the fakes: the OIDC request variables, our CA and authority host. */
function fakeEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    ...oidc.env,
    NODE_EXTRA_CA_CERTS: azure.caFile,
    AZURE_AUTHORITY_HOST: azure.authorityHost,
    ...extra,
  };
}

async function login(options: RunActionOptions): Promise<ActionResult> {
  const result = await runAction('azure-login', options);
  results.push(result);
  return result;
}

/** Every secret the fakes handed out (and the forms the action writes them in). */
function secretsSince(issuedBefore: number, accessBefore: number, refreshBefore: number): string[] {
  const refresh = azure.refreshTokens.slice(refreshBefore);
  return [
    ...oidc.issued.slice(issuedBefore).map((t) => t.token),
    ...azure.accessTokens.slice(accessBefore).map((t) => t.token),
    ...refresh,
    ...refresh.map((t) => Buffer.from(`00000000-0000-0000-0000-000000000000:${t}`).toString('base64')),
  ];
}

/** A secret may appear in the log only as the value of its own `::add-mask::` line, and that line comes first. */
function expectMaskedEverywhere(result: ActionResult, secrets: readonly string[]): void {
  const lines = result.log.split(/\r?\n/);
  for (const secret of secrets) {
    expect(result.masked).toContain(secret);
    const first = lines.findIndex((line) => line.includes(secret));
    expect(lines[first]).toBe(`::add-mask::${secret}`);
    for (const form of [secret, Buffer.from(secret).toString('base64')]) {
      const leaks = lines.filter((line) => line.includes(form) && line !== `::add-mask::${form}`);
      expect(leaks).toEqual([]);
      expect(result.summary).not.toContain(form);
      expect(JSON.stringify(result.outputs)).not.toContain(form);
      expect(JSON.stringify(result.env)).not.toContain(form);
      expect(JSON.stringify(result.state)).not.toContain(form);
    }
  }
}

function mode(file: string): number {
  return statSync(file).mode & 0o777;
}

describe('actions/azure-login', () => {
  it('logs in with OIDC, logs docker in to ACR and exports the Azure environment', async () => {
    const [issuedBefore, accessBefore, refreshBefore] = [
      oidc.issued.length,
      azure.accessTokens.length,
      azure.refreshTokens.length,
    ];
    const requestsBefore = azure.tokenRequests.length;
    // A docker login from an earlier step: carried over into the new docker config, the file itself untouched.
    const earlierDocker = mkdtempSync(path.join(os.tmpdir(), 'earlier-docker-'));
    cleanups.push(() => rm(earlierDocker, { recursive: true, force: true }));
    const earlierConfig = `${JSON.stringify({ auths: { 'ghcr.io': { auth: 'b2N0b2NhdDpnaHBfZWFybGllcg==' } } })}\n`;
    writeFileSync(path.join(earlierDocker, 'config.json'), earlierConfig);
    const result = await login({
      inputs: { 'client-id': CLIENT, 'tenant-id': TENANT, 'subscription-id': SUBSCRIPTION, acr: azure.acrHost },
      env: fakeEnv({ DOCKER_CONFIG: earlierDocker }),
      post: false,
    });
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    assertNoStackTrace(result.log);

    expect(result.outputs).toEqual({
      'client-id': CLIENT,
      'tenant-id': TENANT,
      'subscription-id': SUBSCRIPTION,
      registries: azure.acrHost,
    });

    // One exchange for the ARM token that proves the login, one for the registry's audience.
    const exchanges = azure.tokenRequests.slice(requestsBefore);
    expect(exchanges.map((r) => [r.tenant, r.clientId, r.scope?.split(' ')[0], r.refusedWith])).toEqual([
      [TENANT, CLIENT, ARM_SCOPE, undefined],
      [TENANT, CLIENT, ACR_SCOPE, undefined],
    ]);
    // A fresh GitHub ID token for every exchange and another for the federated token file: three, all different.
    const issued = oidc.issued.slice(issuedBefore);
    expect(issued.length).toBe(3);
    expect(issued.every((t) => t.audience === 'api://AzureADTokenExchange')).toBe(true);
    const assertions = exchanges.map((r) => r.assertion);
    expect(new Set(assertions).size).toBe(2);
    for (const assertion of assertions) expect(issued.map((t) => t.token)).toContain(assertion);

    // The environment for later steps.
    const runnerTemp = result.runnerTemp;
    expect(result.env['AZURE_CLIENT_ID']).toBe(CLIENT);
    expect(result.env['AZURE_TENANT_ID']).toBe(TENANT);
    expect(result.env['AZURE_SUBSCRIPTION_ID']).toBe(SUBSCRIPTION);
    expect(result.env['AZURE_AUTHORITY_HOST']).toBe(azure.authorityHost);
    const tokenFile = result.env['AZURE_FEDERATED_TOKEN_FILE']!;
    const dockerConfig = result.env['DOCKER_CONFIG']!;
    for (const p of [tokenFile, dockerConfig]) expect(path.relative(runnerTemp, p).startsWith('..')).toBe(false);

    // The federated token file: a GitHub ID token of its own (not one spent on an exchange), 0600.
    const fileToken = readFileSync(tokenFile, 'utf8');
    expect(mode(tokenFile)).toBe(0o600);
    expect(issued.map((t) => t.token)).toContain(fileToken);
    expect(assertions).not.toContain(fileToken);
    expect(decodeJwt(fileToken).claims).toMatchObject({ aud: 'api://AzureADTokenExchange', iss: GITHUB_OIDC_ISSUER });

    // The docker config: the registry's refresh token as identity token and as the password of the zero user.
    const configFile = path.join(dockerConfig, 'config.json');
    expect(mode(dockerConfig)).toBe(0o700);
    expect(mode(path.dirname(dockerConfig))).toBe(0o700);
    expect(mode(configFile)).toBe(0o600);
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
      auths: Record<string, { auth: string; identitytoken: string }>;
    };
    const refresh = azure.refreshTokens.slice(refreshBefore);
    expect(refresh.length).toBe(1);
    expect(Object.keys(config.auths)).toEqual(['ghcr.io', azure.acrHost]);
    expect(config.auths['ghcr.io']).toEqual({ auth: 'b2N0b2NhdDpnaHBfZWFybGllcg==' });
    expect(readFileSync(path.join(earlierDocker, 'config.json'), 'utf8')).toBe(earlierConfig);
    expect(config.auths[azure.acrHost]!.identitytoken).toBe(refresh[0]);
    expect(Buffer.from(config.auths[azure.acrHost]!.auth, 'base64').toString('utf8')).toBe(
      `00000000-0000-0000-0000-000000000000:${refresh[0]}`,
    );
    // The registry got the ACR-audience access token and the tenant.
    const exchange = azure.acrExchanges.at(-1)!;
    expect(exchange).toMatchObject({ status: 200, grantType: 'access_token', service: azure.acrHost, tenant: TENANT });
    expect(azure.accessTokens.find((t) => t.token === exchange.accessToken)?.scope).toBe(ACR_SCOPE);

    // Post removes them: the paths are in the state.
    expect(Object.values(result.state)).toEqual(expect.arrayContaining([tokenFile, configFile]));

    // Every token is masked before it shows up, and shows up nowhere else.
    const secrets = secretsSince(issuedBefore, accessBefore, refreshBefore);
    expect(secrets.length).toBe(3 + 2 + 1 + 1);
    expectMaskedEverywhere(result, secrets);

    // A summary a person reads in ten seconds: who logged in to what.
    expect(result.summary).toContain('Azure login');
    expect(result.summary).toContain(CLIENT);
    expect(result.summary).toContain(TENANT);
    expect(result.summary).toContain(azure.acrHost);
    expect(result.summary).toContain(BRANCH_SUBJECT);
  });

  it('removes the docker config and the token file in the post step', async () => {
    const result = await login({
      inputs: { 'client-id': CLIENT, 'tenant-id': TENANT, acr: azure.acrHost },
      env: fakeEnv(),
    });
    expect(result.exitCode).toBe(0);
    const tokenFile = result.env['AZURE_FEDERATED_TOKEN_FILE']!;
    const dockerConfig = result.env['DOCKER_CONFIG']!;
    expect(result.post).toBeDefined();
    expect(result.post!.exitCode).toBe(0);
    expect(result.post!.annotations).toEqual([]);
    expect(result.post!.log).toContain(`removed ${tokenFile}`);
    expect(result.post!.log).toContain(`removed ${path.join(dockerConfig, 'config.json')}`);
    expect(existsSync(tokenFile)).toBe(false);
    expect(existsSync(dockerConfig)).toBe(false);
    expect(readdirSync(result.runnerTemp)).toEqual([]);
    assertNoStackTrace(result.post!.log);
  });

  it('with export-env false and no registry only proves the login', async () => {
    const issuedBefore = oidc.issued.length;
    const result = await login({
      inputs: { 'client-id': CLIENT, 'tenant-id': TENANT, 'export-env': 'false' },
      env: fakeEnv(),
    });
    expect(result.exitCode).toBe(0);
    expect(result.env).toEqual({});
    expect(result.outputs).toEqual({ 'client-id': CLIENT, 'tenant-id': TENANT, 'subscription-id': '', registries: '' });
    expect(oidc.issued.length - issuedBefore).toBe(1);
    expect(readdirSync(result.runnerTemp)).toEqual([]);
    expect(result.summary).toContain('no registry');
  });

  it('fails with one line when the job lacks the id-token permission', async () => {
    const issuedBefore = oidc.issued.length;
    const requestsBefore = azure.requests.length;
    const result = await login({
      inputs: { 'client-id': CLIENT, 'tenant-id': TENANT, acr: azure.acrHost },
      env: fakeEnv({ ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined }),
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toEqual([{ level: 'error', message: MISSING_PERMISSION }]);
    assertNoStackTrace(result.log);
    expect(oidc.issued.length).toBe(issuedBefore);
    expect(azure.requests.length).toBe(requestsBefore);
    expect(result.outputs).toEqual({});
    expect(readdirSync(result.runnerTemp)).toEqual([]);
    expect(result.post!.exitCode).toBe(0);
    expect(result.post!.annotations).toEqual([]);
  });

  it('explains a refused assertion: the claims GitHub sent and the subjects that match this run', async () => {
    azure.setSubjects(['repo:octo-org/octo-repo:environment:production']);
    const [issuedBefore, accessBefore, refreshBefore] = [
      oidc.issued.length,
      azure.accessTokens.length,
      azure.refreshTokens.length,
    ];
    const result = await login({
      inputs: { 'client-id': CLIENT, 'tenant-id': TENANT, acr: azure.acrHost },
      env: fakeEnv(),
    });
    expect(result.exitCode).toBe(1);
    assertNoStackTrace(result.log);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    const message = errors[0]!.message;
    expect(message).toContain(`application '${CLIENT}' in tenant '${TENANT}'`);
    expect(message).toContain('AADSTS70021: No matching federated identity record found for presented assertion.');
    expect(message).toContain(`sub '${BRANCH_SUBJECT}', aud 'api://AzureADTokenExchange', iss '${GITHUB_OIDC_ISSUER}'`);
    const lines = message.split('\n');
    expect(lines).toContain(`  ${BRANCH_SUBJECT}  (branch main; the sub GitHub sent)`);
    expect(lines).toContain(`  ${IMMUTABLE_BRANCH_SUBJECT}  (branch main, immutable owner and repository IDs)`);
    expect(message).toContain("'repo:octo-org/octo-repo:environment:NAME'");
    expect(message).toMatch(/trace ID [0-9a-f-]{36}/);
    // The summary says the same for a person; no token anywhere.
    expect(result.summary).toContain('Azure login refused');
    expect(result.summary).toContain(BRANCH_SUBJECT);
    expect(result.summary).toContain(IMMUTABLE_BRANCH_SUBJECT);
    expectMaskedEverywhere(result, secretsSince(issuedBefore, accessBefore, refreshBefore));
    expect(azure.accessTokens.length).toBe(accessBefore);
    expect(result.outputs).toEqual({});
    expect(result.env).toEqual({});
    expect(readdirSync(result.runnerTemp)).toEqual([]);
  });

  it('names the environment subject GitHub sends for a job with an environment', async () => {
    oidc.setClaims({ environment: 'staging' });
    const result = await login({ inputs: { 'client-id': CLIENT, 'tenant-id': TENANT }, env: fakeEnv() });
    expect(result.exitCode).toBe(1);
    const lines = result.annotations.find((a) => a.level === 'error')!.message.split('\n');
    const subjects = lines.filter((l) => l.startsWith('  repo:')).map((l) => l.trim().split(/\s+/)[0]);
    expect(subjects).toEqual([
      'repo:octo-org/octo-repo:environment:staging',
      'repo:octo-org@9919/octo-repo@123456789:environment:staging',
      BRANCH_SUBJECT,
      IMMUTABLE_BRANCH_SUBJECT,
    ]);
    expect(lines.join('\n')).toContain("sub 'repo:octo-org/octo-repo:environment:staging'");
  });

  it('names an unknown application', async () => {
    const other = '11111111-2222-3333-4444-555555555555';
    const result = await login({ inputs: { 'client-id': other, 'tenant-id': TENANT }, env: fakeEnv() });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(
      `Entra ID has no application with client ID '${other}' in tenant '${TENANT}' (AADSTS700016)`,
    );
    expect(errors[0]!.message).not.toContain('\n');
    assertNoStackTrace(result.log);
  });

  it('names an unknown tenant', async () => {
    const other = '66666666-7777-4888-9999-000000000000';
    const result = await login({ inputs: { 'client-id': CLIENT, 'tenant-id': other }, env: fakeEnv() });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(`Entra ID at ${azure.authorityHost} has no tenant '${other}' (AADSTS90002)`);
    assertNoStackTrace(result.log);
  });

  it('reports a registry that refuses the exchange and leaves no credential behind', async () => {
    azure.refuseAcrExchanges(401);
    const result = await login({
      inputs: { 'client-id': CLIENT, 'tenant-id': TENANT, acr: azure.acrHost },
      env: fakeEnv(),
    });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(
      `registry ${azure.acrHost} refused the Entra ID token (HTTP 401: UNAUTHORIZED`,
    );
    expect(result.env).toEqual({});
    expect(readdirSync(result.runnerTemp)).toEqual([]);
    assertNoStackTrace(result.log);
  });
});
