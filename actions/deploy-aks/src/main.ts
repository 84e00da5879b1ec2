import { getInputs } from './inputs.js';
import { OperationError } from '../../../lib/runtime/errors.js';

export async function main(): Promise<void> {
  const inputs = getInputs();
  throw new OperationError(
    `deploy-aks: deploying to cluster '${inputs['cluster-name']}' is not available in this build yet`,
  );
}
