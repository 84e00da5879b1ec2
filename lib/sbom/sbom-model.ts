/** The SBOM formats the project reads and writes. */
export type SbomFormat = 'spdx-json' | 'cyclonedx-json' | 'syft-json';

/**
 * One package of an SBOM, the same whatever the format. The document's
 * subject (the image, directory or archive scanned) and file entries are not
 * packages and never appear here.
 */
export interface SbomPackage {
  /** The element's id in its document (SPDXID, bom-ref, syft id). */
  readonly id: string;
  readonly name: string;
  readonly version?: string;
  /** The package URL, when the document gives one. */
  readonly purl?: string;
  /** What kind of component it is: CycloneDX `type`, SPDX purpose, or the syft package type (lower-case). */
  readonly kind?: string;
  /** Licence identifiers or expressions, as declared. */
  readonly licenses: readonly string[];
  /** Files the package was found in (a lockfile, a package database), as the generator reports them. */
  readonly locations: readonly string[];
  /** Ids of the packages it depends on. */
  readonly dependsOn: readonly string[];
}

export interface SbomDocument {
  readonly format: SbomFormat;
  /** `SPDX-2.3`, `CycloneDX 1.6`, `syft-json 16.0.x`. */
  readonly specVersion: string;
  /** The name of what the SBOM describes, when it says. */
  readonly subject?: string;
  /** `syft 1.40.1`, `trivy 0.44.1`, when the document names its tool. */
  readonly tool?: string;
  readonly packages: readonly SbomPackage[];
  /** Ids of the packages the subject itself depends on directly (from the document's dependency graph). */
  readonly directDependencies?: readonly string[];
  /** The document carries a dependency graph between packages. */
  readonly hasDependencyGraph: boolean;
}
