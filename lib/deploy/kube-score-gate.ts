import * as core from '@actions/core';
import path from 'node:path';
import { annotateFindings } from '../findings/annotations.js';
import { compareFindings, countBySeverity } from '../findings/finding.js';
import { findingsJsonChunks } from '../findings/findings-json.js';
import { evaluateGate, type GateResult } from '../findings/gate.js';
import type { Policy } from '../findings/policy.js';
import { writeChunks, writeSarif } from '../findings/sarif.js';
import { summaryMarkdown } from '../findings/summary-markdown.js';
import { writeSummary } from '../runtime/summary.js';
import type { ToolVersionChoice } from '../tools/tool-version.js';

/*
 * kube-score as a gate of the deploy: it scores the manifests exactly as
 * they will be applied (rendered, images substituted), in one run, and the
 * findings go through the same policy as actions/scan's (fail-on, expiring
 * exceptions). The reports are written and summarised before the verdict
 * is returned; the step's outputs stay the deploy's own.
 */

export interface KubeScoreGateRequest {
  /** The prepared manifests file. */
  readonly file: string;
  /** Where the report, SARIF and JSON go. */
  readonly outDir: string;
  readonly workspace: string;
  readonly policy: Policy;
  readonly tool: ToolVersionChoice;
  readonly mirror?: string;
  readonly timeoutMs: number;
}

export interface KubeScoreGateResult {
  readonly gate: GateResult;
  readonly sarifFile: string;
  readonly jsonFile: string;
  readonly findings: number;
}

export async function runKubeScoreGate(request: KubeScoreGateRequest): Promise<KubeScoreGateResult> {
  const { runKubeScoreScan } = await import('../scan/kube-score-scan.js');
  const outcome = await runKubeScoreScan({
    render: 'none',
    sources: [request.file],
    helmValues: [],
    ignoreTests: [],
    optionalTests: [],
    timeoutMs: request.timeoutMs,
    tool: request.tool,
    ...(request.mirror ? { mirror: request.mirror } : {}),
    outDir: request.outDir,
    workspace: request.workspace,
  });
  const findings = [...outcome.findings].sort(compareFindings);
  const gate = evaluateGate(findings, request.policy);
  for (const e of gate.expired) {
    core.warning(
      `policy exception for ${e.id} expired on ${e.expires} and no longer applies (reason was: ${e.reason})`,
    );
  }
  const counts = countBySeverity(findings.filter((f) => !f.suppressed));
  const tool = {
    name: 'kube-score',
    informationUri: 'https://github.com/zegl/kube-score',
    ...(outcome.toolVersion ? { version: outcome.toolVersion } : {}),
  };
  const category = 'deploy-aks-kube-score';
  const sarifFile = path.join(request.outDir, 'kube-score.sarif');
  const jsonFile = path.join(request.outDir, 'kube-score-findings.json');
  const sarif = await writeSarif(sarifFile, findings, { tool, category, excepted: gate.excepted });
  writeChunks(
    jsonFile,
    findingsJsonChunks(findings, gate, request.policy, {
      tool: tool.name,
      ...(tool.version ? { toolVersion: tool.version } : {}),
      target: request.file,
      category,
      counts,
    }),
  );
  const annotated = annotateFindings(findings);
  await writeSummary(
    summaryMarkdown({
      title: 'kube-score gate of the manifests to deploy',
      findings,
      sorted: true,
      counts,
      gate,
      notAnnotated: annotated.notAnnotated,
      sarifDropped: sarif.dropped,
      files: [
        { label: 'SARIF', path: sarifFile },
        { label: 'JSON', path: jsonFile },
        ...(outcome.extraFiles ?? []),
        { label: 'Manifests scored', path: request.file },
      ],
    }),
  );
  core.info(`kube-score gate: ${gate.reason}`);
  return { gate, sarifFile, jsonFile, findings: findings.length };
}
