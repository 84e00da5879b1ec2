import type { SbomDocument, SbomPackage } from './sbom-model.js';

/*
 * Syft's own JSON (`syft-json`): `artifacts` are the packages, with their
 * `locations`; `source` is the subject; `artifactRelationships` of type
 * `dependency-of` say that `parent` is a dependency of `child`.
 */

interface Artifact {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly version?: unknown;
  readonly type?: unknown;
  readonly purl?: unknown;
  readonly licenses?: ReadonlyArray<unknown>;
  readonly locations?: ReadonlyArray<{ path?: unknown }>;
}

export interface SyftJson {
  readonly artifacts?: readonly Artifact[];
  readonly artifactRelationships?: ReadonlyArray<{ parent?: unknown; child?: unknown; type?: unknown }>;
  readonly source?: { readonly name?: unknown; readonly id?: unknown };
  readonly descriptor?: { readonly name?: unknown; readonly version?: unknown };
  readonly schema?: { readonly version?: unknown };
}

export function parseSyftJson(doc: SyftJson): SbomDocument {
  const artifacts = list(doc.artifacts);
  const ids = new Set(artifacts.map((a) => str(a.id)).filter((x): x is string => x !== undefined));
  const dependsOn = new Map<string, string[]>();
  for (const r of list(doc.artifactRelationships)) {
    const parent = str(r.parent);
    const child = str(r.child);
    if (str(r.type) !== 'dependency-of' || !parent || !child || !ids.has(parent) || !ids.has(child)) continue;
    dependsOn.set(child, [...(dependsOn.get(child) ?? []), parent]);
  }
  const packages: SbomPackage[] = artifacts.map((a, i) => {
    const id = str(a.id) ?? `artifact-${i}`;
    const version = str(a.version);
    const purl = str(a.purl);
    const kind = str(a.type);
    const licenses = list(a.licenses)
      .map((l) =>
        typeof l === 'string'
          ? l
          : (str((l as { spdxExpression?: unknown }).spdxExpression) ?? str((l as { value?: unknown }).value)),
      )
      .filter((l): l is string => l !== undefined);
    const locations = list(a.locations)
      .map((l) => str(l.path))
      .filter((p): p is string => p !== undefined);
    return {
      id,
      name: str(a.name) ?? id,
      ...(version ? { version } : {}),
      ...(purl ? { purl } : {}),
      ...(kind ? { kind } : {}),
      licenses: [...new Set(licenses)],
      locations: [...new Set(locations)],
      dependsOn: dependsOn.get(id) ?? [],
    };
  });
  const name = str(doc.descriptor?.name);
  const version = str(doc.descriptor?.version);
  const subject = str(doc.source?.name);
  return {
    format: 'syft-json',
    specVersion: `syft-json ${str(doc.schema?.version) ?? ''}`.trim(),
    ...(subject ? { subject } : {}),
    ...(name ? { tool: version ? `${name} ${version}` : name } : {}),
    packages,
    hasDependencyGraph: dependsOn.size > 0,
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The array, or an empty one when the document has something else there. */
function list<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}
