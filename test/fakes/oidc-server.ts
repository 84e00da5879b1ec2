import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A fake of GitHub Actions' OIDC token endpoint (what
 * ACTIONS_ID_TOKEN_REQUEST_URL points at). Like the real one it wants
 * `Authorization: bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>`, takes the
 * audience from the query string and answers `{"value": "<jwt>"}`. The JWT
 * has GitHub's structure and claims; its signature is not real. Every call
 * issues a new token (new jti, strictly later iat), so tests can check that
 * a caller asked for a fresh one.
 */

export interface OidcServerOptions {
  /** Claims that replace or add to the defaults (set one to undefined to drop it). */
  readonly claims?: Record<string, unknown>;
  /** Token lifetime in seconds (default 300). */
  readonly lifetimeSeconds?: number;
}

export interface IssuedToken {
  readonly audience: string;
  readonly token: string;
  readonly claims: Record<string, unknown>;
}

export interface OidcServer {
  /** The request URL as the runner gives it (with a query, so `&audience=` can be appended). */
  readonly requestUrl: string;
  readonly requestToken: string;
  readonly env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  readonly issued: IssuedToken[];
  /** Requests refused (wrong or missing Authorization, wrong method or path). */
  readonly refused: Array<{ status: number; reason: string }>;
  /** Changes the claims of tokens issued from now on. */
  setClaims(claims: Record<string, unknown>): void;
  /** The next requests get these statuses (before the Authorization check). */
  failNext(statuses: readonly number[]): void;
  close(): Promise<void>;
}

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcServer> {
  const requestToken = randomBytes(24).toString('hex');
  const issued: IssuedToken[] = [];
  const refused: Array<{ status: number; reason: string }> = [];
  const failures: number[] = [];
  let overrides: Record<string, unknown> = { ...(options.claims ?? {}) };
  let lastIat = 0;
  const lifetime = options.lifetimeSeconds ?? 300;

  const refuse = (res: ServerResponse, status: number, reason: string): void => {
    refused.push({ status, reason });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: reason }));
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://oidc');
    const injected = failures.shift();
    if (injected !== undefined) return refuse(res, injected, `injected failure: HTTP ${injected}`);
    if (url.pathname !== '/idtoken') return refuse(res, 404, `no such path: ${url.pathname}`);
    if (req.method !== 'GET') return refuse(res, 405, `method ${req.method} not allowed`);
    const auth = req.headers.authorization ?? '';
    const match = /^bearer\s+(.+)$/i.exec(auth);
    if (!match || match[1] !== requestToken) return refuse(res, 401, 'bad or missing bearer token');

    const defaultAudience = `https://github.com/${String(overrides['repository_owner'] ?? 'octo-org')}`;
    const audience = url.searchParams.get('audience') ?? defaultAudience;
    // Strictly increasing iat, so two tokens never look equally old.
    const now = Math.floor(Date.now() / 1000);
    const iat = Math.max(now, lastIat + 1);
    lastIat = iat;
    const claims = githubClaims(overrides, audience, iat, lifetime);
    const token = signLikeJwt(claims);
    issued.push({ audience, token, claims });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ count: 1, value: token }));
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const requestUrl = `http://127.0.0.1:${port}/idtoken?api-version=2.0`;

  return {
    requestUrl,
    requestToken,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
    issued,
    refused,
    setClaims: (claims) => {
      overrides = { ...claims };
    },
    failNext: (statuses) => {
      failures.push(...statuses);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function githubClaims(
  overrides: Record<string, unknown>,
  audience: string,
  iat: number,
  lifetime: number,
): Record<string, unknown> {
  const repository = String(overrides['repository'] ?? 'octo-org/octo-repo');
  const owner = String(overrides['repository_owner'] ?? repository.split('/')[0]);
  const ref = String(overrides['ref'] ?? 'refs/heads/main');
  const environment = overrides['environment'];
  const sha = 'ffac537e6cbbf934b08745a378932722df287a53';
  // GitHub's subject: the environment when the job has one, else the ref (pull requests: `pull_request`).
  const sub =
    typeof environment === 'string'
      ? `repo:${repository}:environment:${environment}`
      : overrides['event_name'] === 'pull_request'
        ? `repo:${repository}:pull_request`
        : `repo:${repository}:ref:${ref}`;
  const claims: Record<string, unknown> = {
    jti: randomUUID(),
    sub,
    aud: audience,
    ref,
    sha,
    repository,
    repository_owner: owner,
    repository_owner_id: '9919',
    repository_id: '123456789',
    repository_visibility: 'private',
    run_id: '1658821493',
    run_number: '42',
    run_attempt: '1',
    actor: 'octocat',
    actor_id: '583231',
    workflow: 'CI',
    head_ref: '',
    base_ref: '',
    event_name: 'push',
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    ref_protected: 'false',
    workflow_ref: `${repository}/.github/workflows/ci.yml@${ref}`,
    workflow_sha: sha,
    job_workflow_ref: `${repository}/.github/workflows/ci.yml@${ref}`,
    job_workflow_sha: sha,
    runner_environment: 'github-hosted',
    iss: GITHUB_OIDC_ISSUER,
    nbf: iat - 5,
    iat,
    exp: iat + lifetime,
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return claims;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** header.payload.signature, with a signature that is 256 bytes derived from the content (not a real RS256 one). */
function signLikeJwt(claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'test' }));
  const payload = base64url(JSON.stringify(claims));
  const digest = createHash('sha256').update(`${header}.${payload}`).digest();
  const signature = base64url(Buffer.concat(Array.from({ length: 8 }, () => digest)));
  return `${header}.${payload}.${signature}`;
}

/** The header and claims of a JWT (no signature check). */
export function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, payload] = token.split('.');
  if (header === undefined || payload === undefined) throw new Error('not a JWT');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}
