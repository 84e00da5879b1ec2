import { markdownTable } from '../runtime/summary.js';
import { federatedSubjects, runIdentityFrom } from './federated-subjects.js';
import { stringClaim } from './jwt-claims.js';

/*
 * The job summary of actions/azure-login: who logged in to what, readable in
 * ten seconds. Identifiers only: never a token.
 */

export interface LoginSummary {
  readonly clientId: string;
  readonly tenantId: string;
  readonly subscriptionId?: string;
  readonly cloud: string;
  readonly authorityHost: string;
  /** The `sub` of the GitHub ID token Entra ID accepted. */
  readonly subject?: string;
  readonly registries: readonly string[];
  /** Names of the environment variables exported for later steps. */
  readonly exported: readonly string[];
}

export function loginSummaryMarkdown(s: LoginSummary): string {
  const rows: Array<[string, string]> = [
    ['Client ID', s.clientId],
    ['Tenant ID', s.tenantId],
    ...(s.subscriptionId ? ([['Subscription', s.subscriptionId]] as Array<[string, string]>) : []),
    ['Cloud', `${s.cloud} (${s.authorityHost})`],
    ...(s.subject ? ([['GitHub subject', s.subject]] as Array<[string, string]>) : []),
    ['Docker logged in to', s.registries.length ? s.registries.join(', ') : 'no registry'],
    ['Exported for later steps', s.exported.length ? s.exported.join(', ') : 'nothing (export-env: false)'],
  ];
  return [
    '### Azure login',
    '',
    `Logged in to Entra ID with GitHub OIDC as application \`${s.clientId}\`${s.registries.length ? `; docker is logged in to ${s.registries.length} ${s.registries.length === 1 ? 'registry' : 'registries'}` : ''}.`,
    '',
    markdownTable(['Login', 'Value'], rows),
    '',
  ].join('\n');
}

/** The summary of a refused assertion: the claims GitHub sent and the subjects that would match this run. */
export function refusedLoginSummaryMarkdown(options: {
  readonly clientId: string;
  readonly tenantId: string;
  /** `AADSTS70021`. */
  readonly code?: string;
  /** The claims of the GitHub ID token that was refused. */
  readonly claims?: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
}): string {
  const { claims } = options;
  const sub = stringClaim(claims, 'sub');
  const subjects = federatedSubjects(runIdentityFrom(claims, options.env ?? process.env), sub);
  const lines = [
    '### Azure login refused',
    '',
    `Entra ID refused the GitHub ID token for application \`${options.clientId}\` in tenant \`${options.tenantId}\`${options.code ? ` (${options.code})` : ''}.`,
    '',
  ];
  if (claims) {
    const value = (name: string): string => stringClaim(claims, name) ?? '(none)';
    lines.push(
      markdownTable(
        ['Claim GitHub sent', 'Value'],
        [
          ['sub', value('sub')],
          ['aud', value('aud')],
          ['iss', value('iss')],
        ],
      ),
      '',
    );
  }
  if (subjects.length) {
    lines.push(
      'A federated credential with one of these subjects (and the issuer and audience above) matches this run:',
      '',
      markdownTable(
        ['Subject', 'For'],
        subjects.map((s) => [s.subject, `${s.description}${s.sent ? ' (sent)' : ''}`]),
      ),
      '',
    );
  }
  return lines.join('\n');
}
