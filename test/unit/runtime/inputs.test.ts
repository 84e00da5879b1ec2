import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../../lib/runtime/errors.js';
import {
  formatDuration,
  getBooleanInput,
  getDurationInput,
  getEnumInput,
  getGuidInput,
  getGuidInputOrEnv,
  getIdentifierInput,
  getImageReferenceInput,
  getIntegerInput,
  getListInput,
  getOptionalInput,
  getRegistryHostListInput,
  getRequiredInput,
  getSha256Input,
  getUrlInput,
  parseDuration,
} from '../../../lib/runtime/inputs.js';
import { setEnv, withInputs } from '../../harness/capture.js';

/** Reads input `x` set to value with the reader; returns the value or the thrown error. */
function read<T>(value: string | undefined, reader: () => T): T | Error {
  return withInputs({ x: value }, () => {
    try {
      return reader();
    } catch (error) {
      return error as Error;
    }
  });
}

function expectConfigError(result: unknown, message: string | RegExp): void {
  expect(result).toBeInstanceOf(ConfigurationError);
  if (typeof message === 'string') expect((result as Error).message).toBe(message);
  else expect((result as Error).message).toMatch(message);
}

const HEX = 'a'.repeat(64);

describe('getOptionalInput / getRequiredInput', () => {
  it.each([
    ['value', 'value'],
    ['  padded  ', 'padded'],
    ['', undefined],
    ['   \n ', undefined],
    [undefined, undefined],
  ])('%j → %j', (value, expected) => {
    expect(read(value, () => getOptionalInput('x'))).toBe(expected);
  });

  it('reads the variable the runner sets: spaces to _, upper case, dashes kept', () => {
    expect(
      withInputs({ 'fail-on': 'high', 'my input': 'spaced' }, () => [
        getOptionalInput('fail-on'),
        getOptionalInput('my input'),
      ]),
    ).toEqual(['high', 'spaced']);
    expect(process.env['INPUT_FAIL-ON']).toBeUndefined();
  });

  it('names a missing required input', () => {
    expectConfigError(
      read('', () => getRequiredInput('x')),
      "input 'x' is required and was not set",
    );
    expect(read('set', () => getRequiredInput('x'))).toBe('set');
  });
});

describe('getEnumInput', () => {
  const allowed = ['critical', 'high', 'medium', 'low', 'none'] as const;
  it.each([
    ['high', 'high'],
    ['HIGH', 'high'],
    [' low ', 'low'],
    ['', 'medium'],
  ])('%j → %j', (value, expected) => {
    expect(read(value, () => getEnumInput('x', allowed, 'medium'))).toBe(expected);
  });

  it('is undefined when not set and there is no fallback', () => {
    expect(read(undefined, () => getEnumInput('x', allowed))).toBeUndefined();
  });

  it.each(['hihg', 'highest', 'high,low', 'critical '.repeat(2)])(
    'refuses %j, naming input, value and choices',
    (value) => {
      expectConfigError(
        read(value, () => getEnumInput('x', allowed, 'high')),
        `input 'x' must be one of critical, high, medium, low, none; got '${value.trim()}'`,
      );
    },
  );
});

describe('getBooleanInput', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['yes', true],
    ['on', true],
    ['1', true],
    ['false', false],
    ['FALSE', false],
    ['no', false],
    ['off', false],
    ['0', false],
  ])('%j → %j', (value, expected) => {
    expect(read(value, () => getBooleanInput('x', !expected))).toBe(expected);
  });

  it('uses the fallback when not set, and undefined without one', () => {
    expect(read('', () => getBooleanInput('x', true))).toBe(true);
    expect(read('', () => getBooleanInput('x'))).toBeUndefined();
  });

  it.each(['maybe', 'truee', '2', 'y'])('refuses %j', (value) => {
    expectConfigError(
      read(value, () => getBooleanInput('x', false)),
      `input 'x' must be true or false; got '${value}'`,
    );
  });
});

