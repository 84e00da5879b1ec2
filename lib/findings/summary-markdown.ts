import { cell, details, markdownTable } from '../runtime/summary.js';
import { compareFindings, SEVERITIES, type Finding, type SeverityCounts } from './finding.js';
import type { GateResult } from './gate.js';

/** Rows in the visible table; the rest go into a collapsed section, itself bounded (the summary is at most 1 MiB a step). */
const TOP_ROWS = 15;
const MAX_COLLAPSED_ROWS = 500;

export interface SummaryInput {
  readonly title: string;
  readonly findings: readonly Finding[];
  /** The findings are already in compareFindings order. */
  readonly sorted?: boolean;
  readonly counts: SeverityCounts;
  readonly gate: GateResult;
  readonly notAnnotated?: number;
  readonly sarifDropped?: number;
  readonly files?: readonly { label: string; path: string }[];
}

/** The job summary of one scan: readable in ten seconds, details a click away. */
export function summaryMarkdown(input: SummaryInput): string {
  const { gate } = input;
  const icon = gate.verdict === 'pass' ? '✅' : '❌';
  const excepted = new Set(gate.excepted.map((e) => e.finding));
  const suppressed = input.findings.filter((f) => f.suppressed).length;
  // The table lists what still needs a decision: excepted findings have their own section.
  const open = input.findings.filter((f) => !f.suppressed && !excepted.has(f));
  if (!input.sorted) open.sort(compareFindings);
  const lines: string[] = [`### ${icon} ${cell(input.title)}: ${gate.verdict}`, '', cell(gate.reason), ''];
  lines.push(
    markdownTable(
      [...SEVERITIES.map((s) => s.charAt(0).toUpperCase() + s.slice(1)), 'Excepted', 'Suppressed'],
      [[...SEVERITIES.map((s) => input.counts[s]), gate.excepted.length, suppressed]],
    ),
    '',
  );
  if (open.length) {
    const row = (f: Finding): (string | number | undefined)[] => [
      f.severity,
      f.ruleId,
      f.title,
      where(f),
      f.package ? `${f.package.name} ${f.package.installedVersion ?? ''}`.trim() : '',
      f.package?.fixedVersion ?? '',
    ];
    const headers = ['Severity', 'Rule', 'Title', 'Location', 'Package', 'Fixed in'];
    lines.push(markdownTable(headers, open.slice(0, TOP_ROWS).map(row)), '');
    const rest = open.slice(TOP_ROWS);
    if (rest.length) {
      const shown = rest.slice(0, MAX_COLLAPSED_ROWS);
      const more = rest.length - shown.length;
      lines.push(
        details(
          `${rest.length} more finding${rest.length === 1 ? '' : 's'}`,
          markdownTable(headers, shown.map(row)) + (more ? `\n\n…and ${more} more in the JSON and SARIF files.` : ''),
        ),
        '',
      );
    }
  }
  if (gate.excepted.length) {
    lines.push(
      details(
        `${gate.excepted.length} finding${gate.excepted.length === 1 ? '' : 's'} excepted by the policy`,
        markdownTable(
          ['Rule', 'Location', 'Reason', 'Expires'],
          gate.excepted.map((e) => [e.finding.ruleId, where(e.finding), e.exception.reason, e.exception.expires]),
        ),
      ),
      '',
    );
  }
  const notes: string[] = [];
  for (const e of gate.expired)
    notes.push(`⚠️ The exception for ${cell(e.id)} expired on ${cell(e.expires)} and no longer applies.`);
  if (input.notAnnotated)
    notes.push(
      `${input.notAnnotated} finding${input.notAnnotated === 1 ? '' : 's'} with a file location not annotated (GitHub shows 10 per level).`,
    );
  if (input.sarifDropped)
    notes.push(
      `${input.sarifDropped} least severe result${input.sarifDropped === 1 ? '' : 's'} left out of the SARIF file (GitHub's limits).`,
    );
  for (const f of input.files ?? []) notes.push(`${cell(f.label)}: \`${cell(f.path)}\``);
  if (notes.length) lines.push(...notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

function where(f: Finding): string {
  const loc = f.location;
  if (loc.file) return `${loc.file}${loc.startLine ? `:${loc.startLine}` : ''}`;
  if (loc.url) return loc.url;
  if (loc.imagePath) return loc.imagePath;
  return f.target;
}
