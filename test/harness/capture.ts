/*
 * In-process helpers for tests of code that uses @actions/core: capture what
 * it prints (workflow commands go to process.stdout) and set INPUT_* and other
 * environment variables for one test, restoring them afterwards. Nothing here
 * replaces @actions/core; the real one runs and its real output is read.
 */

import { inputEnvName } from './run-action.js';

type Write = typeof process.stdout.write;

export interface Captured<T> {
  readonly stdout: string;
  readonly stderr: string;
  readonly result?: T;
  readonly error?: unknown;
}

export interface CaptureOptions {
  /** Called with every chunk written to stdout while capturing. */
  readonly onStdout?: (chunk: string) => void;
  readonly onStderr?: (chunk: string) => void;
}

/** Runs fn with process.stdout/stderr writes captured (not passed through); never throws fn's error, returns it. */
export async function captureOutput<T>(fn: () => Promise<T> | T, options: CaptureOptions = {}): Promise<Captured<T>> {
  const originalOut = process.stdout.write;
  const originalErr = process.stderr.write;
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void, hook?: (chunk: string) => void): Write =>
    ((chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      append(text);
      hook?.(text);
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      if (typeof done === 'function') (done as () => void)();
      return true;
    }) as Write;
  process.stdout.write = capture((t) => (stdout += t), options.onStdout);
  process.stderr.write = capture((t) => (stderr += t), options.onStderr);
  try {
    const result = await fn();
    return { stdout, stderr, result };
  } catch (error) {
    return { stdout, stderr, error };
  } finally {
    process.stdout.write = originalOut;
    process.stderr.write = originalErr;
  }
}

/** Sets environment variables (undefined removes one); returns a function that restores the previous values. */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(values)) {
    if (!previous.has(name)) previous.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** Sets INPUT_* variables the way the runner names them; returns the restore function. */
export function setInputs(inputs: Record<string, string | undefined>): () => void {
  return setEnv(Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputEnvName(name), value])));
}

/** Runs fn with the inputs set, restoring the environment afterwards. */
export function withInputs<T>(inputs: Record<string, string | undefined>, fn: () => T): T {
  const restore = setInputs(inputs);
  try {
    return fn();
  } finally {
    restore();
  }
}
