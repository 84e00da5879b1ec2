import { ConfigurationError, invalidInput } from '../../../lib/runtime/errors.js';
import {
  getBooleanInput,
  getGuidInput,
  getOptionalInput,
  getRegistryHostListInput,
} from '../../../lib/runtime/inputs.js';

export const CLOUDS = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const DEFAULT_AUDIENCE = 'api://AzureADTokenExchange';

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

/**
 * The cloud name, matched without regard to case and returned as Azure spells
 * it. Shared with actions/deploy-aks, which takes the same input.
 */
export function getCloudInput(name = 'cloud'): Cloud {
  const value = getOptionalInput(name);
  if (value === undefined) return 'AzureCloud';
  const cloud = CLOUDS.find((c) => c.toLowerCase() === value.toLowerCase());
  if (!cloud) throw invalidInput(name, value, `one of ${CLOUDS.join(', ')}`);
  return cloud;
}

/**
 * The `aud` of the GitHub ID token: it must equal the audience of the
 * federated credential in Entra ID. Shared with actions/deploy-aks.
 */
export function getAudienceInput(name = 'audience'): string {
  const value = getOptionalInput(name);
  if (value === undefined) return DEFAULT_AUDIENCE;
  if (!/^[\x21-\x7e]{1,256}$/.test(value)) {
    throw invalidInput(name, value, `a token audience without spaces such as ${DEFAULT_AUDIENCE}`);
  }
  return value;
}
