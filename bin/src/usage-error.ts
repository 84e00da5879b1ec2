/** A mistake on the command line itself (an unknown command or option): one line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
