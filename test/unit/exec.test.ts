import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exec, ExecError, type ExecResult } from '../../lib/exec.js';
import { OperationError } from '../../lib/runtime/errors.js';
import { clearRegisteredSecrets, registerSecret } from '../../lib/runtime/secrets.js';
import { captureOutput, type CaptureOptions } from '../harness/capture.js';

/*
 * The real exec with real child processes: `node -e <script> -- args…`.
 */

const NODE = process.execPath;
let dir: string;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'exec-')));
});

afterEach(async () => {
  clearRegisteredSecrets();
  await rm(dir, { recursive: true, force: true });
});

/** Runs a node script through exec with output captured; returns the result or the error, and what was echoed. */
async function node(
  script: string,
  args: string[] = [],
  options: Partial<Parameters<typeof exec>[2]> = {},
  capture: CaptureOptions = {},
): Promise<{ result?: ExecResult; error?: unknown; echoedOut: string; echoedErr: string }> {
  const captured = await captureOutput(
    () => exec(NODE, ['-e', script, '--', ...args], { timeoutMs: 20_000, ...options }),
    capture,
  );
  return {
    ...(captured.result ? { result: captured.result } : {}),
    ...(captured.error !== undefined ? { error: captured.error } : {}),
    echoedOut: captured.stdout,
    echoedErr: captured.stderr,
  };
}

function execError(error: unknown): ExecError {
  expect(error).toBeInstanceOf(ExecError);
  return error as ExecError;
}

