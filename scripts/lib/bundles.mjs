// The bundles this project commits: one per action (actions/<name>/dist) and
// the local command line (bin/dist). Shared by build.mjs and check-dist.mjs.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');

/** Each bundle: a unique name, its entry (relative to the root) and its committed dist directory (relative). */
export function bundles() {
  const actions = readdirSync(path.join(root, 'actions'))
    .filter((name) => existsSync(path.join(root, 'actions', name, 'src', 'index.ts')))
    .map((name) => ({
      name,
      entry: path.join('actions', name, 'src', 'index.ts'),
      dist: path.join('actions', name, 'dist'),
    }));
  return [...actions, { name: 'bin', entry: path.join('bin', 'src', 'index.ts'), dist: path.join('bin', 'dist') }];
}
