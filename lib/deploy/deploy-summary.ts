import { cell, details, markdownTable } from '../runtime/summary.js';
import { describeRef } from './rollout-plan.js';
import type { RollbackOutcome, WaitOutcome } from './rollout.js';

/*
 * The job summary of a deploy: where it went, what rolled out, and, when it
 * failed, why and what was rolled back. Identifiers and images only: never a
 * credential.
 */

export type RolloutResult = 'succeeded' | 'rolled-back' | 'failed' | 'dry-run';

export interface AppliedResource {
  readonly kind: string;
  /** Undefined for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

export interface DeploySummary {
  readonly cluster: string;
  readonly resourceGroup: string;
  readonly serverVersion?: string;
  readonly rollout: RolloutResult;
  readonly resources: readonly AppliedResource[];
  /** Each image applied and the containers that run it (`Deployment prod/web: app`). */
  readonly images: readonly { readonly image: string; readonly usedBy: readonly string[] }[];
  readonly waits: readonly WaitOutcome[];
  readonly rollbacks: readonly RollbackOutcome[];
  /** Why it failed, line by line (pods, events). */
  readonly explanation: readonly string[];
  readonly failure?: string;
}

const TITLES: Record<RolloutResult, string> = {
  succeeded: '✅ Deployed to AKS',
  'rolled-back': '↩️ Deploy to AKS failed and was rolled back',
  failed: '❌ Deploy to AKS failed',
  'dry-run': '🧪 Dry run against AKS',
};

/** `Deployment/prod/web`; cluster-scoped objects have an empty namespace: `Namespace//prod`. */
export function resourceLine(r: AppliedResource): string {
  return `${r.kind}/${r.namespace ?? ''}/${r.name}`;
}

export function deploySummaryMarkdown(s: DeploySummary): string {
  const lines: string[] = [`### ${TITLES[s.rollout]}: \`${cell(s.cluster)}\``, ''];
  const where = `cluster \`${cell(s.resourceGroup)}/${cell(s.cluster)}\`${s.serverVersion ? ` (Kubernetes ${cell(s.serverVersion)})` : ''}`;
  const waited = s.waits.filter((w) => w.status !== 'not-waited');
  if (s.rollout === 'dry-run') {
    lines.push(
      `The API server of ${where} accepted ${plural(s.resources.length, 'resource')} in a server-side dry run; nothing was changed.`,
    );
  } else {
    lines.push(
      `${plural(s.resources.length, 'resource')} applied to ${where} with server-side apply; ${waited.filter((w) => w.status === 'succeeded').length} of ${plural(waited.length, 'rollout')} completed.`,
    );
  }
  if (s.failure) lines.push('', `**Why:** ${cell(s.failure)}`);
  lines.push('');
  if (s.waits.length > 0) {
    const rolledBack = new Map(s.rollbacks.map((r) => [describeRef(r.step.ref), r]));
    lines.push(
      markdownTable(
        ['Workload', 'Rollout', 'Rollback'],
        s.waits.map((w) => {
          const rb = rolledBack.get(describeRef(w.step.ref));
          const rollback = rb
            ? rb.ok
              ? `to revision ${w.step.rollbackTo ?? '?'}`
              : `failed: ${rb.message}`
            : s.rollout === 'succeeded' || s.rollout === 'dry-run'
              ? ''
              : w.step.existed
                ? 'not rolled back'
                : 'new: nothing to roll back to';
          const status = w.status === 'succeeded' ? '✅' : w.status === 'failed' ? '❌' : '➖';
          return [describeRef(w.step.ref), `${status} ${w.message}`, rollback];
        }),
      ),
      '',
    );
  }
  if (s.images.length > 0) {
    lines.push(
      markdownTable(
        ['Image', 'Used by'],
        s.images.map((i) => [i.image, i.usedBy.join(', ')]),
      ),
      '',
    );
  }
  if (s.explanation.length > 0) {
    const body = s.explanation.map((l) => cell(l.replace(/^\s+/, (m) => '\u00a0'.repeat(m.length)))).join('<br>');
    lines.push(details('What the cluster says', body), '');
  }
  if (s.resources.length > 0) {
    lines.push(
      details(
        `${plural(s.resources.length, 'resource')}`,
        s.resources.map((r) => `- ${cell(resourceLine(r))}`).join('\n'),
      ),
      '',
    );
  }
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The summary of a deploy refused before the cluster was contacted: what was refused, where, and why. */
export function refusalSummaryMarkdown(o: {
  readonly cluster: string;
  readonly reason: string;
  readonly rows: readonly { readonly where: string; readonly image: string; readonly why: string }[];
}): string {
  const lines = [
    `### ⛔ Deploy to AKS refused: \`${cell(o.cluster)}\``,
    '',
    `Nothing was sent to Azure or the cluster. ${cell(o.reason)}`,
    '',
  ];
  if (o.rows.length > 0) {
    lines.push(
      markdownTable(
        ['Where', 'Image', 'Why'],
        o.rows.map((r) => [r.where, r.image, r.why]),
      ),
      '',
    );
  }
  return lines.join('\n');
}
