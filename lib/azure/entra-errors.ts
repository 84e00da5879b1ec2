import { federatedSubjects, runIdentityFrom } from './federated-subjects.js';
import { stringClaim } from './jwt-claims.js';

/*
 * Turns Entra ID's refusals of a token request into messages a person can act
 * on. Entra ID names the cause with an AADSTS code in the error description;
 * @azure/identity (MSAL) passes it on inside its own message.
 */

export type EntraErrorKind =
  /** The GitHub ID token was refused as a client assertion: no federated credential matches it. */
  | 'assertion-rejected'
  | 'unknown-application'
  | 'unknown-tenant'
  | 'application-disabled'
  /** Entra ID (the authority host) could not be reached or read. */
  | 'unreachable'
  | 'other';

export interface EntraErrorInfo {
  readonly kind: EntraErrorKind;
  /** `AADSTS70021`. */
  readonly code?: string;
  /** Entra ID's description, first sentence, without trace and correlation IDs. */
  readonly description?: string;
  readonly traceId?: string;
  readonly correlationId?: string;
  /** The message classified, first line (for `other` and `unreachable` without a code). */
  readonly detail: string;
}

/** AADSTS codes of a refused client assertion, where the token's sub, aud and iss explain the refusal. */
const ASSERTION_REJECTED = new Set([
  '70021', // No matching federated identity record found for presented assertion.
  '70025', // The client has no configured federated identity credentials.
  '700024', // Client assertion is not within its valid time range.
  '700027', // Client assertion failed signature validation.
  '700211', // No matching federated identity record found for presented assertion issuer.
  '700212', // No matching federated identity record found for presented assertion audience.
  '700213', // No matching federated identity record found for presented assertion subject.
]);
const UNKNOWN_APPLICATION = new Set(['700016']);
const UNKNOWN_TENANT = new Set(['90002', '900023', '90092']);
const APPLICATION_DISABLED = new Set(['7000112']);

const NETWORK =
  /endpoints_resolution_error|network_error|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|certificate|self[- ]signed|UNABLE_TO_VERIFY/i;

/** Classifies the message of an error thrown by @azure/identity (or Entra ID's error_description). */
export function classifyEntraError(message: string): EntraErrorInfo {
  const detail = (message.split(/\r?\n/).find((line) => line.trim() !== '') ?? message).trim();
  const aadsts = /AADSTS(\d+):\s*([\s\S]*?)(?=\s+Trace ID:|\s+-\s+(?:Correlation|Trace) ID:|$)/.exec(message);
  const traceId = /Trace ID:\s*([0-9a-f-]{36})/i.exec(message)?.[1];
  const correlationId = /Correlation ID:\s*([0-9a-f-]{36})/i.exec(message)?.[1];
  const ids = { ...(traceId ? { traceId } : {}), ...(correlationId ? { correlationId } : {}) };
  if (!aadsts) {
    return { kind: NETWORK.test(message) ? 'unreachable' : 'other', detail, ...ids };
  }
  const number = aadsts[1]!;
  const description = firstSentence(aadsts[2] ?? '');
  const kind: EntraErrorKind = ASSERTION_REJECTED.has(number)
    ? 'assertion-rejected'
    : UNKNOWN_APPLICATION.has(number)
      ? 'unknown-application'
      : UNKNOWN_TENANT.has(number)
        ? 'unknown-tenant'
        : APPLICATION_DISABLED.has(number)
          ? 'application-disabled'
          : 'other';
  return { kind, code: `AADSTS${number}`, description, detail, ...ids };
}

function firstSentence(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  // A sentence ends at a full stop followed by a space and a capital (URLs and quoted names have dots too).
  const end = /\.(?=\s+[A-Z])/.exec(oneLine);
  return end ? oneLine.slice(0, end.index + 1) : oneLine;
}

export interface EntraLoginContext {
  readonly clientId: string;
  readonly tenantId: string;
  readonly cloud: string;
  readonly authorityHost: string;
  /** The audience the GitHub ID token was requested for. */
  readonly audience: string;
  /** The claims of the GitHub ID token that was presented, when one was. */
  readonly claims?: Record<string, unknown>;
  /** The runner's environment (GITHUB_REPOSITORY, GITHUB_REF, …) for what the claims do not say. */
  readonly env?: NodeJS.ProcessEnv;
  /** The names of the inputs to point at (default `client-id`, `tenant-id`, `cloud`, `audience`). */
  readonly inputNames?: Partial<Record<'clientId' | 'tenantId' | 'cloud' | 'audience', string>>;
}

