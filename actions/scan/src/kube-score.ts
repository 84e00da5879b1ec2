import { getListInput } from '../../../lib/runtime/inputs.js';
import { ConfigurationError } from '../../../lib/runtime/errors.js';
import type { ScanOutcome } from '../../../lib/scan/scan-outcome.js';
import type { Inputs } from './inputs.js';

/** Wiring of scanner 'kube-score': inputs to lib/scan, raw reports under outDir. */
export async function runKubeScoreFromInputs(inputs: Inputs, outDir: string, workspace: string): Promise<ScanOutcome> {
  const render = inputs['kube-score-render'];
  if (inputs['helm-values'].length > 0 && render !== 'helm') {
    throw new ConfigurationError(
      `input 'helm-values' needs kube-score-render 'helm'; kube-score-render is '${render}'`,
    );
  }
  // Loaded only for kube-score scans: the YAML parser behind positions is not needed by the other scanners.
  const { readKubeScoreReport, runKubeScoreScan } = await import('../../../lib/scan/kube-score-scan.js');
  if (inputs.report) return readKubeScoreReport(inputs.report, workspace);

  // Targets are resolved before anything is installed or written: an entry that matches nothing is refused.
  const { resolveManifestFiles, resolveRenderSources } = await import('../../../lib/k8s/manifest-files.js');
  const entries = getListInput('target');
  const sources =
    render === 'none' ? resolveManifestFiles('target', entries) : resolveRenderSources('target', entries, render);
  return runKubeScoreScan({
    render,
    sources,
    helmValues: inputs['helm-values'],
    ...(inputs['kubernetes-version'] ? { kubernetesVersion: inputs['kubernetes-version'] } : {}),
    ignoreTests: inputs['kube-score-ignore-tests'],
    optionalTests: inputs['kube-score-optional-tests'],
    timeoutMs: inputs.timeoutMs,
    tool: inputs.tool,
    helm: inputs.helm,
    ...(inputs['tool-mirror'] ? { mirror: inputs['tool-mirror'] } : {}),
    outDir,
    workspace,
  });
}
