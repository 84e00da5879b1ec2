import { ExecError } from '../exec.js';

/** A failed run in one line: what failed, and the last line the tool wrote to stderr. */
export function failureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const head = (message.split(/\r?\n/)[0] ?? '').replace(/; last lines of stderr:$/, '').trim();
  const tail = error instanceof ExecError ? error.stderrTail.trim().split(/\r?\n/).pop()?.trim() : undefined;
  return tail && !head.includes(tail) ? `${head}: ${tail}` : head;
}
