import type { FetchLike } from '../runtime/proxy-fetch.js';
import { OperationError } from '../runtime/errors.js';
import { registerSecret } from '../runtime/secrets.js';
import type { RegistryCredentials } from './credentials.js';
import { isLoopbackHost } from './reference.js';
import type { AuthChallenge } from './www-authenticate.js';

/*
 * Answers a registry's 401 challenge with an Authorization header:
 * - Basic: the user name and password, when there are credentials;
 * - Bearer: a token from the challenge's realm for its service and scope:
 *   anonymous, with basic credentials (GET, Docker's token flow), or with an
 *   identity token (POST grant_type=refresh_token, the OAuth2 flow ACR uses).
 * Tokens are cached per scope and registered as secrets before use. Credentials
 * are only ever sent over TLS, or to a loopback host.
 */

export type { FetchLike };

interface TokenResponse {
  readonly token?: unknown;
  readonly access_token?: unknown;
}

export class RegistryAuthenticator {
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly registry: string,
    private readonly credentials: RegistryCredentials | undefined,
    private readonly fetchImpl: FetchLike,
    private readonly timeoutMs: number,
  ) {}

  /** The Authorization header cached for scope, if any. */
  cached(scope: string): string | undefined {
    return this.tokens.get(scope);
  }

  /** An Authorization header answering the challenge for scope (the challenge's own scope wins). */
  async authorize(challenges: readonly AuthChallenge[], scope: string): Promise<string> {
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer) {
      const header = `Bearer ${await this.fetchToken(bearer, scope)}`;
      this.tokens.set(scope, header);
      return header;
    }
    if (challenges.some((c) => c.scheme === 'basic')) {
      const creds = this.credentials;
      if (!creds) throw this.denied('asks for basic authentication and no credentials were found');
      const user = creds.kind === 'basic' ? creds.username : (creds.username ?? '00000000-0000-0000-0000-000000000000');
      const secret = creds.kind === 'basic' ? creds.password : creds.identityToken;
      const header = `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
      registerSecret(header.slice('Basic '.length));
      this.tokens.set(scope, header);
      return header;
    }
    throw this.denied(
      `asks for an authentication scheme this client does not support (${challenges.map((c) => c.scheme).join(', ') || 'none'})`,
    );
  }

  private async fetchToken(challenge: AuthChallenge, scope: string): Promise<string> {
    const realm = challenge.params['realm'];
    if (!realm) throw this.denied('sent a Bearer challenge without a realm');
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw this.denied(`sent a token realm that is not a URL: ${realm}`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.host))) {
      throw this.denied(`sent a token realm that is not https (${url.origin}); credentials are only sent over TLS`);
    }
    const service = challenge.params['service'];
    const wantedScope = challenge.params['scope'] || scope;
    const creds = this.credentials;
    let response: Response;
    if (creds?.kind === 'identity-token') {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken });
      if (service) form.set('service', service);
      if (wantedScope) form.set('scope', wantedScope);
      form.set('client_id', 'devsecops-actions-aks');
      response = await this.send(url.href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    } else {
      if (service) url.searchParams.set('service', service);
      if (wantedScope) url.searchParams.set('scope', wantedScope);
      const headers: Record<string, string> = {};
      if (creds?.kind === 'basic') {
        const basic = Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
        registerSecret(basic);
        headers['authorization'] = `Basic ${basic}`;
      }
      response = await this.send(url.href, { method: 'GET', headers });
    }
    const body = await response.text();
    if (!response.ok) {
      const who = creds ? 'with the credentials given' : 'anonymously';
      throw this.denied(`refused a token ${who} (HTTP ${response.status} from ${url.origin}${url.pathname})`);
    }
    let token: unknown;
    try {
      const doc = JSON.parse(body) as TokenResponse;
      token = doc.access_token ?? doc.token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') {
      throw this.denied(`token endpoint ${url.origin}${url.pathname} answered without a token`);
    }
    registerSecret(token);
    return token;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new OperationError(
        `registry ${this.registry}: token request to ${new URL(url).origin} failed: ${(error as Error).message}`,
      );
    }
  }

  private denied(why: string): OperationError {
    return new OperationError(
      `registry ${this.registry} ${why}; log in with docker login or actions/azure-login, or set registry-username and registry-password`,
    );
  }
}
