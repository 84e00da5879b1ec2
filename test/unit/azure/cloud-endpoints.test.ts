import { describe, expect, it } from '@jest/globals';
import { ACR_SCOPE, CLOUD_ENDPOINTS, resolveAzureEndpoints } from '../../../lib/azure/cloud-endpoints.js';
import { ConfigurationError } from '../../../lib/runtime/errors.js';

describe('resolveAzureEndpoints', () => {
  it.each([
    ['AzureCloud', 'https://login.microsoftonline.com', 'https://management.azure.com'],
    ['AzureUSGovernment', 'https://login.microsoftonline.us', 'https://management.usgovcloudapi.net'],
    ['AzureChinaCloud', 'https://login.chinacloudapi.cn', 'https://management.chinacloudapi.cn'],
  ] as const)('%s: %s and %s, instance discovery on', (cloud, authorityHost, resourceManager) => {
    expect(resolveAzureEndpoints(cloud, {})).toEqual({
      cloud,
      authorityHost,
      resourceManager,
      resourceManagerScope: `${resourceManager}/.default`,
      disableInstanceDiscovery: false,
      overriddenBy: [],
    });
  });

  it('takes AZURE_AUTHORITY_HOST and AZURE_RESOURCE_MANAGER_ENDPOINT over the cloud, without trailing slashes', () => {
    const endpoints = resolveAzureEndpoints('AzureCloud', {
      AZURE_AUTHORITY_HOST: 'https://login.contoso.example/',
      AZURE_RESOURCE_MANAGER_ENDPOINT: ' https://management.local.azurestack.external/ ',
    });
    expect(endpoints).toMatchObject({
      authorityHost: 'https://login.contoso.example',
      resourceManager: 'https://management.local.azurestack.external',
      resourceManagerScope: 'https://management.local.azurestack.external/.default',
      disableInstanceDiscovery: true,
      overriddenBy: ['AZURE_AUTHORITY_HOST', 'AZURE_RESOURCE_MANAGER_ENDPOINT'],
    });
  });

  it('keeps instance discovery when the override names a known cloud', () => {
    const endpoints = resolveAzureEndpoints('AzureCloud', {
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
    });
    expect(endpoints.authorityHost).toBe(CLOUD_ENDPOINTS.AzureUSGovernment.authorityHost);
    expect(endpoints.disableInstanceDiscovery).toBe(false);
  });

  it('ignores empty overrides', () => {
    expect(
      resolveAzureEndpoints('AzureChinaCloud', { AZURE_AUTHORITY_HOST: ' ', AZURE_RESOURCE_MANAGER_ENDPOINT: '' }),
    ).toMatchObject({
      authorityHost: 'https://login.chinacloudapi.cn',
      overriddenBy: [],
    });
  });

  it.each([
    ['AZURE_AUTHORITY_HOST', 'http://127.0.0.1:8443', 'an https:// URL'],
    ['AZURE_AUTHORITY_HOST', 'login.microsoftonline.com', 'an https:// URL'],
    ['AZURE_AUTHORITY_HOST', 'https://user:pw@login.example', 'an https:// URL'],
    ['AZURE_RESOURCE_MANAGER_ENDPOINT', 'http://management.example', 'an https:// URL (http:// only on loopback)'],
  ])('refuses %s=%s naming the variable', (name, value, allowed) => {
    const resolve = (): unknown => resolveAzureEndpoints('AzureCloud', { [name]: value });
    expect(resolve).toThrow(ConfigurationError);
    expect(resolve).toThrow(`environment variable ${name} must be ${allowed}; got '${value}'`);
  });

  it('lets the resource manager endpoint be plain http on loopback (local fakes)', () => {
    expect(
      resolveAzureEndpoints('AzureCloud', { AZURE_RESOURCE_MANAGER_ENDPOINT: 'http://127.0.0.1:8080' }).resourceManager,
    ).toBe('http://127.0.0.1:8080');
  });

  it('asks for ACR tokens with the registry audience', () => {
    expect(ACR_SCOPE).toBe('https://containerregistry.azure.net/.default');
  });
});
