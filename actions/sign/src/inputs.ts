import { ConfigurationError, invalidInput } from '../../../lib/runtime/errors.js';
import {
  assertImageReference,
  getBooleanInput,
  getDurationInput,
  getEnumInput,
  getGuidInputOrEnv,
  getListInput,
  getOptionalInput,
  getUrlInput,
  getWorkspacePathInput,
  urlProblem,
} from '../../../lib/runtime/inputs.js';
import { resolveToolMirror } from '../../../lib/tools/asset-url.js';
import { getToolVersionInputs, type ToolVersionChoice } from '../../../lib/tools/tool-version.js';
import { RESERVED_PREFIX } from '../../../lib/sign/signature-annotations.js';
import { getTrustInputs, requireTrustInputs, type TrustInputs } from '../../../lib/sign/trust-inputs.js';

export const MODES = ['sign', 'verify'] as const;
export const SIGNATURE_FORMATS = ['cose', 'jws'] as const;

/** Every input of actions/sign, keyed by its exact name, validated. */
export interface Inputs extends TrustInputs {
  readonly mode: (typeof MODES)[number];
  /** Image references as given, one per line, deduplicated; tags are resolved to digests later. */
  readonly images: string[];
  readonly 'key-id'?: URL;
  readonly 'certificate-chain'?: string;
  readonly 'self-signed': boolean;
  readonly 'signature-format': (typeof SIGNATURE_FORMATS)[number];
  readonly 'timestamp-url'?: URL;
  readonly 'timestamp-root-cert'?: string;
  /** User annotations, in the order given; run and commit metadata are added when signing. */
  readonly annotations: ReadonlyMap<string, string>;
  /** From the input or AZURE_CLIENT_ID (exported by actions/azure-login); set in mode sign. */
  readonly 'azure-client-id'?: string;
  readonly 'azure-tenant-id'?: string;
  readonly notation: ToolVersionChoice;
  readonly plugin: ToolVersionChoice;
  readonly 'tool-mirror'?: string;
  readonly timeoutMs: number;
}

export function getInputs(): Inputs {
  const mode = getEnumInput('mode', MODES, 'sign');
  const images = getImages();
  const keyId = getKeyId();
  const certificateChain = getWorkspacePathInput('certificate-chain', { mustExist: true });
  const selfSigned = getBooleanInput('self-signed', false);
  const timestampUrl = getUrlInput('timestamp-url');
  const timestampRootCert = getWorkspacePathInput('timestamp-root-cert', { mustExist: true });
  const trust = getTrustInputs();

  const inputs: Inputs = {
    mode,
    images,
    'key-id': keyId,
    'certificate-chain': certificateChain,
    'self-signed': selfSigned,
    'signature-format': getEnumInput('signature-format', SIGNATURE_FORMATS, 'cose'),
    'timestamp-url': timestampUrl,
    'timestamp-root-cert': timestampRootCert,
    annotations: getAnnotations(),
    ...trust,
    'azure-client-id': getGuidInputOrEnv('azure-client-id', 'AZURE_CLIENT_ID'),
    'azure-tenant-id': getGuidInputOrEnv('azure-tenant-id', 'AZURE_TENANT_ID'),
    notation: getToolVersionInputs('notation', 'notation-version', 'notation-sha256'),
    plugin: getToolVersionInputs('notation-azure-kv', 'plugin-version', 'plugin-sha256'),
    'tool-mirror': resolveToolMirror(getOptionalInput('tool-mirror')),
    timeoutMs: getDurationInput('timeout', { minMs: 10_000, maxMs: 6 * 3_600_000 }, '10m'),
  };

  if (timestampUrl && !timestampRootCert) {
    throw new ConfigurationError(`input 'timestamp-root-cert' is required with 'timestamp-url'`);
  }
  if (timestampRootCert && !timestampUrl) {
    throw new ConfigurationError(`input 'timestamp-root-cert' is set but 'timestamp-url' is not; set both or neither`);
  }
  if (mode === 'sign') {
    if (!keyId) throw new ConfigurationError(`input 'key-id' is required with mode 'sign'`);
    if (certificateChain && selfSigned) {
      throw new ConfigurationError(`input 'self-signed' cannot be true together with 'certificate-chain'; choose one`);
    }
    if (!certificateChain && !selfSigned) {
      throw new ConfigurationError(
        `input 'certificate-chain' is required with mode 'sign' unless 'self-signed' is true`,
      );
    }
    if (!inputs['azure-client-id']) {
      throw new ConfigurationError(
        `input 'azure-client-id' is required with mode 'sign' (or run actions/azure-login first, which exports AZURE_CLIENT_ID)`,
      );
    }
    if (!inputs['azure-tenant-id']) {
      throw new ConfigurationError(
        `input 'azure-tenant-id' is required with mode 'sign' (or run actions/azure-login first, which exports AZURE_TENANT_ID)`,
      );
    }
  } else {
    requireTrustInputs(trust, `mode 'verify'`);
  }
  return inputs;
}

function getImages(): string[] {
  const lines = getListInput('images', 'newline');
  if (lines.length === 0) throw new ConfigurationError(`input 'images' is required and was not set`);
  for (const line of lines) assertImageReference('images', line);
  return [...new Set(lines)];
}

/** An Azure Key Vault key identifier: https://NAME.vault.azure.net/keys/KEY/VERSION. */
function getKeyId(): URL | undefined {
  const value = getOptionalInput('key-id');
  if (value === undefined) return undefined;
  const allowed =
    'an Azure Key Vault key identifier such as https://my-vault.vault.azure.net/keys/my-key/<32 hex version>';
  const problem = urlProblem(value, true);
  if (problem) throw invalidInput('key-id', value, `${allowed} (${problem})`);
  const url = new URL(value);
  if (url.search || url.hash || !/^\/keys\/[0-9A-Za-z-]{1,127}\/[0-9a-fA-F]{32}$/.test(url.pathname)) {
    throw invalidInput('key-id', value, allowed);
  }
  return url;
}

/** `key=value` lines; keys are unique. */
function getAnnotations(): Map<string, string> {
  const annotations = new Map<string, string>();
  for (const line of getListInput('annotations', 'newline')) {
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/.test(key)) {
      throw invalidInput('annotations', line, 'key=value lines, the key made of letters, digits and . _ - /');
    }
    if (key.startsWith(RESERVED_PREFIX)) {
      throw invalidInput(
        'annotations',
        line,
        `key=value lines whose keys do not start with ${RESERVED_PREFIX} (notation reserves it)`,
      );
    }
    if (annotations.has(key))
      throw invalidInput('annotations', line, `key=value lines with each key once ('${key}' repeats)`);
    annotations.set(key, line.slice(eq + 1).trim());
  }
  return annotations;
}
