import * as core from '@actions/core';
import { compareFindings, type Finding } from './finding.js';

/**
 * GitHub shows at most 10 annotations of each level per step and drops the
 * rest silently; so the most severe findings with a file location are
 * annotated first, 10 per level, and the rest are counted for the summary.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

export function annotateFindings(
  findings: readonly Finding[],
  excepted: ReadonlySet<Finding> = new Set(),
): { annotated: number; notAnnotated: number } {
  // Suppressed and excepted findings are decided: they are listed in the summary, not annotated.
  const withFile = findings.filter((f) => f.location.file && !f.suppressed && !excepted.has(f)).sort(compareFindings);
  const used = { error: 0, warning: 0, notice: 0 };
  let annotated = 0;
  for (const f of withFile) {
    const level =
      f.severity === 'critical' || f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'notice';
    if (used[level] >= ANNOTATIONS_PER_LEVEL) continue;
    used[level]++;
    annotated++;
    const props: core.AnnotationProperties = {
      title: `${f.severity.toUpperCase()} ${f.ruleId}`,
      file: f.location.file,
      ...(f.location.startLine ? { startLine: f.location.startLine } : {}),
      ...(f.location.endLine ? { endLine: f.location.endLine } : {}),
    };
    const message = f.package
      ? `${f.title} (${f.package.name}${f.package.fixedVersion ? `, fixed in ${f.package.fixedVersion}` : ''})`
      : f.title;
    if (level === 'error') core.error(message, props);
    else if (level === 'warning') core.warning(message, props);
    else core.notice(message, props);
  }
  return { annotated, notAnnotated: withFile.length - annotated };
}