describe('exec', () => {
  it('passes argv verbatim, without a shell', async () => {
    const args = [
      'with space',
      'double "quote"',
      "single 'quote'",
      '$(touch pwned-subst)',
      '`touch pwned-backtick`',
      'a; touch pwned-semicolon',
      'x && touch pwned-and',
      '| touch pwned-pipe',
      '*',
      '$HOME',
      '',
      'back\\slash',
      'multi\nline',
      '--flag=value with = signs',
      'ünïcødé ✓',
    ];
    const { result } = await node('process.stdout.write(JSON.stringify(process.argv.slice(1)))', args, {
      cwd: dir,
      echoStdout: false,
    });
    expect(JSON.parse(result?.stdout ?? 'null')).toEqual(args);
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives the child the env and cwd it is told', async () => {
    const { result } = await node(
      'process.stdout.write(JSON.stringify({ cwd: process.cwd(), only: process.env.ONLY_THIS, home: process.env.HOME ?? null }))',
      [],
      { cwd: dir, env: { ONLY_THIS: 'value' }, echoStdout: false },
    );
    expect(JSON.parse(result?.stdout ?? '{}')).toEqual({ cwd: dir, only: 'value', home: null });
  });

  it("inherits this process's environment by default", async () => {
    process.env['EXEC_TEST_INHERITED'] = 'inherited';
    try {
      const { result } = await node('process.stdout.write(process.env.EXEC_TEST_INHERITED ?? "")', [], {
        echoStdout: false,
      });
      expect(result?.stdout).toBe('inherited');
    } finally {
      delete process.env['EXEC_TEST_INHERITED'];
    }
  });

  it('captures stdout and stderr separately and echoes both to the log', async () => {
    const { result, echoedOut, echoedErr } = await node(
      'process.stdout.write("to stdout\\n"); process.stderr.write("to stderr\\n")',
    );
    expect(result?.exitCode).toBe(0);
    expect(result?.stdout).toBe('to stdout\n');
    expect(result?.stderr).toBe('to stderr\n');
    expect(echoedOut).toContain('to stdout\n');
    expect(echoedErr).toContain('to stderr\n');
  });

  it('does not echo when told not to, and still captures', async () => {
    const { result, echoedOut, echoedErr } = await node(
      'process.stdout.write("{\\"json\\":1}"); process.stderr.write("progress")',
      [],
      {
        echoStdout: false,
        echoStderr: false,
      },
    );
    expect(result?.stdout).toBe('{"json":1}');
    expect(result?.stderr).toBe('progress');
    expect(echoedOut).not.toContain('{"json":1}');
    expect(echoedErr).not.toContain('progress');
  });

  it('writes input to stdin and closes it', async () => {
    const { result } = await node(
      'let s = ""; process.stdin.on("data", (d) => (s += d)); process.stdin.on("end", () => process.stdout.write(s.toUpperCase()))',
      [],
      {
        input: 'from stdin',
        echoStdout: false,
      },
    );
    expect(result?.stdout).toBe('FROM STDIN');
  });

  it('fails on a non-zero exit with the exit code and the last 20 lines of stderr', async () => {
    const { error } = await node(
      'for (let i = 1; i <= 30; i++) process.stderr.write(`line ${i}\\n`); process.exit(3)',
      [],
      { echoStderr: false },
    );
    const e = execError(error);
    expect(e).toBeInstanceOf(OperationError);
    expect(e.exitCode).toBe(3);
    expect(e.timedOut).toBe(false);
    expect(e.command).toBe(path.basename(NODE));
    const tail = Array.from({ length: 20 }, (_, i) => `line ${i + 11}`).join('\n');
    expect(e.stderrTail).toBe(tail);
    expect(e.message).toBe(`${path.basename(NODE)} exited with code 3; last lines of stderr:\n${tail}`);
    expect(e.message).not.toMatch(/line 10\n/);
  });

  it('says nothing about stderr when there was none', async () => {
    const { error } = await node('process.exit(4)');
    expect(execError(error).message).toBe(`${path.basename(NODE)} exited with code 4`);
  });

  it('accepts the exit codes in okExitCodes', async () => {
    const ok = await node('process.exit(1)', [], { okExitCodes: [0, 1] });
    expect(ok.result?.exitCode).toBe(1);
    const notOk = await node('process.exit(2)', [], { okExitCodes: [0, 1] });
    expect(execError(notOk.error).exitCode).toBe(2);
    const zeroNotOk = await node('process.exit(0)', [], { okExitCodes: [1] });
    expect(execError(zeroNotOk.error).message).toContain('exited with code 0');
  });

  it('reports a child killed by a signal', async () => {
    const { error } = await node('process.kill(process.pid, "SIGKILL")', [], { okExitCodes: [0, 128, 137] });
    const e = execError(error);
    expect(e.message).toMatch(/was killed by SIGKILL/);
    expect(e.timedOut).toBe(false);
  });

  it('kills a process that runs past its timeout and says it timed out', async () => {
    const marker = path.join(dir, 'finished');
    const { error } = await node(
      `process.stderr.write("started\\n"); setTimeout(() => require("fs").writeFileSync(${JSON.stringify(marker)}, "x"), 30000)`,
      [],
      {
        timeoutMs: 300,
        echoStderr: false,
      },
    );
    const e = execError(error);
    expect(e.timedOut).toBe(true);
    expect(e.message).toMatch(/^node timed out after 300ms/);
    expect(e.message).toContain('started');
    expect(existsSync(marker)).toBe(false);
  });

  it('says a missing executable was not found', async () => {
    const missing = await captureOutput(() => exec(path.join(dir, 'no-such-tool'), ['--version'], { timeoutMs: 5000 }));
    const e = execError(missing.error);
    expect(e.message).toBe('no-such-tool could not be started: not found');
    expect(e.exitCode).toBeUndefined();
    const notOnPath = await captureOutput(() =>
      exec('no-such-tool-on-path', [], { timeoutMs: 5000, env: { PATH: dir } }),
    );
    expect(execError(notOnPath.error).message).toBe('no-such-tool-on-path could not be started: not found');
  });

  it('fails a run whose stdout exceeds maxStdoutBytes', async () => {
    const { error } = await node('process.stdout.write("x".repeat(1_000_000))', [], {
      maxStdoutBytes: 1000,
      echoStdout: false,
    });
    expect(execError(error).message).toBe(`${path.basename(NODE)} wrote more than 1000 bytes to stdout`);
    const within = await node('process.stdout.write("x".repeat(1000))', [], {
      maxStdoutBytes: 1000,
      echoStdout: false,
    });
    expect(within.result?.stdout).toHaveLength(1000);
  });

  describe('secrets', () => {
    const SECRET = 'ghs_0123456789abcdefSECRET';

    beforeEach(async () => {
      await captureOutput(() => registerSecret(SECRET));
    });

    it.each([
      ['as an argument', [SECRET]],
      ['inside an argument', [`--password=${SECRET}`]],
      ['base64-encoded', [`Authorization: Basic ${Buffer.from(SECRET).toString('base64')}`]],
    ])('refuses to run with a registered secret on the command line (%s)', async (_how, args) => {
      const marker = path.join(dir, 'ran');
      const { error } = await node(`require("fs").writeFileSync(${JSON.stringify(marker)}, "ran")`, args);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(
        `refusing to run ${path.basename(NODE)}: a secret would appear on its command line`,
      );
      expect((error as Error).message).not.toContain(SECRET);
      expect(existsSync(marker)).toBe(false);
    });

    it('redacts a secret the child prints, in the echo and in the error', async () => {
      // Through the environment: on argv it would be refused (above).
      const { error, echoedOut, echoedErr } = await node(
        'const t = process.env.TOKEN; process.stdout.write(`token is ${t}\\n`); process.stderr.write(`auth failed for ${t}\\n`); process.exit(1)',
        [],
        { env: { TOKEN: SECRET } },
      );
      expect(echoedOut).toContain('token is ***');
      expect(echoedErr).toContain('auth failed for ***');
      expect(echoedOut + echoedErr).not.toContain(SECRET);
      const e = execError(error);
      expect(e.stderrTail).toBe('auth failed for ***');
      expect(e.message).not.toContain(SECRET);
      expect(e.message).toContain('auth failed for ***');
    });

    /*
     * A secret split across two reads of the pipe must still be redacted in
     * the echo: exec echoes whole lines only. The child flushes the first
     * half, pauses, then writes the rest, so the parent reads two chunks.
     */
    it('redacts a secret that arrives in two chunks', async () => {
      const script = `const t = process.env.TOKEN;
process.stdout.write(t.slice(0, 12), () => setTimeout(() => process.stdout.write(t.slice(12) + "\\n"), 150));`;
      const { echoedOut, error } = await node(script, [], { env: { TOKEN: SECRET } });
      expect(error).toBeUndefined();
      expect(echoedOut).toContain('***');
      expect(echoedOut).not.toContain(SECRET);
      expect(echoedOut).not.toContain(SECRET.slice(0, 12));
    });
  });

  /*
   * A multi-byte character split across two reads of the pipe stays whole in
   * the error's stderr tail and in the echo: the child flushes the first byte
   * of '€', pauses, then writes the rest.
   */
  it('keeps a multi-byte character split across chunks intact', async () => {
    const script = `process.stderr.write(Buffer.from([0xe2]), () => setTimeout(() => { process.stderr.write(Buffer.from([0x82, 0xac, 0x0a])); process.exitCode = 1; }, 150));`;
    const { error, echoedErr } = await node(script, [], {});
    expect(execError(error).stderrTail).toBe('€');
    expect(echoedErr).toContain('€');
    expect(echoedErr).not.toContain('\uFFFD');
  });
});
