import type { SbomDocument, SbomPackage } from './sbom-model.js';

/*
 * SPDX 2.2 / 2.3 JSON, as Syft and Trivy write it. The document's subject
 * (the package the document DESCRIBES that contains the others, or whose
 * purpose is CONTAINER, SOURCE, FILE or ARCHIVE) is not a package; neither are
 * `files`. Locations come from Syft's `sourceInfo` ("acquired package info
 * from …: /path") and from Trivy's containment (an APPLICATION element whose
 * `sourceInfo` is the lockfile CONTAINS the package).
 */

interface SpdxPackage {
  readonly SPDXID?: unknown;
  readonly name?: unknown;
  readonly versionInfo?: unknown;
  readonly sourceInfo?: unknown;
  readonly licenseDeclared?: unknown;
  readonly licenseConcluded?: unknown;
  readonly primaryPackagePurpose?: unknown;
  readonly externalRefs?: ReadonlyArray<{
    referenceType?: unknown;
    referenceLocator?: unknown;
    referenceCategory?: unknown;
  }>;
}

interface SpdxRelationship {
  readonly spdxElementId?: unknown;
  readonly relatedSpdxElement?: unknown;
  readonly relationshipType?: unknown;
}

export interface SpdxJson {
  readonly spdxVersion?: unknown;
  readonly name?: unknown;
  readonly documentDescribes?: unknown;
  readonly creationInfo?: { readonly creators?: unknown };
  readonly packages?: readonly SpdxPackage[];
  readonly relationships?: readonly SpdxRelationship[];
}

const SUBJECT_PURPOSES = new Set(['CONTAINER', 'SOURCE', 'FILE', 'ARCHIVE']);
const NO_LICENSE = new Set(['NOASSERTION', 'NONE', '']);
const DOCUMENT = 'SPDXRef-DOCUMENT';

export function parseSpdx(doc: SpdxJson): SbomDocument {
  const packages = list(doc.packages);
  const relationships = list(doc.relationships);
  const byId = new Map<string, SpdxPackage>();
  for (const p of packages) if (typeof p.SPDXID === 'string') byId.set(p.SPDXID, p);

  const edges = relationships
    .map((r) => ({ from: str(r.spdxElementId), to: str(r.relatedSpdxElement), type: str(r.relationshipType) ?? '' }))
    .filter((r): r is { from: string; to: string; type: string } => r.from !== undefined && r.to !== undefined);

  const described = new Set<string>(Array.isArray(doc.documentDescribes) ? doc.documentDescribes.filter(isString) : []);
  for (const e of edges) {
    if (e.type === 'DESCRIBES' && e.from === DOCUMENT) described.add(e.to);
    if (e.type === 'DESCRIBED_BY' && e.to === DOCUMENT) described.add(e.from);
  }
  const containsPackages = (id: string): boolean =>
    edges.some((e) => e.from === id && (e.type === 'CONTAINS' || e.type === 'DEPENDS_ON') && byId.has(e.to));
  const subjects = new Set<string>();
  for (const [id, p] of byId) {
    const purpose = str(p.primaryPackagePurpose)?.toUpperCase() ?? '';
    const root = described.has(id) && (containsPackages(id) || id.startsWith('SPDXRef-DocumentRoot'));
    if (root || (described.has(id) && SUBJECT_PURPOSES.has(purpose))) subjects.add(id);
  }

  // Trivy: an APPLICATION element (a lockfile) CONTAINS its packages; its sourceInfo is the file.
  const containerFile = new Map<string, string>();
  for (const e of edges) {
    if (e.type !== 'CONTAINS') continue;
    const parent = byId.get(e.from);
    if (!parent || str(parent.primaryPackagePurpose)?.toUpperCase() !== 'APPLICATION') continue;
    const file = str(parent.sourceInfo);
    if (file && !containerFile.has(e.to)) containerFile.set(e.to, file);
  }

  const dependsOn = new Map<string, string[]>();
  const addDependency = (from: string, to: string): void => {
    const list = dependsOn.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    dependsOn.set(from, list);
  };
  let hasDependencyGraph = false;
  for (const e of edges) {
    if (e.type === 'DEPENDS_ON' && byId.has(e.from) && byId.has(e.to)) addDependency(e.from, e.to);
    else if (e.type === 'DEPENDENCY_OF' && byId.has(e.from) && byId.has(e.to)) addDependency(e.to, e.from);
    else continue;
    if (!subjects.has(e.from) && !subjects.has(e.to)) hasDependencyGraph = true;
  }

  const result: SbomPackage[] = [];
  const isPackageElement = (id: string, p: SpdxPackage): boolean => {
    if (subjects.has(id)) return false;
    // Trivy's lockfile and OS elements group packages; they are packages only when they have a purl.
    const purpose = str(p.primaryPackagePurpose)?.toUpperCase() ?? '';
    return !(['APPLICATION', 'OPERATING-SYSTEM'].includes(purpose) && purlOf(p) === undefined && containsPackages(id));
  };
  for (const [id, p] of byId) {
    if (!isPackageElement(id, p)) continue;
    const purl = purlOf(p);
    const version = str(p.versionInfo);
    const kind = str(p.primaryPackagePurpose)?.toLowerCase();
    const licenses = [p.licenseDeclared, p.licenseConcluded]
      .map(str)
      .filter((l): l is string => l !== undefined && !NO_LICENSE.has(l.toUpperCase()));
    const locations = [...syftLocations(str(p.sourceInfo)), ...(containerFile.has(id) ? [containerFile.get(id)!] : [])];
    result.push({
      id,
      name: str(p.name) ?? id,
      ...(version ? { version } : {}),
      ...(purl ? { purl } : {}),
      ...(kind ? { kind } : {}),
      licenses: licenses.slice(0, 1),
      locations: [...new Set(locations)],
      dependsOn: (dependsOn.get(id) ?? []).filter((d) => !subjects.has(d)),
    });
  }
  const direct = [...subjects].flatMap((s) => dependsOn.get(s) ?? []);
  const creators = Array.isArray(doc.creationInfo?.creators) ? doc.creationInfo.creators.filter(isString) : [];
  const tool = creators
    .find((c) => c.startsWith('Tool:'))
    ?.slice('Tool:'.length)
    .trim();
  const name = str(doc.name);
  return {
    format: 'spdx-json',
    specVersion: str(doc.spdxVersion) ?? 'SPDX',
    ...(name ? { subject: name } : {}),
    ...(tool ? { tool } : {}),
    packages: result,
    ...(direct.length ? { directDependencies: direct } : {}),
    hasDependencyGraph,
  };
}

function purlOf(p: SpdxPackage): string | undefined {
  for (const ref of p.externalRefs ?? []) {
    if (str(ref.referenceType)?.toLowerCase() === 'purl') {
      const locator = str(ref.referenceLocator);
      if (locator) return locator;
    }
  }
  return undefined;
}

/** Syft: `acquired package info from <what>: /a/path, /another/path`; Trivy: `package found in: path`. */
function syftLocations(sourceInfo: string | undefined): string[] {
  if (!sourceInfo) return [];
  const match = /^(?:acquired package info from .*?|package found in): (.+)$/s.exec(sourceInfo.trim());
  if (!match) return [];
  return match[1]!
    .split(', ')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** The array, or an empty one when the document has something else there. */
function list<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}
