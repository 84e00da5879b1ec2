import { createHash } from 'node:crypto';

/**
 * A stable fingerprint: the same finding in the next run (same tool, rule,
 * target, package and place) gets the same value, so code scanning tracks it
 * instead of opening a new alert. Line numbers are left out on purpose where
 * a better anchor exists, since unrelated edits move them.
 */
export function fingerprint(parts: readonly (string | number | undefined)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part ?? ''}\u0000`);
  return hash.digest('hex').slice(0, 32);
}
