import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt, GITHUB_OIDC_ISSUER } from './oidc-server.js';

/*
 * A fake of Microsoft Entra ID's token endpoint and of Azure Container
 * Registry's OAuth2 exchange, for tests of the OIDC login.
 *
 * @azure/identity (MSAL) only talks to https authority hosts, so Entra ID is
 * served over TLS with a certificate from a throw-away CA generated with
 * openssl at start: give the process under test NODE_EXTRA_CA_CERTS=caFile
 * and AZURE_AUTHORITY_HOST=authorityHost (an unknown host, so instance
 * discovery is off). With instance discovery off MSAL first reads the
 * tenant's OpenID configuration, then posts to the token endpoint it names.
 *
 * The registry side is served over plain http on 127.0.0.1 (loopback
 * registries are reached over http): `acrHost` is the registry's host name.
 *
 * Like the real service, the token endpoint checks the client assertion: a
 * GitHub ID token (test/fakes/oidc-server.ts) with the GitHub issuer, the
 * expected audience, a subject of a federated credential and a live time
 * range; it answers with the AADSTS errors Entra ID gives.
 */

export const ACR_SCOPE = 'https://containerregistry.azure.net/.default';

export interface AzureServerOptions {
  readonly tenantId: string;
  readonly clientId: string;
  /** Subjects of the application's federated credentials (default: the oidc fake's default subject). */
  readonly subjects?: readonly string[];
  /** Audience of the federated credentials (default api://AzureADTokenExchange). */
  readonly audience?: string;
}

export interface TokenRequest {
  readonly tenant: string;
  readonly clientId: string | null;
  readonly scope: string | null;
  readonly grantType: string | null;
  /** The client assertion as sent (a GitHub ID token). */
  readonly assertion: string | null;
  /** The AADSTS code of the refusal, when refused. */
  readonly refusedWith?: string;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly scope: string;
  /** The client assertion it was issued for. */
  readonly assertion: string;
}

export interface AcrExchange {
  readonly registry: string;
  readonly service: string | null;
  readonly tenant: string | null;
  readonly grantType: string | null;
  readonly accessToken: string | null;
  readonly refreshToken?: string;
  readonly status: number;
}

export interface AzureServer {
  /** `https://127.0.0.1:<port>`: the value of AZURE_AUTHORITY_HOST. */
  readonly authorityHost: string;
  /** The CA certificate (PEM file) that signed the server certificate: the value of NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  /** `127.0.0.1:<port>`: a registry host name (plain http) that serves `POST /oauth2/exchange`. */
  readonly acrHost: string;
  /** Every request, `METHOD path`, in order. */
  readonly requests: string[];
  readonly tokenRequests: TokenRequest[];
  readonly accessTokens: IssuedAccessToken[];
  readonly acrExchanges: AcrExchange[];
  /** The ACR refresh tokens issued. */
  readonly refreshTokens: string[];
  /** Replaces the subjects of the federated credentials. */
  setSubjects(subjects: readonly string[]): void;
  /** The registry refuses every exchange from now on with this status. */
  refuseAcrExchanges(status: number | undefined): void;
  close(): Promise<void>;
}

interface AadError {
  readonly status: number;
  readonly error: string;
  readonly code: number;
  readonly description: string;
}

