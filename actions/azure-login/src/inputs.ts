import { getAudienceInput, getCloudInput, type Cloud } from '../../../lib/azure/azure-inputs.js';
import { ConfigurationError } from '../../../lib/runtime/errors.js';
import { getBooleanInput, getGuidInput, getRegistryHostListInput } from '../../../lib/runtime/inputs.js';

/** Every input of actions/azure-login, keyed by its exact name, validated. */
export interface Inputs {
  readonly 'client-id': string;
  readonly 'tenant-id': string;
  readonly 'subscription-id'?: string;
  readonly cloud: Cloud;
  readonly audience: string;
  /** Registry host names, lower-cased and deduplicated. */
  readonly acr: string[];
  readonly 'export-env': boolean;
}

export function getInputs(): Inputs {
  const clientId = getGuidInput('client-id');
  if (clientId === undefined) throw new ConfigurationError(`input 'client-id' is required and was not set`);
  const tenantId = getGuidInput('tenant-id');
  if (tenantId === undefined) throw new ConfigurationError(`input 'tenant-id' is required and was not set`);
  return {
    'client-id': clientId,
    'tenant-id': tenantId,
    'subscription-id': getGuidInput('subscription-id'),
    cloud: getCloudInput(),
    audience: getAudienceInput(),
    acr: getRegistryHostListInput('acr'),
    'export-env': getBooleanInput('export-env', true),
  };
}
