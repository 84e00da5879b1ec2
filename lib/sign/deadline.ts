import { OperationError } from '../runtime/errors.js';

/** One time budget shared by several runs: each gets what is left of it. */
export class Deadline {
  private readonly end: number;

  constructor(
    readonly totalMs: number,
    private readonly what: string,
    private readonly now: () => number = Date.now,
  ) {
    this.end = now() + totalMs;
  }

  /** Milliseconds left; a run that has none left fails before it starts. */
  remaining(): number {
    const left = this.end - this.now();
    if (left <= 0) throw new OperationError(`${this.what} took longer than the timeout`);
    return left;
  }
}
