import { ConfigurationError, invalidInput } from '../../../lib/runtime/errors.js';
import {
  assertImageReference,
  getBooleanInput,
  getDurationInput,
  getEnumInput,
  getIdentifierInput,
  getListInput,
  getOptionalInput,
  getOutputPathInput,
  getRequiredInput,
  resolveWorkspacePath,
} from '../../../lib/runtime/inputs.js';
import { registerSecret } from '../../../lib/runtime/secrets.js';
import { resolveToolMirror } from '../../../lib/tools/asset-url.js';
import { getToolVersionInputs, type ToolVersionChoice } from '../../../lib/tools/tool-version.js';

export const FORMATS = ['spdx-json', 'cyclonedx-json', 'syft-json'] as const;
export const GENERATORS = ['syft', 'trivy'] as const;
/** Target prefixes for sources on disk; anything else is an image reference. */
export const PATH_SOURCES = ['dir', 'oci-dir', 'docker-archive'] as const;

export type Format = (typeof FORMATS)[number];

/** What the SBOM describes: an image in a registry, or a directory / OCI layout / docker-archive tar in the workspace. */
export type SbomTarget =
  | { readonly kind: 'image'; readonly reference: string }
  | { readonly kind: (typeof PATH_SOURCES)[number]; readonly path: string };

/** Every input of actions/sbom, keyed by its exact name, validated. */
export interface Inputs {
  readonly target: SbomTarget;
  /** Deduplicated, in the order given. */
  readonly formats: Format[];
  readonly 'output-dir'?: string;
  readonly generator: (typeof GENERATORS)[number];
  readonly 'upload-artifact': boolean;
  readonly 'artifact-name'?: string;
  readonly attach: boolean;
  readonly 'dependency-snapshot': boolean;
  readonly 'github-token'?: string;
  readonly 'registry-username'?: string;
  readonly 'registry-password'?: string;
  readonly tool: ToolVersionChoice;
  readonly 'tool-mirror'?: string;
  readonly timeoutMs: number;
}

export function getInputs(): Inputs {
  // Secrets are registered first, before anything can fail, so no message can carry them.
  const password = getOptionalInput('registry-password');
  registerSecret(password);
  const githubToken = getOptionalInput('github-token');
  registerSecret(githubToken);
  const target = getTarget();

  const generator = getEnumInput('generator', GENERATORS, 'syft');
  const formats = getFormats();
  const inputs: Inputs = {
    target,
    formats,
    'output-dir': getOutputPathInput('output-dir'),
    generator,
    'upload-artifact': getBooleanInput('upload-artifact', false),
    'artifact-name': getIdentifierInput('artifact-name'),
    attach: getBooleanInput('attach', false),
    'dependency-snapshot': getBooleanInput('dependency-snapshot', false),
    'github-token': githubToken,
    'registry-username': getOptionalInput('registry-username'),
    'registry-password': password,
    tool: getToolVersionInputs(generator, 'version', 'version-sha256'),
    'tool-mirror': resolveToolMirror(getOptionalInput('tool-mirror')),
    timeoutMs: getDurationInput('timeout', { minMs: 10_000, maxMs: 6 * 3_600_000 }, '15m'),
  };

  if (generator === 'trivy' && formats.includes('syft-json')) {
    throw invalidInput(
      'formats',
      formats.join(','),
      `spdx-json and/or cyclonedx-json with generator 'trivy' (syft-json needs syft)`,
    );
  }
  const username = inputs['registry-username'];
  if (username !== undefined && /\s/.test(username)) {
    throw invalidInput('registry-username', username, 'a user name without white space');
  }
  if (username !== undefined && password === undefined) {
    throw new ConfigurationError(`input 'registry-password' is required with 'registry-username'`);
  }
  if (password !== undefined && username === undefined) {
    throw new ConfigurationError(`input 'registry-username' is required with 'registry-password'`);
  }
  if (inputs.attach && target.kind !== 'image') {
    throw new ConfigurationError(
      `input 'attach' needs an image reference as 'target' (the SBOM is attached to the image digest); got a ${target.kind}: target`,
    );
  }
  if (inputs['dependency-snapshot'] && !githubToken) {
    throw new ConfigurationError(`input 'github-token' is required with 'dependency-snapshot'`);
  }
  return inputs;
}

function getTarget(): SbomTarget {
  const value = getRequiredInput('target');
  const colon = value.indexOf(':');
  const prefix = colon > 0 ? value.slice(0, colon) : '';
  const source = PATH_SOURCES.find((s) => s === prefix);
  if (source) {
    const rest = value.slice(colon + 1).trim();
    if (rest === '') {
      throw invalidInput('target', value, `${source}:PATH with PATH inside the workspace, or an image reference`);
    }
    return { kind: source, path: resolveWorkspacePath('target', rest, { mustExist: true }) };
  }
  assertImageReference('target', value);
  return { kind: 'image', reference: value };
}

function getFormats(): Format[] {
  const items = getListInput('formats').map((f) => f.toLowerCase());
  if (items.length === 0) return ['spdx-json'];
  const formats: Format[] = [];
  for (const item of items) {
    const format = FORMATS.find((f) => f === item);
    if (!format) throw invalidInput('formats', item, `a list of ${FORMATS.join(', ')}`);
    if (!formats.includes(format)) formats.push(format);
  }
  return formats;
}