describe('getListInput', () => {
  it.each([
    ['a,b, c', ['a', 'b', 'c']],
    ['a\nb\r\nc', ['a', 'b', 'c']],
    ['a,\n,\n b ,', ['a', 'b']],
    ['a\n# a comment\nb', ['a', 'b']],
    ['', []],
  ])('%j → %j', (value, expected) => {
    expect(read(value, () => getListInput('x'))).toEqual(expected);
  });

  it('keeps commas in newline mode', () => {
    expect(read('key=a,b\nother=c', () => getListInput('x', 'newline'))).toEqual(['key=a,b', 'other=c']);
  });
});

describe('getIntegerInput', () => {
  const bounds = { min: 1, max: 360 };
  it.each([
    ['1', 1],
    ['360', 360],
    [' 30 ', 30],
    ['007', 7],
    ['', 30],
  ])('%j → %j', (value, expected) => {
    expect(read(value, () => getIntegerInput('x', bounds, 30))).toBe(expected);
  });

  it('allows negative numbers when the bounds do', () => {
    expect(read('-5', () => getIntegerInput('x', { min: -10, max: 10 }))).toBe(-5);
  });

  it.each(['0', '361', '-1', '1.5', '1e2', '+5', 'ten', '0x10', '9007199254740993'])('refuses %j', (value) => {
    expectConfigError(
      read(value, () => getIntegerInput('x', bounds, 30)),
      `input 'x' must be a whole number from 1 to 360; got '${value}'`,
    );
  });
});

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['2m30s', 150_000],
    ['45', 45_000],
  ])('parseDuration(%j) = %j ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['5x', '-1m', '', 'm', '1.5h', '1m30', 'h1', '5 m', '1d'])('parseDuration(%j) is undefined', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  const bounds = { minMs: 10_000, maxMs: 6 * 3_600_000 };
  it('uses the fallback when not set', () => {
    expect(read('', () => getDurationInput('x', bounds, '15m'))).toBe(900_000);
    expect(read('90s', () => getDurationInput('x', bounds, '15m'))).toBe(90_000);
  });

  it.each(['5x', '-1m', '5s', '7h', 'soon'])('getDurationInput refuses %j with the allowed range', (value) => {
    expectConfigError(
      read(value, () => getDurationInput('x', bounds, '15m')),
      `input 'x' must be a duration such as 90s, 5m or 1h30m, from 10s to 6h; got '${value}'`,
    );
  });

  it.each([
    [3_600_000, '1h'],
    [5_400_000, '90m'],
    [90_000, '90s'],
    [1500, '1500ms'],
  ])('formatDuration(%j) = %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('getUrlInput', () => {
  it.each([
    ['https://mirror.example.com/tools', true],
    ['http://127.0.0.1:8080/', true],
    ['http://127.5.6.7/', true],
    ['http://localhost:5000', true],
    ['http://[::1]:5000/x', true],
    ['https://10.0.0.1/', true],
  ])('https-only accepts %j', (value) => {
    const url = read(value, () => getUrlInput('x', { httpsOnly: true }));
    expect(url).toBeInstanceOf(URL);
    expect((url as URL).href).toBe(new URL(value).href);
  });

  it.each([
    ['http://mirror.example.com/', 'an https:// URL (http:// only on loopback)'],
    ['http://localhost.example.com/', 'an https:// URL (http:// only on loopback)'],
    ['http://127.0.0.1.nip.io/', 'an https:// URL (http:// only on loopback)'],
    ['http://10.0.0.1/', 'an https:// URL (http:// only on loopback)'],
    ['ftp://example.com/', 'an https:// URL (http:// only on loopback)'],
    ['file:///etc/passwd', 'an https:// URL (http:// only on loopback)'],
    ['mirror.example.com', 'an https:// URL (http:// only on loopback)'],
    ['https://user:pass@example.com/', 'an https:// URL (http:// only on loopback) without credentials in it'],
  ])('https-only refuses %j', (value, allowed) => {
    expectConfigError(
      read(value, () => getUrlInput('x', { httpsOnly: true })),
      `input 'x' must be ${allowed}; got '${value}'`,
    );
  });

  it('accepts plain http anywhere without httpsOnly, but still no other scheme', () => {
    expect(read('http://example.com/', () => getUrlInput('x'))).toBeInstanceOf(URL);
    expectConfigError(
      read('ftp://example.com/', () => getUrlInput('x')),
      /must be an absolute http:\/\/ or https:\/\/ URL/,
    );
    expect(read('', () => getUrlInput('x'))).toBeUndefined();
  });
});

