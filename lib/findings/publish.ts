import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setOutput } from '../runtime/outputs.js';
import { writeSummary } from '../runtime/summary.js';
import { annotateFindings } from './annotations.js';
import { countBySeverity, type Finding } from './finding.js';
import { findingsDocument } from './findings-json.js';
import { evaluateGate, type GateResult } from './gate.js';
import type { Policy } from './policy.js';
import { buildSarif, type ToolInfo } from './sarif.js';
import { summaryMarkdown } from './summary-markdown.js';

export interface PublishRequest {
  readonly tool: ToolInfo;
  /** What was scanned, as the user named it. */
  readonly target: string;
  readonly category: string;
  readonly findings: readonly Finding[];
  readonly policy: Policy;
  readonly sarifFile: string;
  readonly jsonFile: string;
  readonly summary: boolean;
  readonly annotations: boolean;
  /** Further files to list in the summary (HTML reports, rendered manifests). */
  readonly extraFiles?: readonly { label: string; path: string }[];
  readonly now?: Date;
}

/**
 * One pass from findings to everything a scan produces: the gate verdict,
 * SARIF, the normalized JSON, annotations, the job summary and the outputs.
 * Files are written before the verdict is returned, so a failing gate never
 * loses a report.
 */
export async function publishFindings(request: PublishRequest): Promise<GateResult> {
  const { findings, policy } = request;
  const gate = evaluateGate(findings, policy, request.now);
  for (const e of gate.expired) {
    core.warning(
      `policy exception for ${e.id} expired on ${e.expires} and no longer applies (reason was: ${e.reason})`,
    );
  }
  const active = findings.filter((f) => !f.suppressed);
  const counts = countBySeverity(active);

  const sarif = buildSarif(findings, { tool: request.tool, category: request.category, excepted: gate.excepted });
  if (sarif.dropped) {
    core.warning(
      `${sarif.dropped} of ${findings.length} results were left out of the SARIF file to stay within GitHub's limits (the least severe first); the JSON file has all of them`,
    );
  }
  const doc = findingsDocument(findings, gate, policy, {
    tool: request.tool.name,
    ...(request.tool.version ? { toolVersion: request.tool.version } : {}),
    target: request.target,
    category: request.category,
    counts,
    ...(request.now ? { now: request.now } : {}),
  });
  await Promise.all([writeText(request.sarifFile, sarif.text), writeText(request.jsonFile, JSON.stringify(doc))]);

  const annotated = request.annotations ? annotateFindings(findings) : { annotated: 0, notAnnotated: 0 };
  if (request.summary) {
    await writeSummary(
      summaryMarkdown({
        title: `${request.tool.name} scan of ${request.target}`,
        findings,
        counts,
        gate,
        notAnnotated: annotated.notAnnotated,
        sarifDropped: sarif.dropped,
        files: [
          { label: 'SARIF', path: request.sarifFile },
          { label: 'JSON', path: request.jsonFile },
          ...(request.extraFiles ?? []),
        ],
      }),
    );
  }

  setOutput('sarif-file', request.sarifFile);
  setOutput('json-file', request.jsonFile);
  setOutput('findings', active.length);
  setOutput('critical', counts.critical);
  setOutput('high', counts.high);
  setOutput('medium', counts.medium);
  setOutput('low', counts.low);
  setOutput('gate', gate.verdict);
  setOutput('tool-version', request.tool.version ?? 'unknown');
  core.info(gate.reason);
  return gate;
}

async function writeText(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}
