import type { SbomDocument, SbomPackage } from './sbom-model.js';

/*
 * CycloneDX JSON (1.4 to 1.7), as Syft and Trivy write it. `metadata.component`
 * is the subject, not a package; components of type `file` are file entries;
 * Trivy's lockfile components (`application` without a purl, whose
 * dependencies are the packages it lists) and operating-system components
 * without a purl only group packages. Components nest. Locations come from
 * Syft's `syft:location:N:path` properties, Trivy's
 * `aquasecurity:trivy:FilePath`, or the lockfile component that depends on
 * the package.
 */

interface Component {
  readonly 'bom-ref'?: unknown;
  readonly type?: unknown;
  readonly name?: unknown;
  readonly version?: unknown;
  readonly purl?: unknown;
  readonly licenses?: ReadonlyArray<{ license?: { id?: unknown; name?: unknown }; expression?: unknown }>;
  readonly properties?: ReadonlyArray<{ name?: unknown; value?: unknown }>;
  readonly components?: readonly Component[];
}

export interface CycloneDxJson {
  readonly bomFormat?: unknown;
  readonly specVersion?: unknown;
  readonly metadata?: {
    readonly component?: Component;
    readonly tools?: unknown;
  };
  readonly components?: readonly Component[];
  readonly dependencies?: ReadonlyArray<{ ref?: unknown; dependsOn?: unknown }>;
}

export function parseCycloneDx(doc: CycloneDxJson): SbomDocument {
  const subjectRef = str(doc.metadata?.component?.['bom-ref']);
  const all: Component[] = [];
  const walk = (components: readonly Component[] | undefined): void => {
    for (const c of list(components)) {
      all.push(c);
      walk(c.components);
    }
  };
  walk(doc.components);

  const graph = new Map<string, string[]>();
  for (const d of list(doc.dependencies)) {
    const ref = str(d.ref);
    if (ref)
      graph.set(ref, Array.isArray(d.dependsOn) ? d.dependsOn.filter((x): x is string => typeof x === 'string') : []);
  }

  const groups = new Set<string>();
  const groupFile = new Map<string, string>();
  for (const c of all) {
    const ref = str(c['bom-ref']);
    const type = str(c.type)?.toLowerCase();
    if (!ref || str(c.purl)) continue;
    if (type === 'application' || type === 'operating-system') {
      groups.add(ref);
      // A lockfile's packages, and (transitively) what they depend on, were found in that file.
      if (type === 'application') {
        const file = str(c.name) ?? ref;
        const queue = [...(graph.get(ref) ?? [])];
        while (queue.length) {
          const next = queue.shift()!;
          if (groupFile.has(next)) continue;
          groupFile.set(next, file);
          queue.push(...(graph.get(next) ?? []));
        }
      }
    }
  }

  const packages: SbomPackage[] = [];
  const seen = new Set<string>();
  for (const [i, c] of all.entries()) {
    const id = str(c['bom-ref']) ?? `component-${i}`;
    const type = str(c.type)?.toLowerCase();
    if (id === subjectRef || type === 'file' || groups.has(id) || seen.has(id)) continue;
    seen.add(id);
    const purl = str(c.purl);
    const version = str(c.version);
    const properties = list(c.properties);
    const locations = properties
      .filter((p) => {
        const name = str(p.name) ?? '';
        return /^syft:location:\d+:path$/.test(name) || name === 'aquasecurity:trivy:FilePath';
      })
      .map((p) => str(p.value))
      .filter((v): v is string => v !== undefined);
    if (!locations.length && groupFile.has(id)) locations.push(groupFile.get(id)!);
    const licenses = list(c.licenses)
      .map((l) => str(l.expression) ?? str(l.license?.id) ?? str(l.license?.name))
      .filter((l): l is string => l !== undefined);
    packages.push({
      id,
      name: str(c.name) ?? id,
      ...(version ? { version } : {}),
      ...(purl ? { purl } : {}),
      ...(type ? { kind: type } : {}),
      licenses,
      locations: [...new Set(locations)],
      dependsOn: (graph.get(id) ?? []).filter((d) => d !== subjectRef),
    });
  }

  const packageIds = new Set(packages.map((p) => p.id));
  const hasDependencyGraph = packages.some((p) => p.dependsOn.some((d) => packageIds.has(d)));
  // Direct dependencies: those of the subject, and those of the lockfiles it holds.
  const direct = [
    ...(subjectRef ? (graph.get(subjectRef) ?? []) : []),
    ...[...groups].flatMap((g) => graph.get(g) ?? []),
  ].filter((d) => packageIds.has(d));
  const subject = str(doc.metadata?.component?.name);
  const tool = toolName(doc.metadata?.tools);
  return {
    format: 'cyclonedx-json',
    specVersion: `CycloneDX ${str(doc.specVersion) ?? ''}`.trim(),
    ...(subject ? { subject } : {}),
    ...(tool ? { tool } : {}),
    packages,
    ...(direct.length ? { directDependencies: [...new Set(direct)] } : {}),
    hasDependencyGraph,
  };
}

/** `metadata.tools`: an array of tools (1.4) or `{ components: [...] }` (1.5+). */
function toolName(tools: unknown): string | undefined {
  const list = Array.isArray(tools)
    ? tools
    : tools && typeof tools === 'object' && Array.isArray((tools as { components?: unknown }).components)
      ? (tools as { components: unknown[] }).components
      : [];
  const first = list[0] as { name?: unknown; version?: unknown } | undefined;
  const name = str(first?.name);
  if (!name) return undefined;
  const version = str(first?.version);
  return version ? `${name} ${version}` : name;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The array, or an empty one when the document has something else there. */
function list<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}
