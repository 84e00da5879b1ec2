#!/usr/bin/env node
/**
 * Refreshes the pinned sha256 values in lib/tools/manifest.ts from each tool's
 * own published checksums (needs internet; no dependencies, global fetch).
 *
 *   npm run update-tools                      # re-check every tool at its pinned version
 *   npm run update-tools -- trivy=0.69.3      # move one tool to another version
 *   npm run update-tools -- --dry-run helm=4.1.3 kubectl=1.35.3
 *
 * Options:
 *   <tool>=<version>  version to pin (default: the version pinned in manifest.ts now)
 *   --only            update only the tools named as <tool>=<version>
 *   --dry-run         print what would change, write nothing
 *   --force           accept a hash that changed for a version that stays the same
 *                     (normally a refusal: a published release's checksum must never change)
 *
 * Only the platforms already pinned in `assets` are refreshed: a platform is left
 * out on purpose when its hash has no independent second source, and adding one
 * back is a manual, reviewed edit.
 *
 * Moving a tool to another version also replaces its `provenance.confirmedBy`
 * with a TODO (which fails the unit tests) and marks each pin's comment as
 * unconfirmed: the project rule is that every pinned hash is confirmed by a
 * second, independent public source, and this script only reads the first one.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MANIFEST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'tools', 'manifest.ts');

const GO = {
  'linux-x64': { os: 'linux', arch: 'amd64' },
  'linux-arm64': { os: 'linux', arch: 'arm64' },
  'darwin-x64': { os: 'darwin', arch: 'amd64' },
  'darwin-arm64': { os: 'darwin', arch: 'arm64' },
  'win32-x64': { os: 'windows', arch: 'amd64' },
};

/** Releases that must never be pinned (keep in step with lib/tools/compromised.ts). */
const COMPROMISED = { trivy: ['0.69.4', '0.69.5', '0.69.6'] };

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** A GoReleaser-style release: one checksums file listing every asset. */
function checksumsFile(repo, name) {
  const url = (version) => `https://github.com/${repo}/releases/download/v${version}/${name(version)}`;
  return {
    published: url,
    async sha256(version, _platform, file) {
      const table = parseChecksums(await fetchText(url(version)));
      const hash = table.get(file);
      if (!hash) throw new Error(`${file} is not listed in ${url(version)}`);
      return hash;
    },
  };
}

/** How each tool publishes the sha256 of its assets. */
const SOURCES = {
  syft: checksumsFile('anchore/syft', (v) => `syft_${v}_checksums.txt`),
  trivy: checksumsFile('aquasecurity/trivy', (v) => `trivy_${v}_checksums.txt`),
  notation: checksumsFile('notaryproject/notation', (v) => `notation_${v}_checksums.txt`),
  'notation-azure-kv': checksumsFile('Azure/notation-azure-kv', (v) => `notation-azure-kv_${v}_checksums.txt`),
  'kube-score': checksumsFile('zegl/kube-score', () => 'checksums.txt'),
  kubectl: {
    // One .sha256 file beside each binary, holding only the hash.
    published: (v) => `https://dl.k8s.io/release/v${v}/bin/linux/amd64/kubectl.sha256`,
    async sha256(version, platform, file) {
      const { os, arch } = GO[platform];
      return singleHash(await fetchText(`https://dl.k8s.io/release/v${version}/bin/${os}/${arch}/${file}.sha256`));
    },
  },
  helm: {
    // One <file>.sha256sum beside each archive ("<hash>  <file>"); the release notes list them all.
    published: (v) => `https://github.com/helm/helm/releases/tag/v${v}`,
    async sha256(_version, _platform, file) {
      return singleHash(await fetchText(`https://get.helm.sh/${file}.sha256sum`), file);
    },
  },
};

const textCache = new Map();

