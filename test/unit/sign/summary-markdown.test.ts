import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Notation } from '../../../lib/cli/notation.js';
import type { ResolvedImage } from '../../../lib/sign/resolve-images.js';
import { signSummaryMarkdown, verifySummaryMarkdown } from '../../../lib/sign/summary-markdown.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/notation');
const [signature] = Notation.parseInspect(
  readFileSync(path.join(FIXTURES, 'inspect-with-timestamped-oci-layout-and-output-in-json.json'), 'utf8'),
).signatures;
const KEY_ID = 'https://my-vault.vault.azure.net/keys/signing/0123456789abcdef0123456789abcdef';

function image(input: string, repository: string, digit: string): ResolvedImage {
  const digest = `sha256:${digit.repeat(64)}`;
  return {
    input,
    registry: 'myacr.azurecr.io',
    repository,
    digest,
    pinned: `myacr.azurecr.io/${repository}@${digest}`,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    loopback: false,
  };
}
const app = image('myacr.azurecr.io/team/app:1.0', 'team/app', '1');
const api = image(`myacr.azurecr.io/team/api@sha256:${'2'.repeat(64)}`, 'team/api', '2');

describe('the sign summary', () => {
  it('names each image as given and by digest, its signature or why not, and what signed', () => {
    const md = signSummaryMarkdown({
      keyId: KEY_ID,
      signatureFormat: 'cose',
      timestampUrl: 'http://timestamp.digicert.com/',
      notationVersion: '1.3.2',
      pluginVersion: '1.2.1',
      results: [
        { image: app, signature: signature! },
        { image: api, error: 'notation exited with code 1: Error: AuthenticationFailed' },
      ],
      annotations: [['team', 'payments|ops']],
    });
    expect(md).toContain('### ❌ Signed 1 of 2 images with notation and Azure Key Vault');
    expect(md).toContain(
      `Key \`${KEY_ID}\`, COSE envelope, timestamped by http://timestamp.digicert.com/; notation 1.3.2, notation-azure-kv 1.2.1.`,
    );
    expect(md).toContain(`| myacr.azurecr.io/team/app:1.0 | ${app.pinned} | ${signature!.digest} |`);
    expect(md).toContain(
      `| ${api.input} | ${api.pinned} | not signed: notation exited with code 1: Error: AuthenticationFailed |`,
    );
    expect(md).toContain('<details><summary>Signature annotations (user metadata)</summary>');
    expect(md).toContain('| team | payments\\|ops |');
  });
});

describe('the verify summary', () => {
  it('names each image with its result and shows the trust policy used', () => {
    const md = verifySummaryMarkdown([app, api], {
      verified: [app.pinned],
      failures: [{ image: api.pinned, reason: 'signature verification failed for all the signatures' }],
      notationVersion: '1.3.2',
      trustPolicy: { generated: true, text: '{\n  "version": "1.0"\n}\n' },
    });
    expect(md).toContain('### ❌ Verified 1 of 2 images with notation');
    expect(md).toContain('Against a generated trust policy; notation 1.3.2.');
    expect(md).toContain(`| myacr.azurecr.io/team/app:1.0 | ${app.pinned} | verified |`);
    expect(md).toContain(`| ${api.pinned} | not verified: signature verification failed for all the signatures |`);
    expect(md).toContain(
      '<details><summary>Generated trust policy</summary>\n\n```json\n{\n  "version": "1.0"\n}\n```',
    );
  });

  it('says which trust policy file was used when all verified', () => {
    const md = verifySummaryMarkdown([app], {
      verified: [app.pinned],
      failures: [],
      trustPolicy: { generated: false, text: '{}', file: '/ws/trustpolicy.json' },
    });
    expect(md).toContain('### ✅ Verified 1 of 1 image with notation');
    expect(md).toContain('Against the trust policy `/ws/trustpolicy.json`.');
  });
});
