import { isLoopbackHost } from '../oci/reference.js';
import { OperationError } from '../runtime/errors.js';
import { httpPost, type HttpAnswer, type HttpPost } from '../runtime/http-post.js';
import { redactSecrets, registerSecret } from '../runtime/secrets.js';

/*
 * Azure Container Registry's OAuth2 exchange: an Entra ID access token for
 * the registry (audience containerregistry.azure.net, or ARM) becomes an ACR
 * refresh token, which docker and every registry client use as an identity
 * token (`POST /oauth2/token` with grant_type=refresh_token, per scope).
 *
 *   POST https://<registry>/oauth2/exchange
 *   grant_type=access_token&service=<registry>&tenant=<tenant>&access_token=<token>
 *   -> {"refresh_token": "..."}
 *
 * Loopback registries are reached over plain http (tests, local registries);
 * every other registry only over https.
 */

export type { HttpPost };

export interface AcrExchangeRequest {
  /** `myregistry.azurecr.io` (or `127.0.0.1:5000`). */
  readonly registry: string;
  readonly tenantId: string;
  /** The Entra ID access token (a registered secret). */
  readonly accessToken: string;
  /** The client ID, for messages. */
  readonly clientId?: string;
  /** How the exchange is POSTed (default httpPost; fetch works too). */
  readonly fetch?: HttpPost;
  readonly timeoutMs?: number;
  /** Attempts on 429, 5xx and connection failures (default 3). */
  readonly attempts?: number;
  /** Milliseconds before the first retry, doubled after each (default 1000). */
  readonly backoffMs?: number;
}

/** The URL of a registry's exchange endpoint: http on loopback, https everywhere else. */
export function acrExchangeUrl(registry: string): string {
  return `${isLoopbackHost(registry) ? 'http' : 'https'}://${registry}/oauth2/exchange`;
}

/** The form body of the exchange. */
export function acrExchangeBody(registry: string, tenantId: string, accessToken: string): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'access_token',
    service: registry,
    tenant: tenantId,
    access_token: accessToken,
  });
}

/** Exchanges an Entra ID access token for an ACR refresh token, registered as a secret before it is returned. */
export async function exchangeForAcrRefreshToken(request: AcrExchangeRequest): Promise<string> {
  const { registry } = request;
  const url = acrExchangeUrl(registry);
  const doFetch = request.fetch ?? httpPost;
  const attempts = Math.max(1, request.attempts ?? 3);
  let delay = request.backoffMs ?? 1000;
  let response: HttpAnswer | undefined;
  let text = '';
  for (let attempt = 1; ; attempt++) {
    let failure: string | undefined;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: acrExchangeBody(registry, request.tenantId, request.accessToken).toString(),
        signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
      });
      text = await response.text();
      if (response.status !== 429 && response.status < 500) break;
      failure = `HTTP ${response.status}`;
    } catch (error) {
      const err = error as Error & { cause?: { message?: string; code?: string } };
      const cause = err.cause?.code ?? err.cause?.message;
      failure = `${err.message}${cause ? ` (${cause})` : ''}`;
      response = undefined;
    }
    if (attempt >= attempts) {
      if (!response) throw new OperationError(`could not reach registry ${registry} (POST ${url}): ${failure}`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay *= 2;
  }

  if (response.ok) {
    let refreshToken: unknown;
    try {
      refreshToken = (JSON.parse(text) as { refresh_token?: unknown }).refresh_token;
    } catch {
      refreshToken = undefined;
    }
    if (typeof refreshToken !== 'string' || refreshToken === '') {
      throw new OperationError(`registry ${registry} answered the token exchange without a refresh_token`);
    }
    registerSecret(refreshToken);
    return refreshToken;
  }
  throw new OperationError(acrExchangeFailure(registry, response.status, text, request.clientId));
}

/** The message for a refused exchange. */
export function acrExchangeFailure(registry: string, status: number, body: string, clientId?: string): string {
  const said = registryErrorMessage(body);
  const answered = `HTTP ${status}${said ? `: ${said}` : ''}`;
  const who = clientId ? `the identity '${clientId}'` : 'the identity';
  if (status === 401 || status === 403) {
    return `registry ${registry} refused the Entra ID token (${answered}): check that the registry belongs to the tenant and that ${who} has a role on it that allows pulling or pushing (AcrPull, AcrPush, or Container Registry Repository Reader/Writer)`;
  }
  if (status === 404) {
    return `registry ${registry} has no ACR token exchange (POST /oauth2/exchange answered ${answered}): is it an Azure Container Registry?`;
  }
  return `registry ${registry} refused the token exchange (${answered})`;
}

/** The message of a registry's error body (`{"errors":[{"code","message"}]}` or `{"error","error_description"}`), short and redacted. */
function registryErrorMessage(body: string): string {
  let message = '';
  try {
    const doc = JSON.parse(body) as {
      errors?: Array<{ code?: unknown; message?: unknown }>;
      error?: unknown;
      error_description?: unknown;
    };
    const first = doc.errors?.[0];
    if (first) message = [first.code, first.message].filter((p) => typeof p === 'string' && p).join(': ');
    else if (typeof doc.error_description === 'string') message = doc.error_description;
    else if (typeof doc.error === 'string') message = doc.error;
  } catch {
    message = body;
  }
  const oneLine = redactSecrets(message.replace(/\s+/g, ' ').trim());
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}
