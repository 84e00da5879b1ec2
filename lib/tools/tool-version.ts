import { ConfigurationError, invalidInput } from '../runtime/errors.js';
import { getOptionalInput, getSha256Input } from '../runtime/inputs.js';
import { isCompromisedRelease } from './compromised.js';
import type { ToolName } from './types.js';

/** A tool version chosen by the user; the default version is used when `version` is undefined. */
export interface ToolVersionChoice {
  readonly version?: string;
  readonly sha256?: string;
}

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * Reads a version input and its checksum input. A user-chosen version must be
 * exact (never `latest` or a range) and come with the sha256 of its asset for
 * this platform: only the default versions have checksums built in.
 */
export function getToolVersionInputs(tool: ToolName, versionInput: string, sha256Input: string): ToolVersionChoice {
  const raw = getOptionalInput(versionInput);
  const sha256 = getSha256Input(sha256Input);
  if (raw === undefined) {
    if (sha256 !== undefined)
      throw new ConfigurationError(`input '${sha256Input}' is set but '${versionInput}' is not; set both or neither`);
    return {};
  }
  if (!EXACT_VERSION.test(raw))
    throw invalidInput(versionInput, raw, 'an exact version such as 1.2.3 (not latest or a range)');
  const version = raw.replace(/^v/, '');
  if (isCompromisedRelease(tool, version)) {
    throw invalidInput(versionInput, raw, `a version that is not a known compromised release of ${tool}`);
  }
  if (sha256 === undefined) {
    throw new ConfigurationError(
      `input '${versionInput}' is '${raw}', so '${sha256Input}' must give the sha256 of its release asset for this platform`,
    );
  }
  return { version, sha256 };
}
