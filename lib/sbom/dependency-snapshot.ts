import { parsePackageUrl } from './purl.js';
import type { SbomDocument, SbomPackage } from './sbom-model.js';

/*
 * The snapshot the GitHub dependency submission API takes
 * (POST /repos/{owner}/{repo}/dependency-graph/snapshots): the packages of an
 * SBOM, grouped into one manifest per file they were found in (a lockfile, a
 * package database), each keyed by its package URL. Packages the SBOM gives no
 * location for go into one manifest named after the SBOM's subject. Whether a
 * dependency is direct or indirect is said only when the SBOM has a dependency
 * graph to tell it from.
 */

export interface SnapshotDependency {
  readonly package_url: string;
  readonly relationship?: 'direct' | 'indirect';
  readonly dependencies: readonly string[];
}

export interface SnapshotManifest {
  readonly name: string;
  readonly file?: { readonly source_location: string };
  readonly resolved: Readonly<Record<string, SnapshotDependency>>;
}

export interface DependencySnapshot {
  readonly version: 0;
  readonly job: { readonly correlator: string; readonly id: string; readonly html_url?: string };
  readonly sha: string;
  readonly ref: string;
  readonly detector: { readonly name: string; readonly version: string; readonly url: string };
  readonly scanned: string;
  readonly manifests: Readonly<Record<string, SnapshotManifest>>;
}

export interface SnapshotContext {
  readonly job: DependencySnapshot['job'];
  readonly sha: string;
  readonly ref: string;
  readonly detector: DependencySnapshot['detector'];
  /** ISO 8601 time of the scan. */
  readonly scanned: string;
  /** The manifest for packages without a location (e.g. the image reference). */
  readonly defaultManifest: string;
}

export interface SnapshotBuild {
  readonly snapshot: DependencySnapshot;
  /** Packages left out because their package URL does not parse (GitHub would refuse the snapshot). */
  readonly skipped: readonly string[];
}

export function buildDependencySnapshot(doc: SbomDocument, context: SnapshotContext): SnapshotBuild {
  const skipped: string[] = [];
  const valid = new Map<string, SbomPackage>();
  for (const p of doc.packages) {
    if (!p.purl) continue;
    if (!parsePackageUrl(p.purl)) {
      skipped.push(p.purl);
      continue;
    }
    valid.set(p.id, p);
  }
  const purlOfId = (id: string): string | undefined => valid.get(id)?.purl;
  const dependedOn = new Set<string>();
  for (const p of valid.values()) for (const d of p.dependsOn) if (valid.has(d)) dependedOn.add(d);
  const direct = new Set(doc.directDependencies ?? []);

  const manifests = new Map<string, Map<string, SnapshotDependency>>();
  for (const p of valid.values()) {
    const purl = p.purl!;
    const relationship = !doc.hasDependencyGraph
      ? undefined
      : direct.has(p.id) || !dependedOn.has(p.id)
        ? ('direct' as const)
        : ('indirect' as const);
    const dependencies = [
      ...new Set(p.dependsOn.map(purlOfId).filter((d): d is string => d !== undefined && d !== purl)),
    ].sort();
    const entry: SnapshotDependency = { package_url: purl, ...(relationship ? { relationship } : {}), dependencies };
    const files = p.locations.length ? p.locations.map(manifestName) : [context.defaultManifest];
    for (const file of new Set(files)) {
      const resolved = manifests.get(file) ?? new Map<string, SnapshotDependency>();
      if (!resolved.has(purl)) resolved.set(purl, entry);
      manifests.set(file, resolved);
    }
  }

  const out: Record<string, SnapshotManifest> = {};
  for (const name of [...manifests.keys()].sort()) {
    const isFile = name !== context.defaultManifest;
    out[name] = {
      name,
      ...(isFile ? { file: { source_location: name } } : {}),
      resolved: Object.fromEntries([...manifests.get(name)!].sort(([a], [b]) => a.localeCompare(b))),
    };
  }
  return {
    snapshot: {
      version: 0,
      job: context.job,
      sha: context.sha,
      ref: context.ref,
      detector: context.detector,
      scanned: context.scanned,
      manifests: out,
    },
    skipped,
  };
}

/** A location as a repository-relative manifest path: no leading `/` or `./`. */
function manifestName(location: string): string {
  return location.replace(/^\.?\/+/, '') || location;
}
