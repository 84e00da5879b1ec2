import * as core from '@actions/core';
import { redactSecrets } from './secrets.js';

/*
 * Job summary helpers. The summary is markdown written to GITHUB_STEP_SUMMARY;
 * these keep cells on one line, escape what markdown would interpret, and
 * redact registered secrets from everything written.
 */

/** Escapes a value for a markdown table cell: one line, no pipes, no HTML. */
export function cell(value: string | number | undefined): string {
  if (value === undefined || value === '') return '';
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/\s*\r?\n\s*/g, ' ')
    .trim();
}

export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number | undefined)[])[],
): string {
  const head = `| ${headers.map(cell).join(' | ')} |`;
  const rule = `| ${headers.map(() => '---').join(' | ')} |`;
  const body = rows.map((row) => `| ${row.map(cell).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/** A collapsed section. */
export function details(title: string, body: string): string {
  return `<details><summary>${cell(title)}</summary>\n\n${body}\n\n</details>`;
}

/** Appends markdown to the job summary (when the runner provides one). */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    core.debug('no GITHUB_STEP_SUMMARY: summary not written');
    return;
  }
  await core.summary.addRaw(redactSecrets(markdown), true).write();
  core.summary.emptyBuffer();
}
