import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { invalidInput } from '../runtime/errors.js';
import { isInside, resolveWorkspacePath, workspaceDir } from '../runtime/inputs.js';

/*
 * Which manifests an input names: files, directories (every *.yaml and *.yml
 * below them) and globs, all inside the workspace; or, for rendering, the
 * kustomization directories and Helm charts. Every entry must match
 * something: an entry that matches nothing is a mistake, not an empty scan.
 */

export type ManifestRenderer = 'none' | 'kustomize' | 'helm';

const GLOB = /[*?[\]{}]/;
const MANIFEST = /\.ya?ml$/i;
/** Directories never walked when expanding a directory or a glob (VCS data, dependencies, hidden tool state). */
const SKIPPED_DIRS = new Set(['node_modules']);
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * Absolute real paths of the manifest files `entries` name, in the order
 * given (directories and globs expanded in sorted order), each file once.
 */
export function resolveManifestFiles(input: string, entries: readonly string[]): string[] {
  const files: string[] = [];
  const add = (file: string): void => {
    if (!files.includes(file)) files.push(file);
  };
  for (const entry of entries) {
    const matched = GLOB.test(entry) ? globFiles(input, entry) : pathFiles(input, entry);
    if (matched.length === 0) {
      throw invalidInput(
        input,
        entry,
        'manifest files, directories or globs inside the workspace that match at least one *.yaml or *.yml file',
      );
    }
    matched.forEach(add);
  }
  return files;
}

/**
 * The directories (kustomize) or charts (helm: a directory holding Chart.yaml,
 * or a packaged .tgz) that `entries` name, as absolute real paths.
 */
export function resolveRenderSources(
  input: string,
  entries: readonly string[],
  render: Exclude<ManifestRenderer, 'none'>,
): string[] {
  return entries.map((entry) => {
    if (GLOB.test(entry)) throw invalidInput(input, entry, `directories, not globs, with kube-score-render ${render}`);
    const resolved = resolveWorkspacePath(input, entry, { mustExist: true });
    const isDir = statSync(resolved).isDirectory();
    if (render === 'kustomize') {
      if (!isDir || !KUSTOMIZATION_FILES.some((f) => existsSync(path.join(resolved, f)))) {
        throw invalidInput(input, entry, 'directories holding a kustomization.yaml with kube-score-render kustomize');
      }
    } else if (isDir ? !existsSync(path.join(resolved, 'Chart.yaml')) : !/\.tgz$/i.test(resolved)) {
      throw invalidInput(
        input,
        entry,
        'chart directories (holding Chart.yaml) or packaged charts (.tgz) with kube-score-render helm',
      );
    }
    return resolved;
  });
}

function pathFiles(input: string, entry: string): string[] {
  const resolved = resolveWorkspacePath(input, entry, { mustExist: true });
  return statSync(resolved).isDirectory() ? walk(resolved, (rel) => MANIFEST.test(rel)) : [resolved];
}

function globFiles(input: string, entry: string): string[] {
  const scan = picomatch.scan(entry);
  if (scan.negated) throw invalidInput(input, entry, 'manifest files, directories or globs (not negated globs)');
  const base = resolveWorkspacePath(input, scan.base || '.');
  if (!existsSync(base) || !statSync(base).isDirectory()) return [];
  const matches = picomatch(scan.glob);
  return walk(base, (rel) => matches(rel));
}

/** Regular files below dir whose path relative to dir (with `/`) is wanted, sorted; links must stay in the workspace. */
function walk(dir: string, wanted: (relative: string) => boolean): string[] {
  const root = realpathSync(workspaceDir());
  const found: string[] = [];
  const visit = (current: string, relative: string): void => {
    const entries = readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const rel = relative ? `${relative}/${e.name}` : e.name;
      const full = path.join(current, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name)) visit(full, rel);
      } else if ((e.isFile() || e.isSymbolicLink()) && wanted(rel)) {
        const real = realOrUndefined(full);
        if (real && isInside(root, real) && statSync(real).isFile()) found.push(real);
      }
    }
  };
  visit(dir, '');
  return found;
}

function realOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
