import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../../lib/runtime/errors.js';
import { parseRetryAfter } from '../../../lib/tools/download.js';
import { getToolVersionInputs } from '../../../lib/tools/tool-version.js';
import { withInputs } from '../../harness/capture.js';

const SHA = 'ab'.repeat(32);

function choose(tool: 'trivy' | 'syft', version: string, sha256: string): unknown {
  return withInputs({ version, 'version-sha256': sha256 }, () => {
    try {
      return getToolVersionInputs(tool, 'version', 'version-sha256');
    } catch (error) {
      return error;
    }
  });
}

describe('getToolVersionInputs', () => {
  it.each([
    ['', '', {}],
    ['1.2.3', SHA, { version: '1.2.3', sha256: SHA }],
    ['v1.2.3', `sha256:${SHA.toUpperCase()}`, { version: '1.2.3', sha256: SHA }],
    ['1.2.3-rc.1', SHA, { version: '1.2.3-rc.1', sha256: SHA }],
  ])('version %j, sha256 %j → %j', (version, sha256, expected) => {
    expect(choose('trivy', version, sha256)).toEqual(expected);
  });

  it.each([
    ['latest', SHA, "input 'version' must be an exact version such as 1.2.3 (not latest or a range); got 'latest'"],
    ['^1.2.0', SHA, "input 'version' must be an exact version such as 1.2.3 (not latest or a range); got '^1.2.0'"],
    ['1.2', SHA, "input 'version' must be an exact version such as 1.2.3 (not latest or a range); got '1.2'"],
    ['0.69.5', SHA, "input 'version' must be a version that is not a known compromised release of trivy; got '0.69.5'"],
    [
      'v0.69.4',
      SHA,
      "input 'version' must be a version that is not a known compromised release of trivy; got 'v0.69.4'",
    ],
    [
      '1.2.3',
      '',
      "input 'version' is '1.2.3', so 'version-sha256' must give the sha256 of its release asset for this platform",
    ],
    ['', SHA, "input 'version-sha256' is set but 'version' is not; set both or neither"],
    ['1.2.3', 'abc', "input 'version-sha256' must be a sha256 checksum of 64 hexadecimal characters; got 'abc'"],
  ])('refuses version %j with sha256 %j', (version, sha256, message) => {
    const result = choose('trivy', version, sha256);
    expect(result).toBeInstanceOf(ConfigurationError);
    expect((result as Error).message).toBe(message);
  });

  it('applies the compromised list to its own tool only', () => {
    expect(choose('syft', '0.69.5', SHA)).toEqual({ version: '0.69.5', sha256: SHA });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['0', 0],
    ['7', 7000],
    [' 3 ', 3000],
    [['2', '9'], 2000],
    ['Sun, 01 Mar 2026 12:00:30 GMT', 30_000],
    ['Sun, 01 Mar 2026 11:59:00 GMT', 0],
    ['soon', undefined],
  ])('%j → %j ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});
