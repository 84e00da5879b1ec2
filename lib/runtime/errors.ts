/**
 * A mistake of the user's (a bad input, a malformed policy file, a missing
 * permission): reported as one clear line, exit 1, no stack trace.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/**
 * A failure the user can act on that is not a bug in this code: a tool that
 * exited non-zero, a download refused by its server, a checksum mismatch.
 * Reported without a stack trace; the message carries what went wrong.
 */
export class OperationError extends Error {
  override readonly name: string = 'OperationError';
}

/** `input 'fail-on' must be one of critical, high; got 'hihg'` */
export function invalidInput(input: string, value: string, allowed: string): ConfigurationError {
  return new ConfigurationError(`input '${input}' must be ${allowed}; got '${printable(value)}'`);
}

/** Keeps a refused value on one line and short enough to read. */
function printable(value: string): string {
  const oneLine = value.replace(/\r?\n/g, '\\n');
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}
