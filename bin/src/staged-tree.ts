import { spawnSync } from 'node:child_process';
import { UsageError } from './usage-error.js';

/** Files that configure a scan: they come along even when unchanged, so the staged tree is scanned under the same policy. */
const CONFIGURATION = ['.github/devsecops.yml', '.trivyignore', '.trivyignore.yaml'];

export interface StagedTree {
  /** The repository's top-level directory. */
  readonly repository: string;
  /** Paths (relative to the repository) added or changed in the index. */
  readonly files: string[];
}

/**
 * Writes what is about to be committed (the index's content of every added,
 * copied, modified or renamed file, not the working tree's) into `dest`, at
 * the same relative paths, so that a scan of `dest` reports the paths the
 * commit has. The scan's configuration files are written too.
 */
export function writeStagedTree(cwd: string, dest: string, extraConfiguration: readonly string[] = []): StagedTree {
  const repository = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  const files = git(repository, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'])
    .split('\0')
    .filter((f) => f !== '');
  if (files.length === 0) return { repository, files };
  const configuration = git(repository, ['ls-files', '-z', '--', ...CONFIGURATION, ...extraConfiguration])
    .split('\0')
    .filter((f) => f !== '');
  const all = [...new Set([...files, ...configuration])];
  // checkout-index writes the index's blobs under the prefix; the list goes on stdin, never on a command line.
  git(
    repository,
    ['checkout-index', '-z', '--stdin', `--prefix=${dest.endsWith('/') ? dest : `${dest}/`}`],
    all.join('\0'),
  );
  return { repository, files };
}

function git(cwd: string, args: string[], input?: string): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...(input !== undefined ? { input } : {}),
  });
  if (result.error) throw new UsageError(`--staged needs git: ${result.error.message}`);
  if (result.status !== 0) {
    const reason = result.stderr.trim().split('\n')[0] ?? '';
    throw new UsageError(`--staged needs a git repository: git ${args[0]} failed: ${reason}`);
  }
  return result.stdout;
}
