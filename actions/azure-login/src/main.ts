import { getInputs } from './inputs.js';
import { OperationError } from '../../../lib/runtime/errors.js';

export async function main(): Promise<void> {
  const inputs = getInputs();
  throw new OperationError(`azure-login: OIDC login to ${inputs.cloud} is not available in this build yet`);
}
