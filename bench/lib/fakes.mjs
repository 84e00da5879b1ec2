// The fakes of test/fakes/, compiled to JavaScript at bench time with the
// installed TypeScript (bench/tsconfig.fakes.json, into .tmp/bench-fakes/),
// so that the benchmarks run the very servers the end-to-end tests use.
// The compiled files are removed once imported: `eslint .` would lint them.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../../scripts/lib/local-runner.mjs';

const outDir = path.join(root, '.tmp', 'bench-fakes');
const NAMES = ['oidc-server', 'azure-server', 'arm-server', 'kube-api-server'];
let loading;

async function compileAndImport() {
  try {
    const tsc = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'bench/tsconfig.fakes.json')],
      { cwd: root, encoding: 'utf8' },
    );
    if (tsc.status !== 0) throw new Error(`compiling the fakes failed:\n${tsc.stdout}${tsc.stderr}`);
    const modules = {};
    for (const name of NAMES) modules[name] = await import(pathToFileURL(path.join(outDir, `${name}.js`)).href);
    return modules;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** test/fakes/<name>.ts as compiled JavaScript (all four fakes are compiled and imported once per process). */
export async function importFake(name) {
  loading ??= compileAndImport();
  return (await loading)[name];
}
