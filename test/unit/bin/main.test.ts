import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import os from 'node:os';
import path from 'node:path';
import { main, toolCacheDir } from '../../../bin/src/main.js';

describe('toolCacheDir', () => {
  it('is DEVSECOPS_TOOL_CACHE when set, made absolute', () => {
    expect(toolCacheDir({ DEVSECOPS_TOOL_CACHE: '/opt/devsecops-tools', XDG_CACHE_HOME: '/xdg' })).toBe(
      '/opt/devsecops-tools',
    );
    expect(toolCacheDir({ DEVSECOPS_TOOL_CACHE: 'rel/tools/' })).toBe(path.join(process.cwd(), 'rel', 'tools'));
  });

  it("is under XDG_CACHE_HOME, else the user's ~/.cache", () => {
    expect(toolCacheDir({ XDG_CACHE_HOME: '/xdg/cache' })).toBe('/xdg/cache/devsecops-actions/tools');
    expect(toolCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'devsecops-actions', 'tools'));
  });

  it('treats empty variables as unset', () => {
    expect(toolCacheDir({ DEVSECOPS_TOOL_CACHE: '', XDG_CACHE_HOME: '' })).toBe(
      path.join(os.homedir(), '.cache', 'devsecops-actions', 'tools'),
    );
  });

  it('reads the process environment by default', () => {
    const saved = process.env['DEVSECOPS_TOOL_CACHE'];
    process.env['DEVSECOPS_TOOL_CACHE'] = '/from/process/env';
    try {
      expect(toolCacheDir()).toBe('/from/process/env');
    } finally {
      if (saved === undefined) delete process.env['DEVSECOPS_TOOL_CACHE'];
      else process.env['DEVSECOPS_TOOL_CACHE'] = saved;
    }
  });
});

/* main() in this process, for what it decides before any action runs; the command as a process is in test/e2e/cli.test.ts. */
describe('main', () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('answers help, --help, -h and no command with the overview and exit 0', async () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) {
      out = [];
      expect(await main(argv)).toBe(0);
      expect(out.join('\n')).toMatch(/^devsecops: .*\n[\s\S]*\n {2}scan {5}[\s\S]*\n {2}install {2}/);
    }
    expect(err).toEqual([]);
  });

  it('refuses an unknown command with exit 2 and one line naming the commands', async () => {
    expect(await main(['deploy'])).toBe(2);
    expect(err).toEqual(["devsecops: unknown command 'deploy'; commands: scan, sbom, verify, install, help"]);
    expect(out).toEqual([]);
  });

  it('refuses help for an unknown command with exit 2', async () => {
    expect(await main(['help', 'deploy'])).toBe(2);
    expect(err).toEqual(["devsecops help: unknown command 'deploy'"]);
  });

  it('verify leaves out the input it sets (mode) from its help and refuses it', async () => {
    expect(await main(['help', 'verify'])).toBe(0);
    const help = out.join('\n');
    expect(help).toContain('  --trusted-identities\n');
    expect(help).not.toContain('  --mode\n');
    expect(await main(['verify', '--mode', 'sign'])).toBe(2);
    expect(err).toEqual(['devsecops verify: --mode is set by the command and cannot be given']);
  });
});
