import { proxyAwareFetch } from '../runtime/proxy-fetch.js';
import type { AccessToken, ClientAssertionCredential } from '@azure/identity';
import type * as AzureIdentity from '@azure/identity';
import { OperationError } from '../runtime/errors.js';
import { registerSecret } from '../runtime/secrets.js';
import type { AzureEndpoints } from './cloud-endpoints.js';
import { classifyEntraError, explainEntraError, type EntraErrorInfo, type EntraLoginContext } from './entra-errors.js';
import { requestGitHubIdToken } from './github-id-token.js';
import { decodeJwtClaims } from './jwt-claims.js';

/*
 * An Entra ID credential from GitHub's OIDC ID token: @azure/identity's
 * ClientAssertionCredential whose assertion is a GitHub ID token fetched
 * fresh for every exchange, so a job that runs longer than an ID token lives
 * (minutes) still gets access tokens. @azure/identity is loaded on the first
 * token request only: it is large, and most runs of an action never need it.
 */

export interface GitHubOidcLogin {
  readonly clientId: string;
  readonly tenantId: string;
  /** The audience of the GitHub ID token (the federated credential's audience). */
  readonly audience: string;
  readonly endpoints: AzureEndpoints;
  /** The input names to point at in messages (default client-id, tenant-id, cloud, audience). */
  readonly inputNames?: EntraLoginContext['inputNames'];
}

type IdentityModule = Pick<typeof AzureIdentity, 'ClientAssertionCredential'>;

/** Seams for tests; production uses the defaults. */
export interface GitHubOidcCredentialDeps {
  readonly requestIdToken?: (audience: string) => Promise<string>;
  readonly loadIdentity?: () => Promise<IdentityModule>;
  /** Used to find out why Entra ID's OpenID configuration could not be read. */
  readonly fetch?: typeof fetch;
  readonly env?: NodeJS.ProcessEnv;
}

