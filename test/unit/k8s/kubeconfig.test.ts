import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  AKS_SERVER_APP_ID,
  currentContext,
  entraUsers,
  kubeconfigSecrets,
  parseKubeconfig,
  stringifyKubeconfig,
  withBearerTokens,
} from '../../../lib/k8s/kubeconfig.js';

/** As `listClusterUserCredential?format=exec` returns it for an Entra-enabled cluster. */
const EXEC_KUBECONFIG = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTi==
    server: https://aks-app-dns-abc123.hcp.westeurope.azmk8s.io:443
  name: aks-app
contexts:
- context:
    cluster: aks-app
    user: clusterUser_rg-app_aks-app
  name: aks-app
current-context: aks-app
kind: Config
preferences: {}
users:
- name: clusterUser_rg-app_aks-app
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - get-token
      - --environment
      - AzurePublicCloud
      - --server-id
      - 6dae42f8-4368-4678-94ff-3960e28e3630
      - --client-id
      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a
      - --tenant-id
      - 72f988bf-86f1-41af-91ab-2d7cd011db47
      - --login
      - devicecode
      command: kubelogin
      env: null
      installHint: |2

        kubelogin is not installed which is required to connect to AAD enabled cluster.
      interactiveMode: IfAvailable
      provideClusterInfo: false
`;

/** The retired `format=azure` kubeconfig: the azure auth provider, with a legacy server application. */
const AZURE_PROVIDER_KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://c:443' } }]
contexts: [{ name: c, context: { cluster: c, user: u, namespace: team-a } }]
current-context: c
users:
- name: u
  user:
    auth-provider:
      name: azure
      config:
        apiserver-id: 11111111-2222-3333-4444-555555555555
        client-id: 80faf920-1908-4b52-b5ef-a8e7bedfc67a
        config-mode: '1'
        environment: AzurePublicCloud
        tenant-id: 72f988bf-86f1-41af-91ab-2d7cd011db47
`;

/** The admin credential: a local account with a client certificate and a token. */
const ADMIN_KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://c:443' } }]
contexts: [{ name: c, context: { cluster: c, user: clusterAdmin } }]
current-context: c
users:
- name: clusterAdmin
  user:
    client-certificate-data: Y2VydA==
    client-key-data: a2V5LWRhdGE=
    token: 0123456789abcdef
`;

describe('kubeconfig: kubelogin replaced by a bearer token', () => {
  it('finds the kubelogin user and the AKS server application it gets a token for', () => {
    expect(entraUsers(parseKubeconfig(EXEC_KUBECONFIG))).toEqual([
      { name: 'clusterUser_rg-app_aks-app', serverId: AKS_SERVER_APP_ID, via: 'kubelogin' },
    ]);
  });

  it('replaces the exec plugin with the token and keeps everything else', () => {
    const config = parseKubeconfig(EXEC_KUBECONFIG);
    const text = stringifyKubeconfig(
      withBearerTokens(config, new Map([['clusterUser_rg-app_aks-app', 'eyJ.token.sig']])),
    );
    expect(text).not.toContain('kubelogin');
    expect(text).not.toContain('exec');
    const reread = parse(text) as Record<string, unknown>;
    expect(reread['users']).toEqual([{ name: 'clusterUser_rg-app_aks-app', user: { token: 'eyJ.token.sig' } }]);
    expect(reread['clusters']).toEqual((parse(EXEC_KUBECONFIG) as Record<string, unknown>)['clusters']);
    expect(reread['current-context']).toBe('aks-app');
    expect(currentContext(config)).toEqual({
      server: 'https://aks-app-dns-abc123.hcp.westeurope.azmk8s.io:443',
      user: 'clusterUser_rg-app_aks-app',
    });
  });

  it('reads the server application of the azure auth provider, and the context namespace', () => {
    const config = parseKubeconfig(AZURE_PROVIDER_KUBECONFIG);
    expect(entraUsers(config)).toEqual([
      { name: 'u', serverId: '11111111-2222-3333-4444-555555555555', via: 'azure auth-provider' },
    ]);
    expect(currentContext(config).namespace).toBe('team-a');
    const users = withBearerTokens(config, new Map([['u', 't']]))['users'];
    expect(users).toEqual([{ name: 'u', user: { token: 't' } }]);
  });

  it('keeps local accounts as they are and lists their credentials to mask', () => {
    const config = parseKubeconfig(ADMIN_KUBECONFIG);
    expect(entraUsers(config)).toEqual([]);
    expect(kubeconfigSecrets(config)).toEqual(['0123456789abcdef', 'a2V5LWRhdGE=']);
    expect(withBearerTokens(config, new Map())).toEqual(config);
  });

  it('refuses a credential plugin other than kubelogin rather than running it', () => {
    const other = EXEC_KUBECONFIG.replace('command: kubelogin', 'command: /usr/local/bin/fetch-creds');
    expect(() => entraUsers(parseKubeconfig(other))).toThrow(
      "the cluster's kubeconfig user 'clusterUser_rg-app_aks-app' runs '/usr/local/bin/fetch-creds' for its credentials; only kubelogin (Entra ID) is replaced, nothing else is run",
    );
    // kubelogin wherever it is installed, and --server-id=… forms.
    const elsewhere = EXEC_KUBECONFIG.replace('command: kubelogin', 'command: C:\\tools\\kubelogin.exe').replace(
      '- --server-id\n      - 6dae42f8-4368-4678-94ff-3960e28e3630',
      '- --server-id=22222222-0000-0000-0000-000000000000',
    );
    expect(entraUsers(parseKubeconfig(elsewhere))[0]?.serverId).toBe('22222222-0000-0000-0000-000000000000');
  });

  it('refuses what is not a kubeconfig', () => {
    expect(() => parseKubeconfig('a: [')).toThrow("the cluster's kubeconfig is not valid YAML");
    expect(() => parseKubeconfig('apiVersion: v1\nkind: Config\n')).toThrow('has no clusters or users');
  });
});
