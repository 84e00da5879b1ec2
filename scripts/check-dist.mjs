// Rebuilds every bundle into a temporary directory and compares it with the
// committed one (actions/<name>/dist, bin/dist). Any difference fails: the committed bundle is
// what the runner executes, so it must be exactly what the sources build.
// With `--write-expected DIR` the fresh bundles are copied there (CI uploads them).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { bundles, root } from './lib/bundles.mjs';

const expectedIndex = process.argv.indexOf('--write-expected');
const fresh = mkdtempSync(path.join(os.tmpdir(), 'check-dist-'));
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--out-root', fresh], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(1);

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listFiles(full).map((f) => path.join(entry, f)));
    else out.push(entry);
  }
  return out.sort();
}

const problems = [];
for (const { name, dist } of bundles()) {
  const committed = path.join(root, dist);
  const built = path.join(fresh, name);
  const files = new Set([...listFiles(committed), ...listFiles(built)]);
  for (const file of files) {
    const a = path.join(committed, file);
    const b = path.join(built, file);
    if (!existsSync(a)) problems.push(`${dist}/${file} is missing from the committed dist`);
    else if (!existsSync(b)) problems.push(`${dist}/${file} is committed but no longer built`);
    else if (!readFileSync(a).equals(readFileSync(b))) problems.push(`${dist}/${file} differs from a fresh build`);
  }
}
if (expectedIndex >= 0 && problems.length) {
  const target = path.resolve(process.argv[expectedIndex + 1]);
  cpSync(fresh, target, { recursive: true });
  console.log(`fresh bundles copied to ${target}`);
}
rmSync(fresh, { recursive: true, force: true });
if (problems.length) {
  for (const p of problems) console.error(`check-dist: ${p}`);
  console.error('check-dist: run `npm run build` and commit actions/*/dist and bin/dist');
  process.exit(1);
}
console.log('check-dist: every committed dist matches a fresh build');