/** The message for a refused login: one line, or for a refused assertion the lines that explain it. */
export function explainEntraError(info: EntraErrorInfo, context: EntraLoginContext): string {
  const names = {
    clientId: 'client-id',
    tenantId: 'tenant-id',
    cloud: 'cloud',
    audience: 'audience',
    ...context.inputNames,
  };
  const app = `application '${context.clientId}' in tenant '${context.tenantId}'`;
  const said = info.code ? `${info.code}: ${info.description ?? ''}`.trim() : info.detail;
  const ids = traceLine(info);
  switch (info.kind) {
    case 'unknown-application':
      return `Entra ID has no application with client ID '${context.clientId}' in tenant '${context.tenantId}' (${info.code}): check input '${names.clientId}' (the Application (client) ID of the app registration or user-assigned managed identity, not its object ID) and that it belongs to tenant '${context.tenantId}'${ids ? ` ${ids}` : ''}`;
    case 'unknown-tenant':
      return `Entra ID at ${context.authorityHost} has no tenant '${context.tenantId}' (${info.code}): check input '${names.tenantId}' and that input '${names.cloud}' (${context.cloud}) is the tenant's cloud${ids ? ` ${ids}` : ''}`;
    case 'application-disabled':
      return `Entra ID refused the login: ${app} is disabled (${info.code})${ids ? ` ${ids}` : ''}`;
    case 'unreachable':
      return `could not reach Entra ID at ${context.authorityHost} for tenant '${context.tenantId}': ${said}`;
    case 'other':
      return `Entra ID refused the token request of ${app}: ${said}${ids ? ` ${ids}` : ''}`;
    case 'assertion-rejected':
      return explainRejectedAssertion(info, context, names.audience);
  }
}

function traceLine(info: EntraErrorInfo): string {
  const parts = [
    ...(info.traceId ? [`trace ID ${info.traceId}`] : []),
    ...(info.correlationId ? [`correlation ID ${info.correlationId}`] : []),
  ];
  return parts.length ? `(${parts.join(', ')})` : '';
}

function explainRejectedAssertion(info: EntraErrorInfo, context: EntraLoginContext, audienceInput: string): string {
  const claims = context.claims;
  const sub = stringClaim(claims, 'sub');
  const aud =
    stringClaim(claims, 'aud') ??
    (Array.isArray(claims?.['aud']) ? (claims['aud'] as unknown[]).join(', ') : undefined);
  const iss = stringClaim(claims, 'iss');
  const lines = [
    `Entra ID refused the GitHub ID token of this job for application '${context.clientId}' in tenant '${context.tenantId}': ${info.code}: ${info.description ?? ''}`.trim(),
  ];
  if (claims) {
    lines.push(
      `The token GitHub issued has sub '${sub ?? '(none)'}', aud '${aud ?? '(none)'}', iss '${iss ?? '(none)'}'.`,
    );
  } else {
    lines.push('The claims of the token GitHub issued could not be read.');
  }
  switch (info.code) {
    case 'AADSTS700024':
      lines.push("The token was outside its valid time range when Entra ID checked it: check the runner's clock.");
      break;
    case 'AADSTS700212':
      lines.push(
        `The federated credential's audience must be '${aud ?? context.audience}' (input '${audienceInput}').`,
      );
      break;
    case 'AADSTS700211':
    case 'AADSTS700027':
      lines.push(
        `The federated credential's issuer must be '${iss ?? 'https://token.actions.githubusercontent.com'}'.`,
      );
      break;
    case 'AADSTS70025':
      lines.push('The application has no federated credentials yet.');
      break;
  }
  const run = runIdentityFrom(claims, context.env ?? process.env);
  const subjects = federatedSubjects(run, sub);
  const issuer = iss ?? 'https://token.actions.githubusercontent.com';
  const audience = aud ?? context.audience;
  if (subjects.length) {
    lines.push(
      `A federated credential of the application with issuer '${issuer}', audience '${audience}' and one of these subjects matches this run:`,
    );
    for (const s of subjects) lines.push(`  ${s.subject}  (${s.description}${s.sent ? '; the sub GitHub sent' : ''})`);
  }
  if (sub && !subjects.some((s) => s.sent)) {
    lines.push(
      `GitHub sent the subject '${sub}' (a customised subject template): the credential's subject must be exactly that.`,
    );
  }
  if (!run.environment && run.repository) {
    lines.push(`A job that sets 'environment: NAME' is sent 'repo:${run.repository}:environment:NAME' instead.`);
  }
  const ids = traceLine(info);
  if (ids) lines.push(`Entra ID ${ids}`);
  return lines.join('\n');
}