export async function startAzureServer(options: AzureServerOptions): Promise<AzureServer> {
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'azure-fake-tls-'));
  const tls = makeCertificates(certDir);
  const requests: string[] = [];
  const tokenRequests: TokenRequest[] = [];
  const accessTokens: IssuedAccessToken[] = [];
  const acrExchanges: AcrExchange[] = [];
  const refreshTokens: string[] = [];
  const audience = options.audience ?? 'api://AzureADTokenExchange';
  let subjects = [...(options.subjects ?? ['repo:octo-org/octo-repo:ref:refs/heads/main'])];
  let acrRefusal: number | undefined;
  let authorityHost = '';
  let acrHost = '';

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const aadError = (res: ServerResponse, e: AadError): void => {
    const trace = randomUUID();
    const correlation = randomUUID();
    const timestamp = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    json(res, e.status, {
      error: e.error,
      error_description: `AADSTS${e.code}: ${e.description} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
      error_codes: [e.code],
      timestamp,
      trace_id: trace,
      correlation_id: correlation,
      error_uri: `${authorityHost}/error?code=${e.code}`,
    });
  };

  const openidConfiguration = (tenant: string): Record<string, unknown> => ({
    token_endpoint: `${authorityHost}/${tenant}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${authorityHost}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${authorityHost}/${tenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${authorityHost}/oidc/userinfo`,
    authorization_endpoint: `${authorityHost}/${tenant}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${authorityHost}/${tenant}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${authorityHost}/${tenant}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat'],
    kerberos_endpoint: `${authorityHost}/${tenant}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  });

  /** Why Entra ID would refuse this assertion, or undefined when a federated credential matches. */
  const assertionProblem = (assertion: string | null): AadError | undefined => {
    let claims: Record<string, unknown>;
    try {
      if (!assertion || assertion.split('.').length !== 3) throw new Error('not a JWT');
      claims = decodeJwt(assertion).claims;
    } catch {
      return {
        status: 400,
        error: 'invalid_request',
        code: 50027,
        description: 'JWT token is invalid or malformed.',
      };
    }
    const { iss, aud, sub } = claims;
    const presented = `Assertion Issuer: '${String(iss)}'. Assertion Subject: '${String(sub)}'. Assertion Audience: '${String(aud)}'.`;
    const now = Math.floor(Date.now() / 1000);
    if (
      typeof claims['exp'] !== 'number' ||
      claims['exp'] < now ||
      (typeof claims['nbf'] === 'number' && claims['nbf'] > now + 300)
    ) {
      return {
        status: 400,
        error: 'invalid_client',
        code: 700024,
        description: 'Client assertion is not within its valid time range.',
      };
    }
    if (iss !== GITHUB_OIDC_ISSUER) {
      return {
        status: 400,
        error: 'invalid_client',
        code: 700211,
        description: `No matching federated identity record found for presented assertion issuer '${String(iss)}'.`,
      };
    }
    if (aud !== audience) {
      return {
        status: 400,
        error: 'invalid_client',
        code: 700212,
        description: `No matching federated identity record found for presented assertion audience '${String(aud)}'.`,
      };
    }
    if (typeof sub !== 'string' || !subjects.includes(sub)) {
      return {
        status: 400,
        error: 'invalid_client',
        code: 70021,
        description: `No matching federated identity record found for presented assertion. ${presented} Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
      };
    }
    return undefined;
  };

  const handleToken = (req: IncomingMessage, res: ServerResponse, tenant: string, body: string): void => {
    const form = new URLSearchParams(body);
    const base = {
      tenant,
      clientId: form.get('client_id'),
      scope: form.get('scope'),
      grantType: form.get('grant_type'),
      assertion: form.get('client_assertion'),
    };
    const refuse = (e: AadError): void => {
      tokenRequests.push({ ...base, refusedWith: `AADSTS${e.code}` });
      aadError(res, e);
    };
    if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed' });
    if (tenant !== options.tenantId) {
      return refuse({
        status: 400,
        error: 'invalid_tenant',
        code: 90002,
        description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      });
    }
    if (base.clientId !== options.clientId) {
      return refuse({
        status: 400,
        error: 'unauthorized_client',
        code: 700016,
        description: `Application with identifier '${String(base.clientId)}' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      });
    }
    if (base.grantType !== 'client_credentials') {
      return refuse({
        status: 400,
        error: 'unsupported_grant_type',
        code: 70003,
        description: 'The app requested an unsupported grant type.',
      });
    }
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      return refuse({
        status: 400,
        error: 'invalid_request',
        code: 7000218,
        description: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      });
    }
    const problem = assertionProblem(base.assertion);
    if (problem) return refuse(problem);
    const scope = (base.scope ?? '').split(' ').find((s) => s.endsWith('/.default'));
    if (!scope) {
      return refuse({
        status: 400,
        error: 'invalid_scope',
        code: 1002012,
        description: 'The provided value for scope is not valid.',
      });
    }
    tokenRequests.push(base);
    const token = fakeAccessToken(options.tenantId, options.clientId, scope.replace(/\/\.default$/, ''));
    accessTokens.push({ token, scope, assertion: base.assertion ?? '' });
    json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
  };

  const handleAcrExchange = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const form = new URLSearchParams(body);
    const record = {
      registry: acrHost,
      service: form.get('service'),
      tenant: form.get('tenant'),
      grantType: form.get('grant_type'),
      accessToken: form.get('access_token'),
    };
    const refuse = (status: number, message: string): void => {
      acrExchanges.push({ ...record, status });
      json(res, status, { errors: [{ code: 'UNAUTHORIZED', message }] });
    };
    if (req.method !== 'POST') return refuse(405, 'method not allowed');
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
      return refuse(400, 'the body must be application/x-www-form-urlencoded');
    }
    if (acrRefusal !== undefined)
      return refuse(
        acrRefusal,
        'authentication required, visit https://aka.ms/acr/authorization for more information.',
      );
    if (record.grantType !== 'access_token') return refuse(400, `unsupported grant_type '${String(record.grantType)}'`);
    if (record.service !== acrHost) return refuse(400, `service '${String(record.service)}' is not this registry`);
    if (record.tenant !== options.tenantId)
      return refuse(401, `tenant '${String(record.tenant)}' is not the registry's tenant`);
    const issued = accessTokens.find((t) => t.token === record.accessToken);
    if (!issued) return refuse(401, 'the access token was not issued by Entra ID');
    if (issued.scope !== ACR_SCOPE && !issued.scope.startsWith('https://management.')) {
      return refuse(401, `the access token's audience ${issued.scope} is not accepted by the registry`);
    }
    const refreshToken = fakeAccessToken(options.tenantId, options.clientId, acrHost);
    refreshTokens.push(refreshToken);
    acrExchanges.push({ ...record, status: 200, refreshToken });
    json(res, 200, { refresh_token: refreshToken });
  };

  const handle = (req: IncomingMessage, res: ServerResponse, side: 'entra' | 'acr'): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://fake');
      requests.push(`${side} ${req.method ?? '?'} ${url.pathname}`);
      const body = Buffer.concat(chunks).toString('utf8');
      if (side === 'acr') {
        if (url.pathname === '/oauth2/exchange') return handleAcrExchange(req, res, body);
        return json(res, 404, { errors: [{ code: 'NOT_FOUND', message: `no such path ${url.pathname}` }] });
      }
      const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
      if (metadata) {
        const tenant = metadata[1]!;
        if (tenant !== options.tenantId) {
          return aadError(res, {
            status: 400,
            error: 'invalid_tenant',
            code: 90002,
            description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
          });
        }
        return json(res, 200, openidConfiguration(tenant));
      }
      const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
      if (token) return handleToken(req, res, token[1]!, body);
      json(res, 404, { error: 'not_found', error_description: `no such path ${url.pathname}` });
    });
  };

  const entra = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => handle(req, res, 'entra'));
  const acr = createHttpServer((req, res) => handle(req, res, 'acr'));
  const entraPort = await listen(entra);
  const acrPort = await listen(acr);
  authorityHost = `https://127.0.0.1:${entraPort}`;
  acrHost = `127.0.0.1:${acrPort}`;

  return {
    authorityHost,
    caFile: tls.caFile,
    acrHost,
    requests,
    tokenRequests,
    accessTokens,
    acrExchanges,
    refreshTokens,
    setSubjects: (next) => {
      subjects = [...next];
    },
    refuseAcrExchanges: (status) => {
      acrRefusal = status;
    },
    close: async () => {
      await Promise.all([close(entra), close(acr)]);
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}

/** A JWT-shaped token (unsigned-looking signature) as Entra ID and ACR hand them out. */
function fakeAccessToken(tenantId: string, clientId: string, audience: string): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = part({ typ: 'JWT', alg: 'RS256', kid: 'fake' });
  const payload = part({
    aud: audience,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + 3599,
    appid: clientId,
    tid: tenantId,
    uti: randomBytes(12).toString('base64url'),
  });
  return `${header}.${payload}.${randomBytes(64).toString('base64url')}`;
}

/**
 * A CA and a server certificate for 127.0.0.1 and localhost, made with the
 * openssl command line (node:crypto cannot issue X.509 certificates).
 */
export function makeCertificates(dir: string): { key: string; cert: string; caFile: string } {
  const file = (name: string): string => path.join(dir, name);
  const openssl = (args: string[]): void => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8') ?? '';
      throw new Error(
        `openssl ${args[0] ?? ''} failed (the Azure fake needs openssl on PATH): ${stderr || String(error)}`,
      );
    }
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=devsecops-actions test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl(['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1']);
  writeFileSync(
    file('server.ext'),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '',
    ].join('\n'),
  );
  openssl([
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  ]);
  return {
    key: readFileSync(file('server.key'), 'utf8'),
    cert: readFileSync(file('server.pem'), 'utf8'),
    caFile: file('ca.pem'),
  };
}
