import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError, OperationError } from '../../../lib/runtime/errors.js';
import { reportFailure, run } from '../../../lib/runtime/run.js';
import { clearRegisteredSecrets, registerSecret } from '../../../lib/runtime/secrets.js';
import { captureOutput, setEnv } from '../../harness/capture.js';
import { assertNoStackTrace, parseKeyValueFile, parseWorkflowCommands } from '../../harness/file-commands.js';

let dir: string;
let stateFile: string;
let restoreEnv: () => void;
let exitCodeBefore: typeof process.exitCode;

beforeEach(async () => {
  exitCodeBefore = process.exitCode;
  dir = await mkdtemp(path.join(os.tmpdir(), 'run-'));
  stateFile = path.join(dir, 'state');
  await writeFile(stateFile, '');
  restoreEnv = setEnv({ GITHUB_STATE: stateFile, 'STATE_devsecops-post': undefined });
});

afterEach(async () => {
  // run() sets process.exitCode through core.setFailed; the test runner's own exit code must not inherit it.
  process.exitCode = exitCodeBefore;
  restoreEnv();
  clearRegisteredSecrets();
  await rm(dir, { recursive: true, force: true });
});

/** Runs run() and returns what it printed and the exit code it set. */
async function runCaptured(main: () => Promise<void>, post?: () => Promise<void>) {
  process.exitCode = undefined;
  const captured = await captureOutput(() => run(main, post));
  const exitCode = process.exitCode;
  process.exitCode = exitCodeBefore;
  const log = captured.stdout + captured.stderr;
  return { ...captured, log, exitCode, commands: parseWorkflowCommands(log) };
}

describe('run', () => {
  it('runs main; success leaves the exit code alone and prints no error', async () => {
    let ran = false;
    const result = await runCaptured(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(result.error).toBeUndefined();
    expect(result.exitCode).toBeUndefined();
    expect(result.commands.annotations).toEqual([]);
  });

  it('reports a ConfigurationError as one ::error:: line, exit 1, no stack', async () => {
    const result = await runCaptured(async () => {
      throw new ConfigurationError("input 'fail-on' must be one of critical, high; got 'hihg'");
    });
    expect(result.error).toBeUndefined();
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("::error::input 'fail-on' must be one of critical, high; got 'hihg'");
    expect(result.commands.annotations).toEqual([
      { level: 'error', message: "input 'fail-on' must be one of critical, high; got 'hihg'" },
    ]);
    assertNoStackTrace(result.log);
    expect(result.log).not.toContain('ConfigurationError');
  });

  it('reports an OperationError the same way, with a multi-line message escaped', async () => {
    const result = await runCaptured(async () => {
      throw new OperationError('trivy exited with code 2; last lines of stderr:\nFATAL 100% bad');
    });
    expect(result.exitCode).toBe(1);
    expect(result.commands.annotations).toEqual([
      { level: 'error', message: 'trivy exited with code 2; last lines of stderr:\nFATAL 100% bad' },
    ]);
    assertNoStackTrace(result.log);
  });

  it('keeps the stack of a bug in the log and fails the step', async () => {
    const result = await runCaptured(async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    expect(result.exitCode).toBe(1);
    expect(result.commands.annotations).toEqual([
      { level: 'error', message: 'unexpected error: cannot read properties of undefined' },
    ]);
    expect(() => assertNoStackTrace(result.log)).toThrow(/run\.test\.ts/);
  });

  it('reports a thrown non-Error', async () => {
    const result = await runCaptured(() => Promise.reject('plain string'));
    expect(result.exitCode).toBe(1);
    expect(result.commands.annotations).toEqual([{ level: 'error', message: 'unexpected error: plain string' }]);
  });

  it('redacts registered secrets from the error and from the stack', async () => {
    await captureOutput(() => registerSecret('tok-0123456789abcdef'));
    const config = await runCaptured(async () => {
      throw new ConfigurationError('login failed for tok-0123456789abcdef');
    });
    expect(config.commands.annotations[0]?.message).toBe('login failed for ***');
    const bug = await runCaptured(async () => {
      throw new Error('bug with tok-0123456789abcdef');
    });
    expect(bug.log).not.toContain('tok-0123456789abcdef');
    expect(bug.commands.annotations[0]?.message).toBe('unexpected error: bug with ***');
  });

  it('saves the post marker in GITHUB_STATE when the action has a post step', async () => {
    let mainRan = false;
    let postRan = false;
    await runCaptured(
      async () => {
        mainRan = true;
      },
      async () => {
        postRan = true;
      },
    );
    expect([mainRan, postRan]).toEqual([true, false]);
    expect(parseKeyValueFile(await readFile(stateFile, 'utf8'), 'GITHUB_STATE')).toEqual({ 'devsecops-post': 'true' });
  });

  it('saves no state for an action without a post step', async () => {
    await runCaptured(async () => undefined);
    expect(await readFile(stateFile, 'utf8')).toBe('');
  });

  it('runs post, not main, when the runner passes the saved state', async () => {
    const restore = setEnv({ 'STATE_devsecops-post': 'true' });
    try {
      let mainRan = false;
      let postRan = false;
      const result = await runCaptured(
        async () => {
          mainRan = true;
        },
        async () => {
          postRan = true;
          throw new OperationError('cleanup failed');
        },
      );
      expect([mainRan, postRan]).toEqual([false, true]);
      expect(result.exitCode).toBe(1);
      expect(result.commands.annotations).toEqual([{ level: 'error', message: 'cleanup failed' }]);
    } finally {
      restore();
    }
  });
});

describe('reportFailure', () => {
  it('sets exit code 1 for every kind of failure', async () => {
    for (const error of [new ConfigurationError('c'), new OperationError('o'), new Error('e')]) {
      process.exitCode = undefined;
      const { stdout } = await captureOutput(() => reportFailure(error));
      expect(process.exitCode).toBe(1);
      expect(stdout).toMatch(/::error::/);
    }
  });
});
