import * as core from '@actions/core';
import path from 'node:path';
import type { GateResult } from '../findings/gate.js';
import { publishFindings } from '../findings/publish.js';
import type { Policy } from '../findings/policy.js';
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
  const sarifFile = path.join(request.outDir, 'kube-score.sarif');
  const jsonFile = path.join(request.outDir, 'kube-score-findings.json');
  const gate = await publishFindings({
    tool: {
      name: 'kube-score',
      informationUri: 'https://github.com/zegl/kube-score',
      ...(outcome.toolVersion ? { version: outcome.toolVersion } : {}),
    },
    target: request.file,
    category: 'deploy-aks-kube-score',
    findings: outcome.findings,
    policy: request.policy,
    sarifFile,
    jsonFile,
    summary: true,
    annotations: true,
    title: 'kube-score gate of the manifests to deploy',
    extraFiles: [...(outcome.extraFiles ?? []), { label: 'Manifests scored', path: request.file }],
    setOutputs: false,
  });
  core.info(`kube-score gate: ${gate.reason}`);
  return { gate, sarifFile, jsonFile, findings: outcome.findings.length };
}
