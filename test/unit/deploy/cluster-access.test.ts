import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { prepareClusterAccess } from '../../../lib/deploy/cluster-access.js';
import { containsSecret } from '../../../lib/runtime/secrets.js';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: aks, cluster: { server: 'https://aks.hcp.westeurope.azmk8s.io:443', certificate-authority-data: Q0E= } }]
contexts: [{ name: aks, context: { cluster: aks, user: clusterUser_rg_aks } }]
current-context: aks
users:
- name: clusterUser_rg_aks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --login, azurecli]
`;

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runnerTemp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-access-'));
  temps.push(dir);
  return dir;
}

describe('prepareClusterAccess', () => {
  it('writes the kubeconfig with a token of the AKS server application, 0600 in a fresh 0700 directory', async () => {
    const temp = runnerTemp();
    const scopes: string[] = [];
    let token = 'eyJ.first-token.sig';
    const saved: Array<[string, string]> = [];
    const access = await prepareClusterAccess({
      kubeconfig: KUBECONFIG,
      tokens: {
        getToken: async (scope) => {
          scopes.push(scope);
          return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
        },
      },
      onCredentialPath: (kind, file) => saved.push([kind, file]),
      env: { RUNNER_TEMP: temp },
    });
    expect(scopes).toEqual(['6dae42f8-4368-4678-94ff-3960e28e3630/.default']);
    expect(saved).toEqual([
      ['credentials-dir', access.dir],
      ['kubeconfig', access.kubeconfigFile],
    ]);
    expect(path.dirname(access.dir)).toBe(temp);
    expect(statSync(access.dir).mode & 0o777).toBe(0o700);
    expect(statSync(access.kubeconfigFile).mode & 0o777).toBe(0o600);
    expect(access.cacheDir).toBe(path.join(access.dir, 'kube-cache'));
    expect(access.server).toBe('https://aks.hcp.westeurope.azmk8s.io:443');
    const written = parse(readFileSync(access.kubeconfigFile, 'utf8')) as { users: unknown[] };
    expect(written.users).toEqual([{ name: 'clusterUser_rg_aks', user: { token: 'eyJ.first-token.sig' } }]);
    expect(containsSecret('eyJ.first-token.sig')).toBe(true);

    // The same token: nothing is rewritten. A renewed one: the file is replaced, still 0600.
    const before = statSync(access.kubeconfigFile).ino;
    await access.refresh();
    expect(statSync(access.kubeconfigFile).ino).toBe(before);
    token = 'eyJ.renewed-token.sig';
    await access.refresh();
    expect(
      (parse(readFileSync(access.kubeconfigFile, 'utf8')) as { users: Array<{ user: unknown }> }).users[0]!.user,
    ).toEqual({
      token: 'eyJ.renewed-token.sig',
    });
    expect(statSync(access.kubeconfigFile).mode & 0o777).toBe(0o600);
    expect(containsSecret('eyJ.renewed-token.sig')).toBe(true);
  });

  it('keeps a local-account kubeconfig and masks its credentials', async () => {
    const admin = KUBECONFIG.replace(
      / {2}user:\n[\s\S]*$/,
      '  user:\n    client-key-data: c2VjcmV0LWtleS1kYXRh\n    token: local-admin-token-1234\n',
    );
    let asked = 0;
    const access = await prepareClusterAccess({
      kubeconfig: admin,
      tokens: {
        getToken: async () => {
          asked++;
          return { token: 'x', expiresOnTimestamp: 0 };
        },
      },
      onCredentialPath: () => undefined,
      env: { RUNNER_TEMP: runnerTemp() },
    });
    expect(asked).toBe(0);
    expect(access.entraUsers).toEqual([]);
    expect(readFileSync(access.kubeconfigFile, 'utf8')).toContain('local-admin-token-1234');
    expect(containsSecret('local-admin-token-1234')).toBe(true);
    expect(containsSecret('c2VjcmV0LWtleS1kYXRh')).toBe(true);
  });
});
