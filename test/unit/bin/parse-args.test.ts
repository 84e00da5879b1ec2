import { describe, expect, it } from '@jest/globals';
import { parseArguments, type OwnOption } from '../../../bin/src/parse-args.js';
import { UsageError } from '../../../bin/src/usage-error.js';

const INPUTS = ['scanner', 'target', 'trivy-scanners', 'fail-on', 'mode'];
const OWN: OwnOption[] = [
  { name: 'out', description: 'where the reports go' },
  { name: 'verbose', switch: true, description: 'debug lines' },
];

const parse = (argv: string[], fixed: string[] = []) => parseArguments('scan', argv, INPUTS, OWN, fixed);

/** The UsageError parse throws for argv (fails when it does not throw one). */
function refusal(argv: string[], fixed: string[] = []): string {
  try {
    parse(argv, fixed);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be refused`);
}

describe('parseArguments', () => {
  it('takes `--name value` and `--name=value` for inputs and own options', () => {
    expect(parse(['--scanner', 'trivy', '--target=src', '--out', 'reports', '--verbose'])).toEqual({
      inputs: { scanner: 'trivy', target: 'src' },
      own: { out: 'reports', verbose: true },
    });
    expect(parse(['--out=r'])).toEqual({ inputs: {}, own: { out: 'r' } });
  });

  it('keeps everything after the first `=` and takes an empty value', () => {
    expect(parse(['--target=a=b', '--fail-on='])).toEqual({ inputs: { target: 'a=b', 'fail-on': '' }, own: {} });
  });

  it('takes the next argument as the value even when it looks like an option or is empty', () => {
    expect(parse(['--target', '', '--scanner', '-x']).inputs).toEqual({ target: '', scanner: '-x' });
  });

  it('joins the values of a repeated input with newlines, in order, as a list input', () => {
    expect(
      parse(['--trivy-scanners', 'secret', '--trivy-scanners=vuln', '--trivy-scanners', 'misconfig']).inputs,
    ).toEqual({ 'trivy-scanners': 'secret\nvuln\nmisconfig' });
  });

  it('keeps the last value of a repeated own option', () => {
    expect(parse(['--out', 'a', '--out', 'b']).own).toEqual({ out: 'b' });
  });

  it('returns nothing for no arguments', () => {
    expect(parse([])).toEqual({ inputs: {}, own: {} });
  });

  it('refuses an unknown option in one line that lists the allowed ones, own options first, fixed inputs left out', () => {
    expect(refusal(['--scanner', 'trivy', '--severity', 'high'], ['mode'])).toBe(
      'devsecops scan: unknown option --severity; allowed: --out, --verbose, --scanner, --target, --trivy-scanners, --fail-on',
    );
    expect(refusal(['--severity=high'])).toMatch(/^devsecops scan: unknown option --severity; allowed: .*--mode$/);
  });

  it('refuses an input the command sets itself, in both forms', () => {
    expect(refusal(['--mode', 'sign'], ['mode'])).toBe(
      'devsecops scan: --mode is set by the command and cannot be given',
    );
    expect(refusal(['--mode=sign'], ['mode'])).toBe('devsecops scan: --mode is set by the command and cannot be given');
  });

  it('refuses a value for a switch', () => {
    expect(refusal(['--verbose=yes'])).toBe('devsecops scan: --verbose takes no value');
    expect(refusal(['--verbose='])).toBe('devsecops scan: --verbose takes no value');
  });

  it('refuses an input or own option without a value at the end', () => {
    expect(refusal(['--scanner', 'trivy', '--target'])).toBe('devsecops scan: --target needs a value');
    expect(refusal(['--out'])).toBe('devsecops scan: --out needs a value');
  });

  it('refuses positional arguments, single dashes and a bare `--`', () => {
    expect(refusal(['.'])).toBe("devsecops scan: unexpected argument '.'; options are --name value");
    expect(refusal(['--scanner', 'trivy', 'extra'])).toBe(
      "devsecops scan: unexpected argument 'extra'; options are --name value",
    );
    expect(refusal(['-v'])).toBe("devsecops scan: unexpected argument '-v'; options are --name value");
    expect(refusal(['--'])).toBe("devsecops scan: unexpected argument '--'; options are --name value");
  });

  it('names the command it parses for', () => {
    expect(() => parseArguments('verify', ['x'], [], [])).toThrow(/^devsecops verify: unexpected argument 'x'/);
  });
});
