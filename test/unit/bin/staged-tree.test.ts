import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeStagedTree } from '../../../bin/src/staged-tree.js';
import { UsageError } from '../../../bin/src/usage-error.js';

/*
 * writeStagedTree against real git repositories in temp dirs. The repositories
 * get no configuration from this machine (no global or system git config) and
 * the test process's own GIT_* variables are not passed on.
 */

let scratch: string;
let home: string;

beforeAll(() => {
  scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'staged-tree-')));
  home = path.join(scratch, 'home');
  mkdirSync(home);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Sets the environment git sees during fn (writeStagedTree runs git with the process environment). */
function withGitEnv<T>(fn: () => T): T {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('GIT_')) delete process.env[name];
  Object.assign(process.env, { HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' });
  try {
    return fn();
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

function git(repo: string, ...args: string[]): string {
  const result = withGitEnv(() => spawnSync('git', args, { cwd: repo, encoding: 'utf8' }));
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function write(repo: string, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), content);
}

function newRepo(): string {
  const repo = mkdtempSync(path.join(scratch, 'repo-'));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Test');
  git(repo, 'config', 'user.email', 'test@example.com');
  git(repo, 'config', 'commit.gpgsign', 'false');
  return repo;
}

function commitAll(repo: string, message = 'commit'): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
}

/** Every file under dir, relative, sorted. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    )
    .sort();
}

function staged(cwd: string, extra: string[] = []): { repository: string; files: string[]; dest: string } {
  const dest = mkdtempSync(path.join(scratch, 'dest-'));
  const tree = withGitEnv(() => writeStagedTree(cwd, dest, extra));
  return { ...tree, dest };
}

describe('writeStagedTree', () => {
  it('writes the staged content, not the working tree’s, of added and modified files only', () => {
    const repo = newRepo();
    write(repo, 'unchanged.txt', 'committed\n');
    write(repo, 'src/app.js', 'v1\n');
    commitAll(repo);
    write(repo, 'src/app.js', 'v2 staged\n');
    write(repo, 'src/new.js', 'new staged\n');
    git(repo, 'add', 'src/app.js', 'src/new.js');
    write(repo, 'src/app.js', 'v3 working tree only\n');
    write(repo, 'src/new.js', 'working tree only\n');
    write(repo, 'untracked.txt', 'never added\n');
    write(repo, 'unchanged.txt', 'changed but not staged\n');

    const tree = staged(repo);
    expect(tree.repository).toBe(repo);
    expect(tree.files.sort()).toEqual(['src/app.js', 'src/new.js']);
    expect(filesUnder(tree.dest)).toEqual(['src/app.js', 'src/new.js']);
    expect(readFileSync(path.join(tree.dest, 'src/app.js'), 'utf8')).toBe('v2 staged\n');
    expect(readFileSync(path.join(tree.dest, 'src/new.js'), 'utf8')).toBe('new staged\n');
  });

  it('leaves out deleted files and writes renamed ones under their new name', () => {
    const repo = newRepo();
    write(repo, 'gone.txt', 'to delete\n');
    write(repo, 'old-name.txt', 'a file that moves, long enough to be seen as a rename\n');
    write(repo, 'keep.txt', 'kept\n');
    commitAll(repo);
    git(repo, 'rm', '-q', 'gone.txt');
    git(repo, 'mv', 'old-name.txt', 'new-name.txt');

    const tree = staged(repo);
    expect(tree.files).toEqual(['new-name.txt']);
    expect(filesUnder(tree.dest)).toEqual(['new-name.txt']);
  });

  it('brings the policy and ignore files along even when unchanged, without listing them as staged', () => {
    const repo = newRepo();
    write(repo, '.github/devsecops.yml', 'fail-on: critical\n');
    write(repo, '.trivyignore', 'CVE-2020-0001\n');
    write(repo, '.trivyignore.yaml', 'vulnerabilities: []\n');
    write(repo, 'policies/strict.yml', 'fail-on: low\n');
    write(repo, 'other.txt', 'unchanged\n');
    write(repo, 'app.txt', 'v1\n');
    commitAll(repo);
    write(repo, 'app.txt', 'v2\n');
    write(repo, '.github/devsecops.yml', 'fail-on: none # not staged\n');
    git(repo, 'add', 'app.txt');

    const tree = staged(repo, ['policies/strict.yml', 'policies/missing.yml']);
    expect(tree.files).toEqual(['app.txt']);
    expect(filesUnder(tree.dest)).toEqual([
      '.github/devsecops.yml',
      '.trivyignore',
      '.trivyignore.yaml',
      'app.txt',
      'policies/strict.yml',
    ]);
    // The policy as it is in the index, as the commit will have it.
    expect(readFileSync(path.join(tree.dest, '.github/devsecops.yml'), 'utf8')).toBe('fail-on: critical\n');
  });

  it('keeps file names with spaces, quotes, newlines and non-ASCII characters exact', () => {
    const repo = newRepo();
    write(repo, 'seed.txt', 'seed\n');
    commitAll(repo);
    const names = ['dir with space/naïve ✓.txt', 'quote"and\'apostrophe.txt', 'new\nline.txt', '-leading-dash.txt'];
    for (const name of names) write(repo, name, `content of ${name}\n`);
    git(repo, 'add', '--', ...names);

    const tree = staged(repo);
    expect(tree.files.sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(readFileSync(path.join(tree.dest, name), 'utf8')).toBe(`content of ${name}\n`);
    }
  });

  it('returns no files and writes nothing when nothing is staged, not even the policy', () => {
    const repo = newRepo();
    write(repo, '.github/devsecops.yml', 'fail-on: high\n');
    commitAll(repo);
    write(repo, 'changed-not-staged.txt', 'x\n');

    const tree = staged(repo);
    expect(tree.files).toEqual([]);
    expect(filesUnder(tree.dest)).toEqual([]);
  });

  it('works before the first commit', () => {
    const repo = newRepo();
    write(repo, 'first.txt', 'first\n');
    git(repo, 'add', 'first.txt');
    expect(staged(repo).files).toEqual(['first.txt']);
  });

  it('from a subdirectory, writes the whole repository’s staged files at repository-relative paths', () => {
    const repo = newRepo();
    write(repo, 'a/b/deep.txt', 'deep\n');
    write(repo, 'top.txt', 'top\n');
    git(repo, 'add', '-A');

    const tree = staged(path.join(repo, 'a', 'b'));
    expect(tree.repository).toBe(repo);
    expect(tree.files.sort()).toEqual(['a/b/deep.txt', 'top.txt']);
    expect(filesUnder(tree.dest)).toEqual(['a/b/deep.txt', 'top.txt']);
  });

  it('refuses, as a usage error, a directory outside any git repository', () => {
    const plain = mkdtempSync(path.join(scratch, 'plain-'));
    const dest = mkdtempSync(path.join(scratch, 'dest-'));
    let thrown: unknown;
    try {
      withGitEnv(() => {
        process.env['GIT_CEILING_DIRECTORIES'] = scratch;
        writeStagedTree(plain, dest);
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toMatch(
      /^--staged needs a git repository: git rev-parse failed: fatal: not a git repository/,
    );
  });
});