async function fetchText(url) {
  if (!url.startsWith('https://')) throw new Error(`refusing non-https URL ${url}`);
  if (!textCache.has(url)) {
    textCache.set(
      url,
      (async () => {
        const response = await fetch(url, { redirect: 'follow', signal: globalThis.AbortSignal.timeout(60_000) });
        if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${response.statusText}`);
        if (!response.url.startsWith('https://')) throw new Error(`GET ${url} was redirected to ${response.url}`);
        return response.text();
      })(),
    );
  }
  return textCache.get(url);
}

/** `<sha256>  <file>` lines (sha256sum format, optional `*` for binary mode). */
function parseChecksums(text) {
  const table = new Map();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(\S+)\s*$/.exec(line.trim());
    if (match) table.set(path.posix.basename(match[2]), match[1].toLowerCase());
  }
  return table;
}

/** A file holding one hash, optionally followed by the file name it is for. */
function singleHash(text, file) {
  const match = /^\s*([0-9a-fA-F]{64})(?:\s+\*?(\S+))?\s*$/.exec(text);
  if (!match) throw new Error(`unexpected checksum file content: ${JSON.stringify(text.slice(0, 200))}`);
  if (file && match[2] && path.posix.basename(match[2]) !== file) {
    throw new Error(`checksum file names ${match[2]}, expected ${file}`);
  }
  return match[1].toLowerCase();
}

function parseArgs(argv) {
  const options = { dryRun: false, force: false, only: false, versions: new Map() };
  for (const arg of argv) {
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--force') options.force = true;
    else if (arg === '--only') options.only = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/update-tools.mjs [--dry-run] [--force] [--only] [<tool>=<version> ...]');
      process.exit(0);
    } else {
      const match = /^([a-z0-9-]+)=v?(.+)$/.exec(arg);
      if (!match) throw new Error(`unrecognised argument '${arg}' (expected <tool>=<version>)`);
      const [, tool, version] = match;
      if (!(tool in SOURCES)) throw new Error(`unknown tool '${tool}'; known: ${Object.keys(SOURCES).join(', ')}`);
      if (!EXACT_VERSION.test(version)) throw new Error(`'${arg}': the version must be exact, like 1.2.3`);
      refuseCompromised(tool, version);
      options.versions.set(tool, version);
    }
  }
  return options;
}

function refuseCompromised(tool, version) {
  if (COMPROMISED[tool]?.includes(version)) {
    throw new Error(`${tool} ${version} is a known compromised release and must never be pinned`);
  }
}

/** The `  <tool>: { ... },` blocks of TOOL_MANIFEST, with their offsets in the file. */
function toolBlocks(source) {
  const start = source.indexOf('export const TOOL_MANIFEST');
  if (start < 0) throw new Error(`TOOL_MANIFEST not found in ${MANIFEST}`);
  const blocks = [];
  const header = /^ {2}(?:'([a-z0-9-]+)'|([a-z0-9]+)): \{$/gm;
  header.lastIndex = start;
  for (let match = header.exec(source); match; match = header.exec(source)) {
    const end = /^ {2}\},?$/m.exec(source.slice(match.index));
    if (!end) throw new Error(`unterminated block for ${match[1] ?? match[2]}`);
    const stop = match.index + end.index + end[0].length;
    blocks.push({ tool: match[1] ?? match[2], start: match.index, end: stop, text: source.slice(match.index, stop) });
    header.lastIndex = stop;
  }
  return blocks;
}

function readBlock(block) {
  const version = /^ {4}version: '([^']+)',$/m.exec(block.text)?.[1];
  if (!version) throw new Error(`${block.tool}: no version line`);
  const assetsStart = /^ {4}assets: \{$/m.exec(block.text);
  const entries = [];
  if (assetsStart) {
    const rest = block.text.slice(assetsStart.index);
    const close = /^ {4}\},$/m.exec(rest);
    if (!close) throw new Error(`${block.tool}: unterminated assets block`);
    const assets = rest.slice(0, close.index);
    const entry = /^ {6}'([a-z0-9-]+)': \{\n((?: {8}.*\n)*?) {6}\},$/gm;
    for (let m = entry.exec(assets); m; m = entry.exec(assets)) {
      const [, platform, body] = m;
      if (!(platform in GO)) throw new Error(`${block.tool}: unknown platform '${platform}'`);
      const file = /^ {8}file: '([^']+)',$/m.exec(body)?.[1];
      const sha256 = /^ {8}sha256: '([0-9a-f]{64})',$/m.exec(body)?.[1];
      if (!file || !sha256) throw new Error(`${block.tool} ${platform}: entry without file or sha256`);
      entries.push({ platform, file, sha256, body, offset: assetsStart.index + m.index + m[0].indexOf(body) });
    }
  } else if (!/^ {4}assets: \{\},$/m.test(block.text)) {
    throw new Error(`${block.tool}: no assets block`);
  }
  return { version, entries };
}

const quote = (s) => `'${s}'`;

async function updateBlock(block, newVersion, options, changes) {
  const { version: oldVersion, entries } = readBlock(block);
  refuseCompromised(block.tool, newVersion);
  const source = SOURCES[block.tool];
  if (!source) throw new Error(`no checksum source known for ${block.tool}`);
  const moved = newVersion !== oldVersion;
  const today = new Date().toISOString().slice(0, 10);
  const note = (what, from, to) => changes.push({ tool: block.tool, what, from, to });

  // Fetch first, rewrite afterwards: nothing is written unless every hash was found.
  const results = [];
  for (const entry of entries) {
    const file = moved ? entry.file.split(oldVersion).join(newVersion) : entry.file;
    const sha256 = await source.sha256(newVersion, entry.platform, file);
    if (!SHA256.test(sha256)) throw new Error(`${block.tool} ${entry.platform}: bad sha256 '${sha256}'`);
    if (!moved && sha256 !== entry.sha256 && !options.force) {
      throw new Error(
        `${block.tool} ${newVersion} ${entry.platform}: the published sha256 of ${file} changed from ${entry.sha256} ` +
          `to ${sha256}. A release's checksum must never change; investigate before pinning it (--force to accept).`,
      );
    }
    results.push({ entry, file, sha256 });
  }

  if (moved) note('version', oldVersion, newVersion);
  const bodies = results.map(({ entry, file, sha256 }) => {
    let body = entry.body;
    if (file !== entry.file) {
      body = body.replace(`file: ${quote(entry.file)},`, `file: ${quote(file)},`);
      note(`${entry.platform} file`, entry.file, file);
    }
    if (sha256 !== entry.sha256) {
      body = body.replace(`sha256: ${quote(entry.sha256)},`, `sha256: ${quote(sha256)},`);
      note(`${entry.platform} sha256`, entry.sha256, sha256);
    }
    if (moved) {
      const comment = `        // ${source.published(newVersion)} (update-tools ${today}); second source: NOT YET CONFIRMED\n`;
      body = comment + body.replace(/^ {8}\/\/.*\n/gm, '');
    }
    return { entry, body };
  });

  // Rewrite the asset entries from the last to the first so earlier offsets stay valid.
  let text = block.text;
  for (const { entry, body } of bodies.reverse()) {
    text = text.slice(0, entry.offset) + body + text.slice(entry.offset + entry.body.length);
  }

  if (moved) {
    text = text.replace(/^( {4}version: )'[^']+',$/m, `$1${quote(newVersion)},`);
    text = text.replace(/(published:\s*)'([^']*)'/, (_m, lead, old) => {
      note('provenance.published', old, source.published(newVersion));
      return `${lead}${quote(source.published(newVersion))}`;
    });
    text = text.replace(/(confirmedBy:\s*)'([^']*)'/, (_m, lead, old) => {
      const todo = `TODO: confirm the ${block.tool} ${newVersion} hashes with an independent public source, then put its https URL here`;
      note('provenance.confirmedBy', old, todo);
      return `${lead}${quote(todo)}`;
    });
  }

  const unpinned = Object.keys(GO).filter((p) => !entries.some((e) => e.platform === p));
  return { text, oldVersion, unpinned, moved };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const source = await readFile(MANIFEST, 'utf8');
  const blocks = toolBlocks(source);
  const known = new Set(blocks.map((b) => b.tool));
  for (const tool of options.versions.keys()) {
    if (!known.has(tool)) throw new Error(`${tool} is not in ${MANIFEST}`);
  }

  for (const block of blocks) {
    const current = readBlock(block).version;
    if (!options.versions.has(block.tool)) refuseCompromised(block.tool, current);
  }

  const changes = [];
  const reminders = [];
  const edits = [];
  for (const block of blocks) {
    if (options.only && !options.versions.has(block.tool)) continue;
    const current = readBlock(block).version;
    const version = options.versions.get(block.tool) ?? current;
    process.stdout.write(`checking ${block.tool} ${version} ... `);
    const result = await updateBlock(block, version, options, changes);
    console.log(result.moved ? `moving from ${result.oldVersion}` : 'ok');
    if (result.unpinned.length > 0) {
      reminders.push(`${block.tool}: not pinned (no second source): ${result.unpinned.join(', ')}`);
    }
    if (result.moved) {
      reminders.push(
        `${block.tool}: moved ${result.oldVersion} -> ${version}; confirm every new hash with an independent source, ` +
          `set provenance.confirmedBy and the per-pin comments, and review comments that name ${result.oldVersion}`,
      );
    }
    edits.push({ block, text: result.text });
  }
  // From the last block to the first so the offsets of earlier blocks stay valid.
  let output = source;
  for (const { block, text } of edits.reverse()) {
    output = output.slice(0, block.start) + text + output.slice(block.end);
  }

  console.log('');
  if (changes.length === 0) {
    console.log(
      `${path.relative(process.cwd(), MANIFEST)}: no change, every pinned sha256 matches its published value`,
    );
  } else {
    console.log(`--- a/${path.relative(process.cwd(), MANIFEST)}`);
    console.log(`+++ b/${path.relative(process.cwd(), MANIFEST)}`);
    for (const change of changes) {
      console.log(`@@ ${change.tool}: ${change.what}`);
      console.log(`- ${change.from}`);
      console.log(`+ ${change.to}`);
    }
  }
  for (const reminder of reminders) console.log(`note: ${reminder}`);

  if (changes.length > 0 && !options.dryRun) {
    const temp = `${MANIFEST}.tmp-${process.pid}`;
    await writeFile(temp, output, 'utf8');
    await rename(temp, MANIFEST);
    console.log(`\nwrote ${path.relative(process.cwd(), MANIFEST)}; run \`npm run format\` and \`npm test\``);
  } else if (options.dryRun && changes.length > 0) {
    console.log('\n--dry-run: nothing written');
  }
}

main().catch((error) => {
  console.error(`update-tools: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
