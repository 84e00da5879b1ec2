import * as core from '@actions/core';
import { setOutput } from '../runtime/outputs.js';
import { writeSummary } from '../runtime/summary.js';
import { annotateFindings } from './annotations.js';
import { compareFindings, countBySeverity, type Finding } from './finding.js';
import { findingsJsonChunks } from './findings-json.js';
import { evaluateGate, type GateResult } from './gate.js';
import type { Policy } from './policy.js';
import { writeChunks, writeSarif, type ToolInfo } from './sarif.js';
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
  /** The summary's heading; default `<tool> scan of <target>`. */
  readonly title?: string;
  /** Set the scan's step outputs (default true); a gate inside another action keeps that action's outputs. */
  readonly setOutputs?: boolean;
  readonly now?: Date;
}

/**
 * One pass from findings to everything a scan produces: the gate verdict,
 * SARIF, the normalized JSON, annotations, the job summary and the outputs.
 * Files are written before the verdict is returned, so a failing gate never
 * loses a report.
 */
export async function publishFindings(request: PublishRequest): Promise<GateResult> {
  // Sorted once, most severe first: SARIF, the JSON file, annotations and the summary all use this order.
  const findings = [...request.findings].sort(compareFindings);
  const { policy } = request;
  const gate = evaluateGate(findings, policy, request.now);
  for (const e of gate.expired) {
    core.warning(
      `policy exception for ${e.id} expired on ${e.expires} and no longer applies (reason was: ${e.reason})`,
    );
  }
  const active = findings.filter((f) => !f.suppressed);
  const counts = countBySeverity(active);

  // Both files are written before the verdict is returned: a failing gate never loses a report.
  // The JSON file is written while zlib checks the SARIF file's compressed size.
  const writeJson = (): void => {
    writeChunks(
      request.jsonFile,
      findingsJsonChunks(findings, gate, policy, {
        tool: request.tool.name,
        ...(request.tool.version ? { toolVersion: request.tool.version } : {}),
        target: request.target,
        category: request.category,
        counts,
        ...(request.now ? { now: request.now } : {}),
      }),
    );
  };
  const sarif = await writeSarif(request.sarifFile, findings, {
    tool: request.tool,
    category: request.category,
    excepted: gate.excepted,
    sorted: true,
    meanwhile: writeJson,
  });
  if (sarif.dropped) {
    core.warning(
      `${sarif.dropped} of ${findings.length} results were left out of the SARIF file to stay within GitHub's limits (the least severe first); the JSON file has all of them`,
    );
  }

  const annotated = request.annotations
    ? annotateFindings(findings, new Set(gate.excepted.map((e) => e.finding)))
    : { annotated: 0, notAnnotated: 0 };
  if (request.summary) {
    await writeSummary(
      summaryMarkdown({
        title: request.title ?? `${request.tool.name} scan of ${request.target}`,
        findings,
        sorted: true,
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

  if (request.setOutputs ?? true) {
    setOutput('sarif-file', request.sarifFile);
    setOutput('json-file', request.jsonFile);
    setOutput('findings', active.length);
    setOutput('critical', counts.critical);
    setOutput('high', counts.high);
    setOutput('medium', counts.medium);
    setOutput('low', counts.low);
    setOutput('gate', gate.verdict);
    setOutput('tool-version', request.tool.version ?? 'unknown');
    setOutput('category', request.category);
  }
  core.info(gate.reason);
  return gate;
}
