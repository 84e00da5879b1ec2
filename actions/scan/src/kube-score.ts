import { OperationError } from '../../../lib/runtime/errors.js';
import type { ScanOutcome } from '../../../lib/scan/scan-outcome.js';
import type { Inputs } from './inputs.js';

/** Wiring of scanner 'kube-score': inputs to lib/scan, raw reports under outDir. */
export async function runKubeScoreFromInputs(inputs: Inputs, outDir: string, workspace: string): Promise<ScanOutcome> {
  void outDir;
  void workspace;
  throw new OperationError(`scanner '${inputs.scanner}' is not available in this build yet`);
}
