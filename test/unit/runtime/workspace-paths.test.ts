import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../lib/runtime/errors.js';
import {
  getOutputPathInput,
  getWorkspacePathInput,
  isInside,
  resolveWorkspacePath,
  workspaceDir,
} from '../../../lib/runtime/inputs.js';
import { setEnv, withInputs } from '../../harness/capture.js';

let root: string;
let workspace: string;
let outside: string;
let runnerTemp: string;
let restoreEnv: () => void;

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'ws-paths-')));
  workspace = path.join(root, 'workspace');
  outside = path.join(root, 'outside');
  runnerTemp = path.join(root, 'runner-temp');
  await mkdir(path.join(workspace, 'charts'), { recursive: true });
  await mkdir(outside);
  await mkdir(runnerTemp);
  await writeFile(path.join(workspace, 'charts', 'values.yaml'), 'a: 1\n');
  await writeFile(path.join(outside, 'secret.txt'), 'secret\n');
  await symlink(outside, path.join(workspace, 'link-out'));
  await symlink(path.join(outside, 'secret.txt'), path.join(workspace, 'file-link-out'));
  await symlink(path.join(workspace, 'charts'), path.join(workspace, 'link-in'));
  restoreEnv = setEnv({ GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp });
});

afterEach(async () => {
  restoreEnv();
  await rm(root, { recursive: true, force: true });
});

function attempt(fn: () => string | undefined): string | undefined | Error {
  try {
    return fn();
  } catch (error) {
    return error as Error;
  }
}

describe('resolveWorkspacePath', () => {
  it('resolves relative paths against GITHUB_WORKSPACE', () => {
    expect(workspaceDir()).toBe(workspace);
    expect(resolveWorkspacePath('p', 'charts/values.yaml', { mustExist: true })).toBe(
      path.join(workspace, 'charts', 'values.yaml'),
    );
    expect(resolveWorkspacePath('p', 'charts/../charts/new.yaml')).toBe(path.join(workspace, 'charts', 'new.yaml'));
    expect(resolveWorkspacePath('p', '.')).toBe(workspace);
    expect(resolveWorkspacePath('p', path.join(workspace, 'charts'))).toBe(path.join(workspace, 'charts'));
  });

  it('follows a link that stays inside', () => {
    expect(resolveWorkspacePath('p', 'link-in/values.yaml', { mustExist: true })).toBe(
      path.join(workspace, 'charts', 'values.yaml'),
    );
  });

  it.each([['../outside/secret.txt'], ['charts/../../outside'], ['..']])(
    'refuses %j, which escapes with ..',
    (value) => {
      const result = attempt(() => resolveWorkspacePath('policy', value));
      expect(result).toBeInstanceOf(ConfigurationError);
      expect((result as Error).message).toBe(
        `input 'policy' must be a path inside the workspace (${workspace}); got '${value}'`,
      );
    },
  );

  it('refuses an absolute path outside', () => {
    const result = attempt(() => resolveWorkspacePath('policy', '/etc/passwd'));
    expect(result).toBeInstanceOf(ConfigurationError);
    expect((result as Error).message).toContain("got '/etc/passwd'");
  });

  it.each(['link-out', 'link-out/secret.txt', 'file-link-out'])(
    'refuses %j, a symlink that points outside, and says where',
    (value) => {
      const result = attempt(() => resolveWorkspacePath('policy', value));
      expect(result).toBeInstanceOf(ConfigurationError);
      expect((result as Error).message).toMatch(
        new RegExp(`; it links to ${outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    },
  );

  /*
   * lib/runtime/inputs.ts resolveWorkspacePath: when the path does not exist
   * yet, realpathSync fails and the lexical path is returned without resolving
   * its existing parent, so `link-out/new.sarif` (link-out -> a directory
   * outside the workspace) is accepted and a report written there lands
   * outside the workspace. Output paths (sarif-file, json-file) do not exist
   * yet, so this is exactly their case.
   */
  it('refuses a new file below a symlinked directory that points outside ', () => {
    const result = attempt(() => resolveWorkspacePath('sarif-file', 'link-out/new.sarif'));
    expect(result).toBeInstanceOf(ConfigurationError);
  });

  it('with mustExist refuses a missing path', () => {
    const result = attempt(() => resolveWorkspacePath('policy', 'missing.yml', { mustExist: true }));
    expect(result).toBeInstanceOf(ConfigurationError);
    expect((result as Error).message).toBe(
      `input 'policy' must be an existing path inside the workspace (${workspace}); got 'missing.yml'`,
    );
  });

  it('getWorkspacePathInput reads the input and is undefined when not set', () => {
    expect(
      withInputs({ policy: 'charts/values.yaml' }, () => getWorkspacePathInput('policy', { mustExist: true })),
    ).toBe(path.join(workspace, 'charts', 'values.yaml'));
    expect(withInputs({ policy: '' }, () => getWorkspacePathInput('policy'))).toBeUndefined();
  });
});

describe('isInside', () => {
  it.each([
    ['/a/b', '/a/b', true],
    ['/a/b', '/a/b/c', true],
    ['/a/b', '/a/bc', false],
    ['/a/b', '/a', false],
    ['/a/b', '/a/b/../c', false],
  ])('isInside(%j, %j) = %j', (rootDir, candidate, expected) => {
    expect(isInside(rootDir, candidate)).toBe(expected);
  });

  /*
   * lib/runtime/inputs.ts isInside: `relative.startsWith('..')` also matches a
   * file or directory whose name begins with two dots, so `..data/x` inside the
   * workspace is refused as outside. It should test `relative === '..'` or
   * `relative.startsWith('..' + path.sep)`. (It refuses too much, never too little.)
   */
  it('counts a name starting with two dots as inside ', () => {
    expect(isInside('/a/b', '/a/b/..data/x')).toBe(true);
  });
});

describe('getOutputPathInput', () => {
  const output = (value: string | undefined): string | undefined | Error =>
    withInputs({ 'sarif-file': value }, () => attempt(() => getOutputPathInput('sarif-file')));

  it('allows RUNNER_TEMP, outside the workspace', () => {
    expect(output(path.join(runnerTemp, 'reports', 'scan.sarif'))).toBe(path.join(runnerTemp, 'reports', 'scan.sarif'));
  });

  it('allows the workspace', () => {
    expect(output('reports/scan.sarif')).toBe(path.join(workspace, 'reports', 'scan.sarif'));
  });

  it('refuses other places, including ../ out of RUNNER_TEMP', () => {
    for (const value of [path.join(outside, 'x.sarif'), `${runnerTemp}/../outside/x.sarif`, '../x.sarif']) {
      const result = output(value);
      expect(result).toBeInstanceOf(ConfigurationError);
      expect((result as Error).message).toContain("input 'sarif-file' must be a path inside the workspace");
    }
  });

  it('refuses RUNNER_TEMP paths when RUNNER_TEMP is not set', () => {
    const restore = setEnv({ RUNNER_TEMP: undefined });
    try {
      expect(output(path.join(runnerTemp, 'x.sarif'))).toBeInstanceOf(ConfigurationError);
    } finally {
      restore();
    }
  });

  it('is undefined when not set', () => {
    expect(output('')).toBeUndefined();
  });
});
