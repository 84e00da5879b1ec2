import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../lib/runtime/errors.js';
import {
  certificateFiles,
  generateTrustPolicy,
  parseTrustPolicy,
  planTrust,
  registryScopes,
} from '../../../lib/sign/trust-policy.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const IDENTITY = 'x509.subject: C=US, ST=WA, O=Example Org, CN=release';
const ws = mkdtempSync(path.join(os.tmpdir(), 'trust-policy-'));
afterAll(() => rmSync(ws, { recursive: true, force: true }));

function file(relative: string, text = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'): string {
  const p = path.join(ws, relative);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

describe('generated trust policy', () => {
  it('scopes to the registry/repository of each image once, verifies strictly against one ca store', () => {
    const images = [`myacr.azurecr.io/team/app@${D1}`, `myacr.azurecr.io/team/app@${D2}`, `127.0.0.1:5000/api@${D2}`];
    expect(registryScopes(images)).toEqual(['myacr.azurecr.io/team/app', '127.0.0.1:5000/api']);
    expect(generateTrustPolicy(images, [IDENTITY])).toEqual({
      version: '1.0',
      trustPolicies: [
        {
          name: 'devsecops-images',
          registryScopes: ['myacr.azurecr.io/team/app', '127.0.0.1:5000/api'],
          signatureVerification: { level: 'strict' },
          trustStores: ['ca:devsecops'],
          trustedIdentities: [IDENTITY],
        },
      ],
    });
  });

  it('keeps Docker Hub images in their canonical scope and the wildcard identity as given', () => {
    const policy = generateTrustPolicy([`alpine@${D1}`], ['*']);
    expect(policy.trustPolicies[0]?.registryScopes).toEqual(['docker.io/library/alpine']);
    expect(policy.trustPolicies[0]?.trustedIdentities).toEqual(['*']);
  });

  it('puts every certificate given (files and the certificates in directories) into the ca store', async () => {
    const root = file('gen/root.pem');
    file('gen/dir/b.crt');
    file('gen/dir/a.cer');
    file('gen/dir/notes.txt', 'not a certificate');
    const setup = await planTrust(
      { 'trust-store-certs': [root, path.join(ws, 'gen/dir'), root], 'trusted-identities': [IDENTITY] },
      [`127.0.0.1:5000/team/app@${D1}`],
    );
    expect(setup.generated).toBe(true);
    expect(setup.stores).toEqual([
      { type: 'ca', name: 'devsecops', files: [root, path.join(ws, 'gen/dir/a.cer'), path.join(ws, 'gen/dir/b.crt')] },
    ]);
    expect(JSON.parse(setup.policyText)).toEqual(setup.policy);
    expect(setup.policyText.endsWith('}\n')).toBe(true);
  });

  it('refuses a directory without certificate files', async () => {
    mkdirSync(path.join(ws, 'empty'), { recursive: true });
    file('empty/readme.md', 'x');
    await expect(certificateFiles(path.join(ws, 'empty'))).rejects.toThrow(
      "input 'trust-store-certs': the directory empty holds no certificate files (.pem, .crt, .cer, .der)",
    );
  });
});

describe('a trust policy file', () => {
  const policy = (stores: string[]): string =>
    JSON.stringify({
      version: '1.0',
      trustPolicies: [
        {
          name: 'app',
          registryScopes: ['*'],
          signatureVerification: { level: 'strict' },
          trustStores: stores,
          trustedIdentities: ['*'],
        },
      ],
    });

  it('is imported as given, its stores filled from directories named after them', async () => {
    const text = policy(['ca:certs', 'tsa:timestamping']);
    const policyFile = file('user/trustpolicy.json', text);
    const ca = file('user/certs/root.pem');
    const tsa = file('user/timestamping/tsa-root.pem');
    const setup = await planTrust(
      {
        'trust-policy': policyFile,
        'trust-store-certs': [path.join(ws, 'user/certs'), path.join(ws, 'user/timestamping')],
        'trusted-identities': [],
      },
      [`127.0.0.1:5000/team/app@${D1}`],
    );
    expect(setup).toMatchObject({ generated: false, policyFile, policyText: text });
    expect(setup.stores).toEqual([
      { type: 'ca', name: 'certs', files: [ca] },
      { type: 'tsa', name: 'timestamping', files: [tsa] },
    ]);
  });

  it('takes a certificate file for the one store it names', async () => {
    const policyFile = file('one/trustpolicy.json', policy(['ca:acme']));
    const cert = file('one/acme-root.pem');
    const setup = await planTrust(
      { 'trust-policy': policyFile, 'trust-store-certs': [cert], 'trusted-identities': [] },
      [],
    );
    expect(setup.stores).toEqual([{ type: 'ca', name: 'acme', files: [cert] }]);
  });

  it.each([
    [
      'a certificate file when the policy names two stores',
      ['ca:a', 'ca:b'],
      ['two/root.pem'],
      'the trust policy names several trust stores (ca:a, ca:b), so certificate files must sit in directories named after their store; got the file root.pem',
    ],
    [
      'a directory named after no store',
      ['ca:certs'],
      ['other/x.pem'],
      'the directory other must be named after a trust store of the trust policy (ca:certs)',
    ],
    [
      'a store without certificates',
      ['ca:certs', 'tsa:ts'],
      ['certs/x.pem'],
      "input 'trust-store-certs' must hold the certificates of the trust store tsa:ts that the trust policy names (a directory named ts)",
    ],
  ])('refuses %s', async (_name, stores, certs, message) => {
    const dir = mkdtempSync(path.join(ws, 'case-'));
    const policyFile = path.join(dir, 'trustpolicy.json');
    writeFileSync(policyFile, policy(stores));
    const sources = certs.map((c) => {
      const p = path.join(dir, c);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, 'pem');
      return c.includes('/') && !c.startsWith('two/') ? path.dirname(p) : p;
    });
    const attempt = planTrust(
      { 'trust-policy': policyFile, 'trust-store-certs': sources, 'trusted-identities': [] },
      [],
    );
    await expect(attempt).rejects.toThrow(ConfigurationError);
    await expect(attempt).rejects.toThrow(message);
  });

  it.each([
    ['not JSON', '{', 'is not JSON'],
    ['without a version', '{"trustPolicies":[]}', 'has no version'],
    ['without policies', '{"version":"1.0","trustPolicies":[]}', 'has no trustPolicies'],
    ['with a nameless policy', '{"version":"1.0","trustPolicies":[{}]}', 'has a trust policy without a name'],
    [
      'with a malformed store',
      '{"version":"1.0","trustPolicies":[{"name":"p","registryScopes":["*"],"trustStores":["x509:ca"]}]}',
      "trust policy 'p' names the trust store 'x509:ca'",
    ],
  ])('refuses a file %s', (_name, text, message) => {
    expect(() => parseTrustPolicy(text, 'p.json')).toThrow(
      `input 'trust-policy' must be a notation trust policy (JSON, version 1.0); p.json ${message}`,
    );
  });

  it('lists each store once, and none for a policy that skips verification', () => {
    const text = JSON.stringify({
      version: '1.0',
      trustPolicies: [
        {
          name: 'a',
          registryScopes: ['r/a'],
          signatureVerification: { level: 'strict' },
          trustStores: ['ca:x'],
          trustedIdentities: ['*'],
        },
        {
          name: 'b',
          registryScopes: ['r/b'],
          signatureVerification: { level: 'strict' },
          trustStores: ['ca:x'],
          trustedIdentities: ['*'],
        },
        { name: 'c', registryScopes: ['*'], signatureVerification: { level: 'skip' } },
      ],
    });
    expect(parseTrustPolicy(text, 'p.json').stores).toEqual([{ type: 'ca', name: 'x' }]);
  });
});
