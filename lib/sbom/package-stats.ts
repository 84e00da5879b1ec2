import { parsePackageUrl } from './purl.js';
import type { SbomDocument } from './sbom-model.js';

/** What the summary and the `packages` output say about an SBOM. */
export interface PackageStats {
  /** Distinct package URLs: the packages of the document (the subject and file entries are not packages). */
  readonly packages: number;
  /** Packages per ecosystem (the purl type; `other` when the purl does not parse), most first. */
  readonly byEcosystem: ReadonlyArray<{ readonly ecosystem: string; readonly kind: string; readonly count: number }>;
  /** Packages per licence (`unknown` when none is declared), most first. */
  readonly byLicense: ReadonlyArray<{ readonly license: string; readonly count: number }>;
}

/** Counts the distinct packages that have a package URL, by ecosystem and kind, and by licence. */
export function packageStats(doc: SbomDocument): PackageStats {
  const first = new Map<string, (typeof doc.packages)[number]>();
  for (const p of doc.packages) if (p.purl && !first.has(p.purl)) first.set(p.purl, p);
  const ecosystems = new Map<string, number>();
  const licenses = new Map<string, number>();
  for (const [purl, p] of first) {
    const ecosystem = parsePackageUrl(purl)?.type ?? 'other';
    const key = `${ecosystem}\u0000${p.kind ?? ''}`;
    ecosystems.set(key, (ecosystems.get(key) ?? 0) + 1);
    for (const license of p.licenses.length ? p.licenses : ['unknown']) {
      licenses.set(license, (licenses.get(license) ?? 0) + 1);
    }
  }
  return {
    packages: first.size,
    byEcosystem: [...ecosystems]
      .map(([key, count]) => {
        const [ecosystem = '', kind = ''] = key.split('\u0000');
        return { ecosystem, kind, count };
      })
      .sort((a, b) => b.count - a.count || a.ecosystem.localeCompare(b.ecosystem) || a.kind.localeCompare(b.kind)),
    byLicense: [...licenses]
      .map(([license, count]) => ({ license, count }))
      .sort((a, b) => b.count - a.count || a.license.localeCompare(b.license)),
  };
}
