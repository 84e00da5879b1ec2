import { details, markdownTable } from '../runtime/summary.js';
import type { ResolvedImage } from './resolve-images.js';
import type { SignedImage } from './sign-images.js';
import type { VerifyImagesResult } from './verify-images.js';

/*
 * The job summaries of actions/sign: which images (as given and by digest),
 * their signatures or verification results, and with what (key identifier,
 * envelope, tool versions, trust policy). Identifiers only: never a token.
 */

export interface SignSummaryInput {
  readonly keyId: string;
  readonly signatureFormat: string;
  readonly timestampUrl?: string;
  readonly notationVersion: string;
  readonly pluginVersion: string;
  readonly results: readonly SignedImage[];
  readonly annotations: ReadonlyArray<readonly [string, string]>;
}

export function signSummaryMarkdown(s: SignSummaryInput): string {
  const signed = s.results.filter((r) => r.signature).length;
  const total = s.results.length;
  const icon = signed === total ? '✅' : '❌';
  const lines = [
    `### ${icon} Signed ${signed} of ${total} ${total === 1 ? 'image' : 'images'} with notation and Azure Key Vault`,
    '',
    `Key ${code(s.keyId)}, ${s.signatureFormat.toUpperCase()} envelope${s.timestampUrl ? `, timestamped by ${s.timestampUrl}` : ''}; notation ${s.notationVersion}, notation-azure-kv ${s.pluginVersion}.`,
    '',
    markdownTable(
      ['Image', 'Digest', 'Signature'],
      s.results.map((r) => [
        r.image.input,
        r.image.pinned,
        r.signature ? (r.signature.digest ?? '') : `not signed: ${r.error ?? 'unknown error'}`,
      ]),
    ),
  ];
  if (s.annotations.length > 0) {
    lines.push(
      '',
      details(
        'Signature annotations (user metadata)',
        markdownTable(
          ['Key', 'Value'],
          s.annotations.map(([k, v]) => [k, v]),
        ),
      ),
    );
  }
  lines.push('');
  return lines.join('\n');
}

export function verifySummaryMarkdown(images: readonly ResolvedImage[], result: VerifyImagesResult): string {
  const total = images.length;
  const ok = result.failures.length === 0;
  const reasons = new Map(result.failures.map((f) => [f.image, f.reason]));
  const policy = result.trustPolicy;
  const policySource = policy
    ? policy.generated
      ? 'a generated trust policy'
      : `the trust policy ${code(policy.file ?? '')}`
    : 'the trust policy';
  const lines = [
    `### ${ok ? '✅' : '❌'} Verified ${result.verified.length} of ${total} ${total === 1 ? 'image' : 'images'} with notation`,
    '',
    `Against ${policySource}${result.notationVersion ? `; notation ${result.notationVersion}` : ''}.`,
    '',
    markdownTable(
      ['Image', 'Digest', 'Signature'],
      images.map((i) => [
        i.input,
        i.pinned,
        reasons.has(i.pinned) ? `not verified: ${reasons.get(i.pinned)}` : 'verified',
      ]),
    ),
  ];
  if (policy) {
    lines.push(
      '',
      details(
        policy.generated ? 'Generated trust policy' : 'Trust policy',
        `\`\`\`json\n${policy.text.trimEnd()}\n\`\`\``,
      ),
    );
  }
  lines.push('');
  return lines.join('\n');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, '')}\``;
}
