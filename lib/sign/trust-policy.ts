import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { NotationStoreType } from '../cli/notation.js';
import { parseImageReference } from '../oci/reference.js';
import { ConfigurationError } from '../runtime/errors.js';
import type { TrustInputs } from './trust-inputs.js';

/*
 * What notation trusts for a verification: a trust policy (notation's
 * `trustpolicy.json` format, version 1.0) and the certificates of the trust
 * stores it names.
 *
 * Without a `trust-policy` file, one policy is generated from
 * `trust-store-certs` and `trusted-identities`:
 *
 *   {
 *     "version": "1.0",
 *     "trustPolicies": [{
 *       "name": "devsecops-images",
 *       "registryScopes": ["<registry>/<repository>", …],   // of the images verified
 *       "signatureVerification": { "level": "strict" },
 *       "trustStores": ["ca:devsecops"],                    // every certificate given
 *       "trustedIdentities": ["x509.subject: C=…, ST=…, O=…", …]   // or ["*"]
 *     }]
 *   }
 *
 * With a `trust-policy` file, the file is imported as is and the
 * certificates go to the trust stores it names: a directory in
 * `trust-store-certs` fills the store of the same name (`certs/` fills
 * `ca:certs`), a file fills the one store the policy names.
 */

export const GENERATED_POLICY_NAME = 'devsecops-images';
export const GENERATED_STORE = 'devsecops';

const STORE_TYPES: readonly NotationStoreType[] = ['ca', 'signingAuthority', 'tsa'];
const CERTIFICATE_EXTENSIONS = ['.pem', '.crt', '.cer', '.der'];

export interface TrustPolicyStatement {
  readonly name: string;
  readonly registryScopes: readonly string[];
  readonly signatureVerification: { readonly level: string } & Record<string, unknown>;
  readonly trustStores: readonly string[];
  readonly trustedIdentities: readonly string[];
}

export interface TrustPolicyDocument {
  readonly version: string;
  readonly trustPolicies: readonly TrustPolicyStatement[];
}

export interface TrustStoreCertificates {
  readonly type: NotationStoreType;
  readonly name: string;
  /** Certificate files, in order. */
  readonly files: readonly string[];
}

export interface TrustSetup {
  readonly policy: TrustPolicyDocument;
  /** The JSON given to `notation policy import`. */
  readonly policyText: string;
  /** True when generated from trust-store-certs and trusted-identities. */
  readonly generated: boolean;
  /** The trust-policy file, when one was given. */
  readonly policyFile?: string;
  readonly stores: readonly TrustStoreCertificates[];
}

/** `registry/repository` of each image, once each, in order: the scopes of a generated policy. */
export function registryScopes(images: readonly string[]): string[] {
  const scopes: string[] = [];
  for (const image of images) {
    const ref = parseImageReference(image);
    const scope = `${ref.registry}/${ref.repository}`;
    if (!scopes.includes(scope)) scopes.push(scope);
  }
  return scopes;
}

/** The trust policy generated for images from trusted identities (strict verification, one `ca` store). */
export function generateTrustPolicy(images: readonly string[], identities: readonly string[]): TrustPolicyDocument {
  if (identities.length === 0) throw new Error('a generated trust policy needs trusted identities');
  return {
    version: '1.0',
    trustPolicies: [
      {
        name: GENERATED_POLICY_NAME,
        registryScopes: registryScopes(images),
        signatureVerification: { level: 'strict' },
        trustStores: [`ca:${GENERATED_STORE}`],
        trustedIdentities: [...identities],
      },
    ],
  };
}

