import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Notation, type NotationSignature } from '../../../lib/cli/notation.js';
import { azureKvPluginConfig, newSignature } from '../../../lib/sign/sign-images.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/notation');
const [timestamped] = Notation.parseInspect(
  readFileSync(path.join(FIXTURES, 'inspect-with-timestamped-oci-layout-and-output-in-json.json'), 'utf8'),
).signatures;
const [invalidTimestamp] = Notation.parseInspect(
  readFileSync(path.join(FIXTURES, 'inspect-with-invalid-timestamp-signature-in-json-format.json'), 'utf8'),
).signatures;

function variant(
  base: NotationSignature,
  digit: string,
  signingTime: string,
  metadata: Record<string, string>,
): NotationSignature {
  return {
    ...base,
    digest: `sha256:${digit.repeat(64)}`,
    signedAttributes: { ...base.signedAttributes, signingTime },
    userDefinedAttributes: metadata,
  };
}

describe('the signature a sign step pushed', () => {
  it('is the one listed after signing and not before', () => {
    expect(newSignature([], [timestamped!], [])).toBe(timestamped);
    expect(newSignature([invalidTimestamp!], [invalidTimestamp!, timestamped!], [['purpose', 'e2e']])).toBe(
      timestamped,
    );
  });

  it('is none when nothing new is listed', () => {
    expect(newSignature([timestamped!], [timestamped!], [])).toBeUndefined();
    expect(newSignature([], [], [])).toBeUndefined();
  });

  it("among several new ones (a concurrent signer), the most recent carrying this step's metadata", () => {
    const ours = [['io.github.actions.run-url', 'https://github.com/o/r/actions/runs/1/attempts/1']] as const;
    const older = variant(timestamped!, 'a', '2025-01-21T09:17:46Z', { [ours[0][0]]: ours[0][1] });
    const newer = variant(timestamped!, 'b', '2025-01-21T09:18:00Z', { [ours[0][0]]: ours[0][1] });
    const theirs = variant(timestamped!, 'c', '2025-01-21T09:19:00Z', { other: 'signer' });
    expect(newSignature([], [older, theirs, newer], ours)?.digest).toBe(newer.digest);
    expect(newSignature([], [older, theirs], [['x', 'y']])?.digest).toBe(theirs.digest);
  });
});

describe('the azure-kv plugin configuration', () => {
  it('names the chain bundle or self-signed, and always workload identity credentials', () => {
    expect(azureKvPluginConfig({ selfSigned: true })).toEqual([
      ['self_signed', 'true'],
      ['credential_type', 'workloadid'],
    ]);
    expect(azureKvPluginConfig({ selfSigned: false, certificateChain: '/ws/chain.pem' })).toEqual([
      ['ca_certs', '/ws/chain.pem'],
      ['credential_type', 'workloadid'],
    ]);
    expect(() => azureKvPluginConfig({ selfSigned: false })).toThrow('a certificate chain or self-signed is required');
  });
});