/** A refused login, explained; `info` says why, `claims` are those of the GitHub ID token presented. */
export class EntraLoginError extends OperationError {
  override readonly name = 'EntraLoginError';
  constructor(
    message: string,
    readonly info: EntraErrorInfo,
    readonly claims?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Access tokens are reused until five minutes before they expire, as MSAL does. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export class GitHubOidcCredential {
  private credential: ClientAssertionCredential | undefined;
  private readonly cache = new Map<string, AccessToken>();
  private queue: Promise<unknown> = Promise.resolve();
  /** The ID token of the exchange under way: MSAL asks for the assertion more than once per request. */
  private assertion: Promise<string> | undefined;
  private assertionError: unknown;
  private lastIdToken: string | undefined;
  private idTokens = 0;
  private readonly deps: Required<Omit<GitHubOidcCredentialDeps, 'env'>> & { env: NodeJS.ProcessEnv };

  constructor(
    readonly login: GitHubOidcLogin,
    deps: GitHubOidcCredentialDeps = {},
  ) {
    this.deps = {
      requestIdToken: deps.requestIdToken ?? requestGitHubIdToken,
      loadIdentity: deps.loadIdentity ?? (() => import('@azure/identity')),
      fetch: deps.fetch ?? ((input, init) => proxyAwareFetch(String(input), init ?? {})),
      env: deps.env ?? process.env,
    };
  }

  /** How many GitHub ID tokens were requested for exchanges (one per exchange with Entra ID). */
  get idTokensRequested(): number {
    return this.idTokens;
  }

  /** The claims of the last GitHub ID token presented to Entra ID (its `sub` is what matched). */
  get presentedClaims(): Record<string, unknown> | undefined {
    return this.lastIdToken ? decodeJwtClaims(this.lastIdToken) : undefined;
  }

  /**
   * An access token for one scope (`https://management.azure.com/.default`),
   * registered as a secret before it is returned. Requests run one at a time.
   */
  async getToken(scopes: string | readonly string[]): Promise<AccessToken> {
    const list = typeof scopes === 'string' ? [scopes] : [...scopes];
    if (list.length !== 1 || !list[0]) throw new Error('GitHubOidcCredential.getToken takes exactly one scope');
    const scope = list[0];
    const cached = this.cache.get(scope);
    if (cached && cached.expiresOnTimestamp - Date.now() > REFRESH_MARGIN_MS) return cached;
    const next = this.queue.then(() => this.exchange(scope));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async exchange(scope: string): Promise<AccessToken> {
    const credential = await this.clientAssertionCredential();
    this.assertion = undefined;
    this.assertionError = undefined;
    let token: AccessToken | null;
    try {
      token = await credential.getToken(scope);
    } catch (error) {
      // A failure to get the GitHub ID token is reported as it is, not as Entra ID's.
      if (this.assertionError !== undefined) throw this.assertionError;
      throw await this.explain(error);
    } finally {
      this.assertion = undefined;
    }
    if (!token?.token) throw new OperationError(`Entra ID returned no access token for ${scope}`);
    registerSecret(token.token);
    this.cache.set(scope, token);
    return token;
  }

  private async clientAssertionCredential(): Promise<ClientAssertionCredential> {
    if (this.credential) return this.credential;
    const { ClientAssertionCredential } = await this.deps.loadIdentity();
    const { clientId, tenantId, endpoints } = this.login;
    this.credential = new ClientAssertionCredential(tenantId, clientId, () => this.currentAssertion(), {
      authorityHost: endpoints.authorityHost,
      disableInstanceDiscovery: endpoints.disableInstanceDiscovery,
    });
    return this.credential;
  }

  /** One fresh GitHub ID token per exchange, however often MSAL asks for it during that exchange. */
  private currentAssertion(): Promise<string> {
    this.assertion ??= (async () => {
      this.idTokens++;
      try {
        const token = await this.deps.requestIdToken(this.login.audience);
        this.lastIdToken = token;
        return token;
      } catch (error) {
        this.assertionError = error;
        throw error;
      }
    })();
    return this.assertion;
  }

  private async explain(error: unknown): Promise<EntraLoginError> {
    const message = error instanceof Error ? error.message : String(error);
    let info = classifyEntraError(message);
    if (info.kind === 'unreachable' && !info.code) info = await this.diagnoseAuthority(info);
    const claims = this.presentedClaims;
    const context: EntraLoginContext = {
      clientId: this.login.clientId,
      tenantId: this.login.tenantId,
      cloud: this.login.endpoints.cloud,
      authorityHost: this.login.endpoints.authorityHost,
      audience: this.login.audience,
      env: this.deps.env,
      ...(claims ? { claims } : {}),
      ...(this.login.inputNames ? { inputNames: this.login.inputNames } : {}),
    };
    return new EntraLoginError(explainEntraError(info, context), info, claims);
  }

  /**
   * MSAL reports only `endpoints_resolution_error` when it cannot read the
   * tenant's OpenID configuration; reading it again says why (an unknown
   * tenant, a TLS or network failure).
   */
  private async diagnoseAuthority(info: EntraErrorInfo): Promise<EntraErrorInfo> {
    const url = `${this.login.endpoints.authorityHost}/${encodeURIComponent(this.login.tenantId)}/v2.0/.well-known/openid-configuration`;
    try {
      const response = await this.deps.fetch(url, { signal: AbortSignal.timeout(15_000) });
      const text = await response.text();
      if (response.ok) return info;
      let description = '';
      try {
        description = String((JSON.parse(text) as { error_description?: unknown }).error_description ?? '');
      } catch {
        // Not JSON: the status says enough.
      }
      if (/AADSTS\d+/.test(description)) return classifyEntraError(description);
      return { ...info, detail: `GET ${url} answered HTTP ${response.status}` };
    } catch (error) {
      const err = error as Error & { cause?: { message?: string; code?: string } };
      const cause = err.cause?.message ?? err.cause?.code;
      return { ...info, detail: `GET ${url} failed: ${err.message}${cause ? ` (${cause})` : ''}` };
    }
  }
}
