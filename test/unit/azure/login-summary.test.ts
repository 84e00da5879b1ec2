import { describe, expect, it } from '@jest/globals';
import { loginSummaryMarkdown, refusedLoginSummaryMarkdown } from '../../../lib/azure/login-summary.js';

describe('the azure-login job summary', () => {
  it('says who logged in to what', () => {
    const md = loginSummaryMarkdown({
      clientId: 'client-guid',
      tenantId: 'tenant-guid',
      subscriptionId: 'subscription-guid',
      cloud: 'AzureCloud',
      authorityHost: 'https://login.microsoftonline.com',
      subject: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      registries: ['myacr.azurecr.io', 'other.azurecr.io'],
      exported: ['DOCKER_CONFIG', 'AZURE_CLIENT_ID'],
    });
    expect(md).toContain('### Azure login');
    expect(md).toContain('as application `client-guid`; docker is logged in to 2 registries.');
    expect(md).toContain('| Tenant ID | tenant-guid |');
    expect(md).toContain('| Subscription | subscription-guid |');
    expect(md).toContain('| Cloud | AzureCloud (https://login.microsoftonline.com) |');
    expect(md).toContain('| GitHub subject | repo:octo-org/octo-repo:ref:refs/heads/main |');
    expect(md).toContain('| Docker logged in to | myacr.azurecr.io, other.azurecr.io |');
    expect(md).toContain('| Exported for later steps | DOCKER_CONFIG, AZURE_CLIENT_ID |');
  });

  it('without registries, subscription or exports', () => {
    const md = loginSummaryMarkdown({
      clientId: 'c',
      tenantId: 't',
      cloud: 'AzureChinaCloud',
      authorityHost: 'https://login.chinacloudapi.cn',
      registries: [],
      exported: [],
    });
    expect(md).not.toContain('Subscription');
    expect(md).not.toContain('GitHub subject');
    expect(md).toContain('| Docker logged in to | no registry |');
    expect(md).toContain('| Exported for later steps | nothing (export-env: false) |');
  });

  it('a refused login: the claims sent and the subjects that match', () => {
    const sub = 'repo:octo-org/octo-repo:ref:refs/heads/main';
    const md = refusedLoginSummaryMarkdown({
      clientId: 'c',
      tenantId: 't',
      code: 'AADSTS70021',
      claims: {
        sub,
        aud: 'api://AzureADTokenExchange',
        iss: 'https://token.actions.githubusercontent.com',
        repository: 'octo-org/octo-repo',
        ref: 'refs/heads/main',
      },
      env: { GITHUB_REPOSITORY_OWNER_ID: '9919', GITHUB_REPOSITORY_ID: '123456789' },
    });
    expect(md).toContain('(AADSTS70021)');
    expect(md).toContain(`| sub | ${sub} |`);
    expect(md).toContain(`| ${sub} | branch main (sent) |`);
    expect(md).toContain(
      '| repo:octo-org@9919/octo-repo@123456789:ref:refs/heads/main | branch main, immutable owner and repository IDs |',
    );
  });

  it('a refused login without readable claims still lists the subjects from the environment', () => {
    const md = refusedLoginSummaryMarkdown({
      clientId: 'c',
      tenantId: 't',
      env: { GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_REF: 'refs/tags/v1.0.0' },
    });
    expect(md).not.toContain('Claim GitHub sent');
    expect(md).toContain('| repo:octo-org/octo-repo:ref:refs/tags/v1.0.0 | tag v1.0.0 |');
  });
});