describe('getGuidInput', () => {
  it.each([
    ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
    ['72F988BF-86F1-41AF-91AB-2D7CD011DB47', '72f988bf-86f1-41af-91ab-2d7cd011db47'],
  ])('%j → %j', (value, expected) => {
    expect(read(value, () => getGuidInput('x'))).toBe(expected);
  });

  it.each([
    '1234',
    '{72f988bf-86f1-41af-91ab-2d7cd011db47}',
    '72f988bf86f141af91ab2d7cd011db47',
    '72f988bf-86f1-41af-91ab-2d7cd011db4g',
  ])('refuses %j', (value) => {
    expectConfigError(
      read(value, () => getGuidInput('x')),
      /^input 'x' must be a GUID such as 00000000-0000-0000-0000-000000000000; got '/,
    );
  });
});

describe('getSha256Input', () => {
  it.each([
    [HEX, HEX],
    [`sha256:${HEX}`, HEX],
    [HEX.toUpperCase(), HEX],
    [`SHA256:${'0123456789abcdef'.repeat(4)}`, '0123456789abcdef'.repeat(4)],
  ])('%j → lower-case hex', (value, expected) => {
    expect(read(value, () => getSha256Input('x'))).toBe(expected);
  });

  it.each([HEX.slice(1), `${HEX}0`, 'g'.repeat(64), `sha512:${HEX}`, `${HEX.slice(2)}  `])('refuses %j', (value) => {
    expectConfigError(
      read(value, () => getSha256Input('x')),
      /must be a sha256 checksum of 64 hexadecimal characters/,
    );
  });
});

