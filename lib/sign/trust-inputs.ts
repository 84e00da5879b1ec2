import { ConfigurationError, invalidInput } from '../runtime/errors.js';
import { getListInput, getWorkspacePathInput, resolveWorkspacePath } from '../runtime/inputs.js';

/*
 * The inputs that say which signatures notation accepts, shared by
 * actions/sign (mode verify) and actions/deploy-aks (verify-signatures):
 * either a trust policy file, or trust store certificates plus trusted
 * identities from which a trust policy is generated.
 */

export interface TrustInputs {
  /** A notation trust policy (trustpolicy.json or the OCI trust policy), inside the workspace. */
  readonly 'trust-policy'?: string;
  /** Certificate files or directories of them (PEM or DER), inside the workspace. */
  readonly 'trust-store-certs': string[];
  /** `x509.subject: C=…, ST=…, O=…` lines, or the single wildcard `*`. */
  readonly 'trusted-identities': string[];
}

export function getTrustInputs(): TrustInputs {
  const identities = getListInput('trusted-identities', 'newline');
  for (const identity of identities) checkTrustedIdentity(identity);
  if (identities.includes('*') && identities.length > 1) {
    throw invalidInput(
      'trusted-identities',
      identities.join('\n'),
      `either the wildcard '*' alone or x509.subject lines`,
    );
  }
  return {
    'trust-policy': getWorkspacePathInput('trust-policy', { mustExist: true }),
    'trust-store-certs': getListInput('trust-store-certs').map((p) =>
      resolveWorkspacePath('trust-store-certs', p, { mustExist: true }),
    ),
    'trusted-identities': identities,
  };
}

/**
 * Verification needs something to trust: a trust policy file, or certificates
 * and the identities that may sign with them. `why` says which setting asks
 * for verification (e.g. "mode 'verify'").
 */
export function requireTrustInputs(trust: TrustInputs, why: string): void {
  const certs = trust['trust-store-certs'].length > 0;
  const identities = trust['trusted-identities'].length > 0;
  if (trust['trust-policy'] !== undefined) {
    if (identities) {
      throw new ConfigurationError(
        `input 'trusted-identities' cannot be combined with 'trust-policy': put the identities in the trust policy file`,
      );
    }
    return;
  }
  if (!certs && !identities) {
    throw new ConfigurationError(
      `input 'trust-policy' (or both 'trust-store-certs' and 'trusted-identities') is required with ${why}`,
    );
  }
  if (!certs) throw new ConfigurationError(`input 'trust-store-certs' is required with 'trusted-identities'`);
  if (!identities) throw new ConfigurationError(`input 'trusted-identities' is required with 'trust-store-certs'`);
}

const IDENTITY_EXAMPLE = `'*' or x509.subject: C=US, ST=WA, O=Example Org (C, ST and O required)`;

/** Notation's rules for a trusted identity: an RFC 4514 subject with unique C, ST and O, no multi-valued RDNs. */
function checkTrustedIdentity(identity: string): void {
  if (identity === '*') return;
  const match = /^x509\.subject\s*:\s*(.+)$/.exec(identity);
  if (!match?.[1]) throw invalidInput('trusted-identities', identity, IDENTITY_EXAMPLE);
  const types = new Set<string>();
  for (const rdn of splitUnescaped(match[1], ',')) {
    if (splitUnescaped(rdn, '+').length > 1) {
      throw invalidInput('trusted-identities', identity, `${IDENTITY_EXAMPLE}, without multi-valued RDNs`);
    }
    const eq = rdn.indexOf('=');
    const type = eq > 0 ? rdn.slice(0, eq).trim() : '';
    const value = eq > 0 ? rdn.slice(eq + 1).trim() : '';
    if (!/^[A-Za-z][A-Za-z0-9-]*$|^\d+(\.\d+)+$/.test(type) || value === '') {
      throw invalidInput('trusted-identities', identity, IDENTITY_EXAMPLE);
    }
    if (types.has(type)) throw invalidInput('trusted-identities', identity, `${IDENTITY_EXAMPLE}, each attribute once`);
    types.add(type);
  }
  for (const required of ['C', 'ST', 'O']) {
    if (!types.has(required)) throw invalidInput('trusted-identities', identity, IDENTITY_EXAMPLE);
  }
}

/** Splits on a separator that is not escaped with a backslash (RFC 4514). */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + (text[i + 1] ?? '');
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
