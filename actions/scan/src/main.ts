import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Trivy } from '../../../lib/cli/trivy.js';
import type { ScanOutcome } from '../../../lib/scan/scan-outcome.js';
import { loadPolicy } from '../../../lib/findings/policy.js';
import { publishFindings } from '../../../lib/findings/publish.js';
import type { ToolInfo } from '../../../lib/findings/sarif.js';
import { uploadArtifact } from '../../../lib/runtime/artifact.js';
import { OperationError } from '../../../lib/runtime/errors.js';
import { workspaceDir } from '../../../lib/runtime/inputs.js';
import { getInputs, type Inputs } from './inputs.js';

const TOOLS: Record<Inputs['scanner'], Omit<ToolInfo, 'version'>> = {
  trivy: { name: 'Trivy', informationUri: 'https://github.com/aquasecurity/trivy' },
  'kube-score': { name: 'kube-score', informationUri: 'https://github.com/zegl/kube-score' },
  zap: { name: 'OWASP ZAP', informationUri: 'https://www.zaproxy.org/' },
};

export async function main(): Promise<void> {
  const inputs = getInputs();
  const workspace = workspaceDir();
  // A malformed policy file is a user mistake: refuse it before any scan runs.
  const policy = await loadPolicy(
    { policy: inputs.policy, failOn: inputs['fail-on'], onlyFixed: inputs['only-fixed'] },
    workspace,
  );

  const category = inputs.category ?? defaultCategory(inputs);
  const outDir = path.join(
    process.env['RUNNER_TEMP'] || workspace,
    'devsecops-scan',
    category.replace(/[^A-Za-z0-9._-]+/g, '-'),
  );
  const sarifFile = inputs['sarif-file'] ?? path.join(outDir, 'results.sarif');
  const jsonFile = inputs['json-file'] ?? path.join(outDir, 'findings.json');
  const rawReport = path.join(outDir, `${inputs.scanner}-report.json`);

  const { findings, toolVersion, extraFiles = [] } = await scan(inputs, rawReport, outDir, workspace);
  const gate = await publishFindings({
    tool: { ...TOOLS[inputs.scanner], ...(toolVersion ? { version: toolVersion } : {}) },
    target: inputs.target,
    category,
    findings,
    policy,
    sarifFile,
    jsonFile,
    summary: inputs.summary,
    annotations: inputs.annotations,
    extraFiles,
  });
  if (inputs['upload-artifact']) {
    await uploadArtifact(
      [sarifFile, jsonFile, ...extraFiles.map((f) => f.path)],
      `scan-${category}`,
      inputs['artifact-name'],
    );
  }
  if (gate.verdict === 'fail') throw new OperationError(gate.reason);
}

async function scan(inputs: Inputs, rawReport: string, outDir: string, workspace: string): Promise<ScanOutcome> {
  // Each scanner's code is loaded only when it runs: start-up stays fast for all three.
  if (inputs.scanner === 'kube-score')
    return (await import('./kube-score.js')).runKubeScoreFromInputs(inputs, outDir, workspace);
  if (inputs.scanner === 'zap') return (await import('./zap.js')).runZapFromInputs(inputs, outDir, workspace);
  if (inputs.report) {
    const report = Trivy.parseReport(await readFile(inputs.report));
    return { findings: report.findings, ...(report.trivyVersion ? { toolVersion: report.trivyVersion } : {}) };
  }
  const { runTrivyScan } = await import('../../../lib/scan/trivy-scan.js');
  const outcome = await runTrivyScan({
    targetType: inputs['trivy-target-type'],
    target: inputs.trivyTarget!,
    scanners: inputs['trivy-scanners'],
    dbRepositories: inputs['trivy-db-repository'],
    javaDbRepositories: inputs['trivy-java-db-repository'],
    ...(inputs['trivy-server'] ? { server: inputs['trivy-server'].href.replace(/\/$/, '') } : {}),
    ...(inputs['trivy-ignore-file'] ? { ignoreFile: inputs['trivy-ignore-file'] } : {}),
    skipDirs: inputs['trivy-skip-dirs'],
    cache: inputs.cache,
    timeoutMs: inputs.timeoutMs,
    tool: inputs.tool,
    ...(inputs['tool-mirror'] ? { mirror: inputs['tool-mirror'] } : {}),
    reportFile: rawReport,
    workspace,
  });
  return { ...outcome, extraFiles: [{ label: 'Trivy report', path: rawReport }] };
}

/** Unique per tool and target, as code scanning needs one category per analysis. */
function defaultCategory(inputs: Inputs): string {
  const kind = inputs.scanner === 'trivy' ? `trivy-${inputs['trivy-target-type']}` : inputs.scanner;
  const target = inputs.target
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${kind}-${target || 'root'}`.slice(0, 100);
}
