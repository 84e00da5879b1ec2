import { OperationError } from '../runtime/errors.js';

/*
 * The JSON that `notation inspect --output json` and `notation blob inspect
 * --output json` print (notation 1.1+): the signatures of an artifact, each
 * with its own manifest digest (registry signatures only), the algorithm and
 * envelope, the signed and user-defined attributes, the signing agent and
 * timestamp countersignature, and the certificate chain.
 */

export interface NotationCertificate {
  readonly sha256Fingerprint: string;
  readonly issuedTo: string;
  readonly issuedBy: string;
  readonly expiry: string;
}

/** The RFC 3161 countersignature, or why notation could not read it. */
export interface NotationTimestamp {
  /** `[from, to]` as notation prints it: the interval the TSA vouches for. */
  readonly timestamp?: string;
  readonly certificates: readonly NotationCertificate[];
  readonly error?: string;
}

export type NotationEnvelopeFormat = 'jws' | 'cose';

export interface NotationSignature {
  /** The digest of the signature manifest in the registry; absent for a blob signature. */
  readonly digest?: string;
  readonly signatureAlgorithm: string;
  /** `application/jose+json` or `application/cose`. */
  readonly signatureEnvelopeType: string;
  readonly format?: NotationEnvelopeFormat;
  /** `contentType`, `signingScheme`, `signingTime`, and `expiry` when the signature has one. */
  readonly signedAttributes: Readonly<Record<string, string>>;
  /** What `--user-metadata` added; empty when none. */
  readonly userDefinedAttributes: Readonly<Record<string, string>>;
  readonly signingAgent?: string;
  readonly timestamp?: NotationTimestamp;
  /** The signing certificate first, then its chain. */
  readonly certificates: readonly NotationCertificate[];
  readonly signedArtifact: { readonly mediaType: string; readonly digest: string; readonly size: number };
}

export interface NotationInspectResult {
  /** The media type of the inspected artifact's manifest. */
  readonly mediaType: string;
  readonly signatures: readonly NotationSignature[];
}

const ENVELOPE_FORMATS: Readonly<Record<string, NotationEnvelopeFormat>> = {
  'application/jose+json': 'jws',
  'application/cose': 'cose',
};

/** `notation inspect --output json` of an artifact in a registry. */
export function parseNotationInspect(text: string): NotationInspectResult {
  const doc = parseJson(text, 'notation inspect');
  const where = 'notation inspect';
  const mediaType = requiredString(doc['mediaType'], `${where}: mediaType`);
  const list = doc['signatures'];
  if (!Array.isArray(list)) throw malformed(`${where}: signatures is not a list`);
  const signatures = list.map((item, i) => {
    const signature = parseSignature(item, `${where}: signatures[${i}]`);
    if (!signature.digest) throw malformed(`${where}: signatures[${i}] has no digest`);
    return signature;
  });
  return { mediaType, signatures };
}

/** `notation blob inspect --output json <signature file>`: one signature object, without a manifest digest. */
export function parseNotationBlobInspect(text: string): NotationSignature {
  return parseSignature(parseJson(text, 'notation blob inspect'), 'notation blob inspect');
}

function parseSignature(value: unknown, where: string): NotationSignature {
  const o = asObject(value, where);
  const envelope = requiredString(o['signatureEnvelopeType'], `${where}: signatureEnvelopeType`);
  const unsigned =
    o['unsignedAttributes'] === undefined ? {} : asObject(o['unsignedAttributes'], `${where}: unsignedAttributes`);
  const artifact = asObject(o['signedArtifact'], `${where}: signedArtifact`);
  const size = artifact['size'];
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw malformed(`${where}: signedArtifact.size is not a size`);
  }
  const digest = o['digest'];
  if (digest !== undefined && !isDigest(digest)) throw malformed(`${where}: digest is not a digest`);
  const agent = unsigned['signingAgent'];
  const format = ENVELOPE_FORMATS[envelope];
  return {
    ...(typeof digest === 'string' ? { digest } : {}),
    signatureAlgorithm: requiredString(o['signatureAlgorithm'], `${where}: signatureAlgorithm`),
    signatureEnvelopeType: envelope,
    ...(format ? { format } : {}),
    signedAttributes: stringMap(o['signedAttributes'], `${where}: signedAttributes`),
    userDefinedAttributes: stringMap(o['userDefinedAttributes'], `${where}: userDefinedAttributes`),
    ...(typeof agent === 'string' ? { signingAgent: agent } : {}),
    ...timestampOf(unsigned['timestampSignature'], `${where}: timestampSignature`),
    certificates: certificates(o['certificates'], `${where}: certificates`),
    signedArtifact: {
      mediaType: requiredString(artifact['mediaType'], `${where}: signedArtifact.mediaType`),
      digest: digestOf(artifact['digest'], `${where}: signedArtifact.digest`),
      size,
    },
  };
}

function timestampOf(value: unknown, where: string): { timestamp?: NotationTimestamp } {
  if (value === undefined || value === null) return {};
  const o = asObject(value, where);
  const error = o['error'];
  const interval = o['timestamp'];
  return {
    timestamp: {
      ...(typeof interval === 'string' ? { timestamp: interval } : {}),
      certificates: o['certificates'] === undefined ? [] : certificates(o['certificates'], `${where}.certificates`),
      ...(typeof error === 'string' ? { error } : {}),
    },
  };
}

function certificates(value: unknown, where: string): NotationCertificate[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw malformed(`${where} is not a list`);
  return value.map((item, i) => {
    const c = asObject(item, `${where}[${i}]`);
    return {
      sha256Fingerprint: requiredString(c['SHA256Fingerprint'], `${where}[${i}].SHA256Fingerprint`),
      issuedTo: requiredString(c['issuedTo'], `${where}[${i}].issuedTo`),
      issuedBy: requiredString(c['issuedBy'], `${where}[${i}].issuedBy`),
      expiry: requiredString(c['expiry'], `${where}[${i}].expiry`),
    };
  });
}

/** A map of strings; notation prints `null` for an empty one. */
function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === null || value === undefined) return {};
  const o = asObject(value, where);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(o)) {
    if (typeof v !== 'string') throw malformed(`${where}.${key} is not a string`);
    out[key] = v;
  }
  return out;
}

function parseJson(text: string, what: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed(`${what} did not print JSON: ${text.trim().slice(0, 200)}`);
  }
  return asObject(doc, what);
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(`${where} is not an object`);
  return value as Record<string, unknown>;
}

function requiredString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw malformed(`${where} is missing`);
  return value;
}

function isDigest(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(value);
}

function digestOf(value: unknown, where: string): string {
  if (!isDigest(value)) throw malformed(`${where} is not a digest`);
  return value;
}

function malformed(message: string): OperationError {
  return new OperationError(`unexpected output of notation: ${message}`);
}
