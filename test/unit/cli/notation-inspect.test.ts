import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Notation } from '../../../lib/cli/notation.js';
import { OperationError } from '../../../lib/runtime/errors.js';

/* The parsers of `notation inspect --output json` and `notation blob inspect --output json`, on real outputs. */

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/notation');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('notation inspect --output json', () => {
  it('reads a timestamped JWS signature: its digest, attributes, countersignature and certificates', () => {
    const result = Notation.parseInspect(fixture('inspect-with-timestamped-oci-layout-and-output-in-json.json'));
    expect(result.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(result.signatures).toHaveLength(1);
    const [signature] = result.signatures;
    expect(signature).toEqual({
      digest: 'sha256:6a5cd3a886707a317935dcaf13954fc80ef9aeb665262b6ae4fe469ad7ea3aea',
      signatureAlgorithm: 'RSASSA-PSS-SHA-256',
      signatureEnvelopeType: 'application/jose+json',
      format: 'jws',
      signedAttributes: {
        contentType: 'application/vnd.cncf.notary.payload.v1+json',
        expiry: '2025-01-21T12:39:46Z',
        signingScheme: 'notary.x509',
        signingTime: '2025-01-21T09:17:46Z',
      },
      userDefinedAttributes: { purpose: 'e2e' },
      signingAgent: 'notation-go/1.3.0+unreleased',
      timestamp: {
        timestamp: '[2025-01-21T09:17:46.141Z, 2025-01-21T09:17:47.141Z]',
        certificates: [
          expect.objectContaining({
            sha256Fingerprint: '36e731cfa9bfd69dafb643809f6dec500902f7197daeaad86ea0159a2268a2b8',
            issuedTo: 'CN=Microsoft Public RSA Timestamping CA 2020,O=Microsoft Corporation,C=US',
          }),
          expect.objectContaining({
            sha256Fingerprint: '59283806bbc4fec702339b6026633c2034333fd3cae5368323186209e406d522',
            expiry: '2025-11-19T18:48:54Z',
          }),
        ],
      },
      certificates: [
        {
          sha256Fingerprint: '1717fa9d18f7e9c0f609499474adfe2b8e44172454f1d6e2183d5d04f79af475',
          issuedTo: 'CN=testcert7,O=Notary,L=Seattle,ST=WA,C=US',
          issuedBy: 'CN=testcert7,O=Notary,L=Seattle,ST=WA,C=US',
          expiry: '2025-01-22T08:36:26Z',
        },
      ],
      signedArtifact: {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: 'sha256:53b0191218aed9a3c1f7c661736ac40cfc8eb928642348fd843ba3f0483c0c20',
        size: 582,
      },
    });
  });

  it('reads an image without signatures as an empty list', () => {
    expect(Notation.parseInspect(fixture('inspect-with-no-signature-in-json-format.json'))).toEqual({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      signatures: [],
    });
  });

  it('keeps the error of a timestamp countersignature notation could not read', () => {
    const [signature] = Notation.parseInspect(
      fixture('inspect-with-invalid-timestamp-signature-in-json-format.json'),
    ).signatures;
    expect(signature?.digest).toBe('sha256:eee3eec7d2947f77713484753bea67879ff62c08a73a49a41151ed18c4d1c000');
    expect(signature?.timestamp).toEqual({
      certificates: [],
      error: expect.stringMatching(/^failed to parse timestamp countersignature: cms: syntax error/),
    });
    expect(signature?.timestamp?.timestamp).toBeUndefined();
    expect(signature?.certificates.map((c) => c.issuedTo)).toEqual(['CN=testcert7,O=Notary,L=Seattle,ST=WA,C=US']);
  });

  it.each([
    ['not JSON', 'Error: failed to resolve reference', /did not print JSON/],
    ['an array', '[]', /is not an object/],
    ['no mediaType', '{"signatures":[]}', /mediaType is missing/],
    ['signatures not a list', '{"mediaType":"m","signatures":{}}', /signatures is not a list/],
  ])('refuses output that is %s', (_what, text, message) => {
    expect(() => Notation.parseInspect(text)).toThrow(OperationError);
    expect(() => Notation.parseInspect(text)).toThrow(message);
  });

  it('refuses a registry signature without its manifest digest', () => {
    const doc = JSON.parse(fixture('inspect-with-timestamped-oci-layout-and-output-in-json.json')) as {
      signatures: Array<Record<string, unknown>>;
    };
    delete doc.signatures[0]!['digest'];
    expect(() => Notation.parseInspect(JSON.stringify(doc))).toThrow('signatures[0] has no digest');
  });
});

describe('notation blob inspect --output json', () => {
  it('reads one signature without a manifest digest, null user metadata as none', () => {
    const signature = Notation.parseBlobInspect(fixture('blob-inspect-with-timestamping-and-output-as-json.json'));
    expect(signature.digest).toBeUndefined();
    expect(signature.format).toBe('jws');
    expect(signature.userDefinedAttributes).toEqual({});
    expect(signature.signedAttributes['signingTime']).toBe('2024-12-31T08:05:29Z');
    expect(signature.signedAttributes['expiry']).toBeUndefined();
    expect(signature.timestamp?.timestamp).toBe('[2024-12-31T08:05:29.509Z, 2024-12-31T08:05:30.509Z]');
    expect(signature.timestamp?.certificates).toHaveLength(2);
    expect(signature.certificates.map((c) => c.sha256Fingerprint)).toEqual([
      'dadee19c843e94b94daae9854d0de7ad93642b6075e2d1523b860b1770b64a03',
    ]);
    expect(signature.signedArtifact).toEqual({
      mediaType: 'application/octet-stream',
      digest: 'sha256:c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4',
      size: 11357,
    });
  });

  it('names a COSE envelope cose', () => {
    const doc = JSON.parse(fixture('blob-inspect-with-timestamping-and-output-as-json.json')) as Record<
      string,
      unknown
    >;
    doc['signatureEnvelopeType'] = 'application/cose';
    expect(Notation.parseBlobInspect(JSON.stringify(doc)).format).toBe('cose');
  });
});
