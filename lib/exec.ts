import { spawn } from 'node:child_process';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { OperationError } from './runtime/errors.js';
import { containsSecret, redactSecrets } from './runtime/secrets.js';

/*
 * The one seam through which every CLI runs. Processes get an argv array,
 * never a shell string; every run has a timeout; output is streamed to the
 * log (with registered secrets redacted) and captured for parsing.
 */

export interface ExecOptions {
  /** Milliseconds before the process is terminated (SIGTERM, then SIGKILL). */
  readonly timeoutMs: number;
  /** Environment of the child; defaults to this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Written to the child's stdin, which is then closed. */
  readonly input?: string;
  /** Stream stdout to the log (default true). Turn off for machine output such as JSON. */
  readonly echoStdout?: boolean;
  /** Stream stderr to the log (default true). */
  readonly echoStderr?: boolean;
  /** Exit codes that are not failures (default [0]). */
  readonly okExitCodes?: readonly number[];
  /** Most bytes of stdout kept in memory; more fails the run (default 64 MiB). Large reports go to files. */
  readonly maxStdoutBytes?: number;
}

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/** A process that failed, timed out or could not start. */
export class ExecError extends OperationError {
  override readonly name = 'ExecError';
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly stderrTail: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

const STDERR_TAIL_LINES = 20;
const KILL_GRACE_MS = 5000;
/** stderr is kept only as a bounded tail; it is for error messages, not for parsing. */
const STDERR_KEEP_BYTES = 256 * 1024;

export async function exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const name = path.basename(command);
  // A secret on a command line is visible to every process on the machine: refuse it outright.
  if (args.some(containsSecret) || containsSecret(command)) {
    throw new Error(`refusing to run ${name}: a secret would appear on its command line`);
  }
  const started = Date.now();
  const echoStdout = options.echoStdout ?? true;
  const echoStderr = options.echoStderr ?? true;
  const maxStdout = options.maxStdoutBytes ?? 64 * 1024 * 1024;

  return new Promise<ExecResult>((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: false,
      windowsHide: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    // Decoders keep multi-byte characters whole across chunks; echoes keep
    // lines whole so that a secret split across two chunks is still redacted.
    const stderrDecoder = new StringDecoder('utf8');
    const stdoutEcho = lineEcho(process.stdout);
    const stderrEcho = lineEcho(process.stderr);
    let timedOut = false;
    let overflow = false;
    let settled = false;

    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
    }, options.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxStdout) {
        if (!overflow) {
          overflow = true;
          child.kill('SIGTERM');
        }
        return;
      }
      stdoutChunks.push(chunk);
      if (echoStdout) stdoutEcho.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = stderrDecoder.write(chunk);
      stderr += text;
      if (stderr.length > STDERR_KEEP_BYTES) stderr = stderr.slice(-STDERR_KEEP_BYTES);
      if (echoStderr) stderrEcho.write(chunk);
    });
    child.stdin.on('error', () => {
      /* the child may exit before reading its input; the exit code tells the story */
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();

    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(() => {
        const why = error.code === 'ENOENT' ? 'not found' : error.message;
        reject(new ExecError(`${name} could not be started: ${why}`, name, undefined, '', false));
      });
    });

    child.on('close', (code, signal) => {
      stderr += stderrDecoder.end();
      if (echoStdout) stdoutEcho.end();
      if (echoStderr) stderrEcho.end();
      finish(() => {
        const durationMs = Date.now() - started;
        const tail = stderrTail(stderr);
        const exitCode = code ?? 128;
        if (timedOut) {
          reject(
            new ExecError(
              `${name} timed out after ${formatMs(options.timeoutMs)}${tailText(tail)}`,
              name,
              code ?? undefined,
              tail,
              true,
            ),
          );
          return;
        }
        if (overflow) {
          reject(
            new ExecError(`${name} wrote more than ${maxStdout} bytes to stdout`, name, code ?? undefined, tail, false),
          );
          return;
        }
        if (!(options.okExitCodes ?? [0]).includes(exitCode) || signal) {
          const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
          reject(new ExecError(`${name} ${how}${tailText(tail)}`, name, exitCode, tail, false));
          return;
        }
        resolve({ exitCode, stdout: Buffer.concat(stdoutChunks).toString('utf8'), stderr, durationMs });
      });
    });
  });
}

/** Echoes a stream to the log line by line, redacted; the last partial line on end. */
function lineEcho(out: NodeJS.WritableStream): { write(chunk: Buffer): void; end(): void } {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  return {
    write(chunk) {
      pending += decoder.write(chunk);
      const cut = pending.lastIndexOf('\n');
      if (cut < 0) return;
      out.write(redactSecrets(pending.slice(0, cut + 1)));
      pending = pending.slice(cut + 1);
    },
    end() {
      pending += decoder.end();
      if (pending) out.write(redactSecrets(`${pending}\n`));
      pending = '';
    },
  };
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`;
}

function stderrTail(stderr: string): string {
  const lines = redactSecrets(stderr).trimEnd().split(/\r?\n/);
  return lines.slice(-STDERR_TAIL_LINES).join('\n');
}

function tailText(tail: string): string {
  return tail ? `; last lines of stderr:\n${tail}` : '';
}
