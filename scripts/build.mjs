// Bundles every action with ncc in ESM mode: actions/<name>/src/index.ts -> actions/<name>/dist/index.js,
// and the command line: bin/src/index.ts -> bin/dist/index.js.
// Dynamic `await import()`s become separate chunks beside index.js, so start-up only parses what it runs.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { bundles, root } from './lib/bundles.mjs';

// `--out-root DIR` builds each bundle into DIR/<name> instead (used by check-dist).
const args = process.argv.slice(2);
const outRootIndex = args.indexOf('--out-root');
const outRoot = outRootIndex >= 0 ? path.resolve(args[outRootIndex + 1]) : undefined;
const only = args.filter((_, i) => outRootIndex < 0 || (i !== outRootIndex && i !== outRootIndex + 1));
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
for (const { name, entry, dist } of bundles()) {
  if (only.length && !only.includes(name)) continue;
  const out = outRoot ? path.join(outRoot, name) : path.join(root, dist);
  rmSync(out, { recursive: true, force: true });
  const result = spawnSync(
    process.execPath,
    [
      ncc,
      'build',
      entry,
      '-o',
      out,
      '--minify',
      '--no-source-map-register',
      '--quiet',
      '--license',
      'licenses.txt',
      '--target',
      'es2022',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error(`build of ${entry} failed`);
    process.exit(1);
  }
  console.log(`built ${path.relative(root, out) || out}`);
}