/** Reads a trust policy file and checks its shape; the trust stores it names, as `{type, name}`. */
export function parseTrustPolicy(
  text: string,
  source: string,
): {
  readonly document: TrustPolicyDocument;
  readonly stores: ReadonlyArray<{ type: NotationStoreType; name: string }>;
} {
  const bad = (why: string): ConfigurationError =>
    new ConfigurationError(
      `input 'trust-policy' must be a notation trust policy (JSON, version 1.0); ${source} ${why}`,
    );
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw bad('is not JSON');
  }
  const o = doc as Partial<TrustPolicyDocument> | null;
  if (typeof o !== 'object' || o === null || typeof o.version !== 'string') throw bad('has no version');
  if (!Array.isArray(o.trustPolicies) || o.trustPolicies.length === 0) throw bad('has no trustPolicies');
  const stores: Array<{ type: NotationStoreType; name: string }> = [];
  for (const [i, p] of o.trustPolicies.entries()) {
    const statement = p as Partial<TrustPolicyStatement> | null;
    if (typeof statement !== 'object' || statement === null || typeof statement.name !== 'string') {
      throw bad(`has a trust policy without a name (trustPolicies[${i}])`);
    }
    if (!Array.isArray(statement.registryScopes)) throw bad(`trust policy '${statement.name}' has no registryScopes`);
    for (const entry of statement.trustStores ?? []) {
      const [type, name, extra] = String(entry).split(':');
      if (
        !STORE_TYPES.includes(type as NotationStoreType) ||
        !/^[a-zA-Z0-9_.-]+$/.test(name ?? '') ||
        extra !== undefined
      ) {
        throw bad(
          `trust policy '${statement.name}' names the trust store '${String(entry)}' (expected ca:<name>, signingAuthority:<name> or tsa:<name>)`,
        );
      }
      if (!stores.some((s) => s.type === type && s.name === name)) {
        stores.push({ type: type as NotationStoreType, name: name! });
      }
    }
  }
  return { document: o as TrustPolicyDocument, stores };
}

/**
 * The trust policy and trust store certificates for verifying images:
 * generated from trust-store-certs and trusted-identities, or the given
 * trust-policy file with the certificates sorted into the stores it names.
 */
export async function planTrust(trust: TrustInputs, images: readonly string[]): Promise<TrustSetup> {
  const policyFile = trust['trust-policy'];
  if (policyFile === undefined) {
    const files: string[] = [];
    for (const source of trust['trust-store-certs']) files.push(...(await certificateFiles(source)));
    if (files.length === 0) throw new ConfigurationError(`input 'trust-store-certs' names no certificate files`);
    const policy = generateTrustPolicy(images, trust['trusted-identities']);
    return {
      policy,
      policyText: `${JSON.stringify(policy, null, 2)}\n`,
      generated: true,
      stores: [{ type: 'ca', name: GENERATED_STORE, files: unique(files) }],
    };
  }

  const text = await readFile(policyFile, 'utf8');
  const { document, stores } = parseTrustPolicy(text, policyFile);
  const filled = new Map<string, string[]>(stores.map((s) => [`${s.type}:${s.name}`, []]));
  const storeList = stores.map((s) => `${s.type}:${s.name}`).join(', ') || 'none';
  for (const source of trust['trust-store-certs']) {
    const isDir = (await stat(source)).isDirectory();
    const files = await certificateFiles(source);
    let targets: ReadonlyArray<{ type: NotationStoreType; name: string }>;
    if (isDir) {
      targets = stores.filter((s) => s.name === path.basename(source));
      if (targets.length === 0) {
        throw new ConfigurationError(
          `input 'trust-store-certs': the directory ${path.basename(source)} must be named after a trust store of the trust policy (${storeList})`,
        );
      }
    } else {
      if (stores.length !== 1) {
        throw new ConfigurationError(
          `input 'trust-store-certs': the trust policy names ${stores.length === 0 ? 'no trust store' : `several trust stores (${storeList})`}, so certificate files must sit in directories named after their store; got the file ${path.basename(source)}`,
        );
      }
      targets = stores;
    }
    for (const t of targets) filled.get(`${t.type}:${t.name}`)!.push(...files);
  }
  for (const [store, files] of filled) {
    if (files.length === 0) {
      throw new ConfigurationError(
        `input 'trust-store-certs' must hold the certificates of the trust store ${store} that the trust policy names (a directory named ${store.split(':')[1]})`,
      );
    }
  }
  return {
    policy: document,
    policyText: text,
    generated: false,
    policyFile,
    stores: stores.map((s) => ({ ...s, files: unique(filled.get(`${s.type}:${s.name}`)!) })),
  };
}

/** A certificate file, or the certificate files (.pem, .crt, .cer, .der) directly inside a directory, sorted. */
export async function certificateFiles(source: string): Promise<string[]> {
  const info = await stat(source);
  if (!info.isDirectory()) return [source];
  const entries = await readdir(source, { withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && CERTIFICATE_EXTENSIONS.includes(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(source, e.name))
    .sort();
  if (files.length === 0) {
    throw new ConfigurationError(
      `input 'trust-store-certs': the directory ${path.basename(source)} holds no certificate files (${CERTIFICATE_EXTENSIONS.join(', ')})`,
    );
  }
  return files;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