describe('getImageReferenceInput', () => {
  const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
  it.each([
    'alpine',
    'alpine:3.10',
    'localhost:5000/a/b:1',
    `[::1]:5000/x@${digest}`,
    `myacr.azurecr.io/team/app@${digest}`,
    `myacr.azurecr.io/team/app:1.0@${digest}`,
    'ghcr.io/owner/repo/sub-path_x:v1.2.3-rc.1',
    '127.0.0.1:5000/app',
  ])('accepts %j', (value) => {
    expect(read(value, () => getImageReferenceInput('x'))).toBe(value);
  });

  it.each([
    ['Alpine', /repository 'Alpine' must be lower-case/],
    ['myacr.azurecr.io/Team/app', /repository 'Team\/app' must be lower-case/],
    ['a:b:c', /must be lower-case path components/],
    ['alpine@sha256:abc', /digest 'sha256:abc' is not sha256:<64 lower-case hex>/],
    [`alpine@sha256:${'A'.repeat(64)}`, /is not sha256:<64 lower-case hex>/],
    ['alpine@md5:0123', /is not sha256/],
    ['alpine:', /tag '' is not a valid tag/],
    ['alpine:-bad', /tag '-bad' is not a valid tag/],
    [`alpine:${'t'.repeat(129)}`, /is not a valid tag/],
    ['a//b', /must be lower-case path components/],
    ['registry.example.com/', /must be lower-case path components/],
  ])('refuses %j', (value, why) => {
    const result = read(value, () => getImageReferenceInput('x'));
    expectConfigError(
      result,
      /^input 'x' must be an image reference such as registry\.example\.com\/team\/app:1\.0 or …@sha256:<digest> \(/,
    );
    expect((result as Error).message).toMatch(why);
  });

  it('is undefined when not set', () => {
    expect(read('', () => getImageReferenceInput('x'))).toBeUndefined();
  });
});

describe('getIdentifierInput', () => {
  it.each(['scan', 'trivy/fs-app_1.0', 'A9'])('accepts %j', (value) => {
    expect(read(value, () => getIdentifierInput('x'))).toBe(value);
  });

  it.each(['-lead', '/abs', 'has space', 'semi;colon', 'x'.repeat(101)])('refuses %j', (value) => {
    expectConfigError(
      read(value, () => getIdentifierInput('x')),
      /must be letters, digits and \. _ - \/ \(at most 100 characters\)/,
    );
  });
});

describe('getGuidInputOrEnv', () => {
  const GUID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const OTHER = '00000000-0000-0000-0000-000000000001';
  function readOrEnv(input: string, env: string | undefined): unknown {
    const restore = setEnv({ AZURE_CLIENT_ID: env });
    try {
      return read(input, () => getGuidInputOrEnv('x', 'AZURE_CLIENT_ID'));
    } finally {
      restore();
    }
  }

  it.each([
    [GUID.toUpperCase(), OTHER, GUID],
    ['', GUID.toUpperCase(), GUID],
    ['', `  ${GUID}  `, GUID],
    ['', undefined, undefined],
    ['', '   ', undefined],
  ])('input %j, env %j → %j', (input, env, expected) => {
    expect(readOrEnv(input, env)).toBe(expected);
  });

  it('refuses a bad input even when the environment has a good one', () => {
    expectConfigError(readOrEnv('nope', GUID), /^input 'x' must be a GUID/);
  });

  it('names the environment variable and the input it stands in for', () => {
    expectConfigError(
      readOrEnv('', 'not-a-guid'),
      "environment variable AZURE_CLIENT_ID (the default of input 'x') must be a GUID such as 00000000-0000-0000-0000-000000000000; got 'not-a-guid'",
    );
  });
});

describe('getRegistryHostListInput', () => {
  it.each([
    ['myregistry.azurecr.io', ['myregistry.azurecr.io']],
    ['MyACR.AzureCR.io, 127.0.0.1:5000', ['myacr.azurecr.io', '127.0.0.1:5000']],
    ['localhost\nlocalhost:5000\n[::1]:5000', ['localhost', 'localhost:5000', '[::1]:5000']],
    ['index.docker.io, registry-1.docker.io, docker.io', ['docker.io']],
    ['a.io,A.IO,a.io', ['a.io']],
    ['', []],
  ])('%j → %j', (value, expected) => {
    expect(read(value, () => getRegistryHostListInput('x'))).toEqual(expected);
  });

  it.each([
    'https://myacr.azurecr.io',
    'myacr.azurecr.io/team',
    'registry',
    'a.io:99999',
    'a.io:',
    '-a.io',
    'a_b.io',
    'user@a.io',
  ])('refuses %j', (value) => {
    expectConfigError(
      read(value, () => getRegistryHostListInput('x')),
      `input 'x' must be registry host names such as myregistry.azurecr.io or 127.0.0.1:5000 (no scheme or path); got '${value}'`,
    );
  });

  /*
   * lib/runtime/inputs.ts getRegistryHostListInput: its doc says a name needs
   * "a dot, a port or to be localhost" (Docker's rule), but REGISTRY_HOST
   * requires a dot for every name other than localhost, so a dotless host with
   * a port, common for local registries (`kind-registry:5000`,
   * `registry:5000` in a compose network), is refused.
   */
  it('accepts a dotless host with a port, as its doc and Docker do ', () => {
    expect(read('kind-registry:5000', () => getRegistryHostListInput('x'))).toEqual(['kind-registry:5000']);
  });
});
