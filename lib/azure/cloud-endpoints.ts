import { isLoopbackHost } from '../oci/reference.js';
import { ConfigurationError } from '../runtime/errors.js';
import type { Cloud } from './azure-inputs.js';

/*
 * The endpoints of each Azure cloud: the Entra ID authority host and the
 * Azure Resource Manager endpoint. AZURE_AUTHORITY_HOST (the Azure SDKs'
 * variable) and AZURE_RESOURCE_MANAGER_ENDPOINT override them, for Azure
 * Stack, private clouds and tests.
 */

export interface CloudEndpoints {
  /** `https://login.microsoftonline.com`: no trailing slash. */
  readonly authorityHost: string;
  /** `https://management.azure.com`: no trailing slash. */
  readonly resourceManager: string;
}

export const CLOUD_ENDPOINTS: Readonly<Record<Cloud, CloudEndpoints>> = {
  AzureCloud: { authorityHost: 'https://login.microsoftonline.com', resourceManager: 'https://management.azure.com' },
  AzureUSGovernment: {
    authorityHost: 'https://login.microsoftonline.us',
    resourceManager: 'https://management.usgovcloudapi.net',
  },
  AzureChinaCloud: {
    authorityHost: 'https://login.chinacloudapi.cn',
    resourceManager: 'https://management.chinacloudapi.cn',
  },
};

/**
 * The Entra ID audience of Azure Container Registry tokens, the same in every
 * cloud. A token for it is good only for registries (least privilege) and is
 * accepted even where a registry refuses ARM-audience tokens.
 */
export const ACR_SCOPE = 'https://containerregistry.azure.net/.default';

export interface AzureEndpoints extends CloudEndpoints {
  readonly cloud: Cloud;
  /** The scope of an Azure Resource Manager token: `<resourceManager>/.default`. */
  readonly resourceManagerScope: string;
  /**
   * True when the authority host is not one of the known clouds' (an
   * override): MSAL must not ask the public cloud's instance discovery about it.
   */
  readonly disableInstanceDiscovery: boolean;
  /** Which values came from the environment, for messages. */
  readonly overriddenBy: readonly ('AZURE_AUTHORITY_HOST' | 'AZURE_RESOURCE_MANAGER_ENDPOINT')[];
}

const KNOWN_AUTHORITY_HOSTS = new Set(Object.values(CLOUD_ENDPOINTS).map((e) => e.authorityHost));

/** The endpoints of a cloud, with the environment's overrides applied. */
export function resolveAzureEndpoints(cloud: Cloud, env: NodeJS.ProcessEnv = process.env): AzureEndpoints {
  const defaults = CLOUD_ENDPOINTS[cloud];
  const overriddenBy: AzureEndpoints['overriddenBy'][number][] = [];
  const authorityOverride = env['AZURE_AUTHORITY_HOST']?.trim();
  const armOverride = env['AZURE_RESOURCE_MANAGER_ENDPOINT']?.trim();
  let authorityHost = defaults.authorityHost;
  if (authorityOverride) {
    // MSAL refuses an authority that is not https, so plain http is refused here, with the variable's name.
    authorityHost = endpointFromEnv('AZURE_AUTHORITY_HOST', authorityOverride, false);
    overriddenBy.push('AZURE_AUTHORITY_HOST');
  }
  let resourceManager = defaults.resourceManager;
  if (armOverride) {
    resourceManager = endpointFromEnv('AZURE_RESOURCE_MANAGER_ENDPOINT', armOverride, true);
    overriddenBy.push('AZURE_RESOURCE_MANAGER_ENDPOINT');
  }
  return {
    cloud,
    authorityHost,
    resourceManager,
    resourceManagerScope: `${resourceManager}/.default`,
    disableInstanceDiscovery: !KNOWN_AUTHORITY_HOSTS.has(authorityHost),
    overriddenBy,
  };
}

/** An https origin from an environment variable (http only on loopback when allowed), without a trailing slash. */
function endpointFromEnv(name: string, value: string, httpOnLoopback: boolean): string {
  const allowed = httpOnLoopback ? 'an https:// URL (http:// only on loopback)' : 'an https:// URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`environment variable ${name} must be ${allowed}; got '${value}'`);
  }
  const plainHttpAllowed = httpOnLoopback && url.protocol === 'http:' && isLoopbackHost(url.host);
  if ((url.protocol !== 'https:' && !plainHttpAllowed) || url.username || url.password || url.search || url.hash) {
    throw new ConfigurationError(`environment variable ${name} must be ${allowed}; got '${value}'`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
