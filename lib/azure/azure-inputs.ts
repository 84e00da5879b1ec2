import { invalidInput } from '../runtime/errors.js';
import { getOptionalInput } from '../runtime/inputs.js';

/*
 * Inputs that every action talking to Azure reads the same way: the cloud
 * and the audience of the GitHub ID token. Used by actions/azure-login and
 * actions/deploy-aks.
 */

export const CLOUDS = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const DEFAULT_AUDIENCE = 'api://AzureADTokenExchange';

/** The cloud name, matched without regard to case and returned as Azure spells it. */
export function getCloudInput(name = 'cloud'): Cloud {
  const value = getOptionalInput(name);
  if (value === undefined) return 'AzureCloud';
  const cloud = CLOUDS.find((c) => c.toLowerCase() === value.toLowerCase());
  if (!cloud) throw invalidInput(name, value, `one of ${CLOUDS.join(', ')}`);
  return cloud;
}

/** The `aud` of the GitHub ID token: it must equal the audience of the federated credential in Entra ID. */
export function getAudienceInput(name = 'audience'): string {
  const value = getOptionalInput(name);
  if (value === undefined) return DEFAULT_AUDIENCE;
  if (!/^[\x21-\x7e]{1,256}$/.test(value)) {
    throw invalidInput(name, value, `a token audience without spaces such as ${DEFAULT_AUDIENCE}`);
  }
  return value;
}
