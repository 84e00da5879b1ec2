import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageStats } from '../../../lib/sbom/package-stats.js';
import { parseSbom } from '../../../lib/sbom/parse-sbom.js';

/*
 * The `packages` count on every real Syft SBOM of ../shared/fixtures/real/syft.
 * Each expected number is derived from the fixture's row in SOURCES.md and
 * checked again here by an independent count over the raw JSON (a different
 * walk: package URLs found anywhere in the document, minus the subject's).
 */

const REAL = path.resolve(import.meta.dirname, '../../../../shared/fixtures/real/syft');
const read = (file: string): string => readFileSync(path.join(REAL, file), 'utf8');

/** Package URLs in an SPDX document, by a plain scan of externalRefs, minus those of the described subject. */
function independentSpdxCount(text: string): number {
  const doc = JSON.parse(text) as {
    packages: Array<{ SPDXID: string; externalRefs?: Array<{ referenceType: string; referenceLocator: string }> }>;
    relationships?: Array<{ spdxElementId: string; relatedSpdxElement: string; relationshipType: string }>;
  };
  const roots = new Set(
    (doc.relationships ?? [])
      .filter((r) => r.spdxElementId === 'SPDXRef-DOCUMENT' && r.relationshipType === 'DESCRIBES')
      .map((r) => r.relatedSpdxElement),
  );
  const purls = new Set<string>();
  for (const p of doc.packages) {
    if (roots.has(p.SPDXID)) continue;
    for (const ref of p.externalRefs ?? []) if (ref.referenceType === 'purl') purls.add(ref.referenceLocator);
  }
  return purls.size;
}

/** Package URLs in a CycloneDX document: every `"purl"` value in `components`, by a regular expression over the text. */
function independentCycloneDxCount(text: string): number {
  const components = JSON.stringify((JSON.parse(text) as { components: unknown }).components);
  return new Set([...components.matchAll(/"purl":"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1])).size;
}

describe('packages counted on every real Syft SBOM', () => {
  it.each([
    // SOURCES.md: SPDX-2.3, packages=3 — two synthetic packages and the image itself (the DESCRIBES root).
    ['spdx-image-snapshot.json', 'spdx-json', 'SPDX-2.3', 2],
    // SOURCES.md: SPDX-2.3, packages=3, relationships=9 — the same three, with file relationships.
    ['spdx-relationships-snapshot.json', 'spdx-json', 'SPDX-2.3', 2],
    // SOURCES.md: SPDX-2.2 of alpine-3.10, packages=3 — busybox, libssl1.1, ssl_client; no root package.
    ['spdx-image-alpine310-real-syft.json', 'spdx-json', 'SPDX-2.2', 3],
    // SOURCES.md: real syft 0.83.0 SPDX-2.3 of a Rust repo, 44 packages from Cargo.lock (large: 75 KB).
    ['spdx-dir-rust-real-syft0.83.json', 'spdx-json', 'SPDX-2.3', 44],
    // SOURCES.md: CycloneDX 1.7, components=3 {library: 2, operating-system: 1} — the OS has no purl.
    ['cyclonedx-image-snapshot.json', 'cyclonedx-json', 'CycloneDX 1.7', 2],
    ['cyclonedx-dir-snapshot.json', 'cyclonedx-json', 'CycloneDX 1.7', 2],
    // SOURCES.md: CycloneDX 1.6 (minified, one line), components=19 {library: 18, file: 1} — the file is no package.
    ['cyclonedx-dir-go-real-syft.json', 'cyclonedx-json', 'CycloneDX 1.6', 18],
  ] as const)('%s: %s %s has %d packages', (file, format, spec, expected) => {
    const text = read(file);
    const doc = parseSbom(text);
    expect(doc.format).toBe(format);
    expect(doc.specVersion).toBe(spec);
    expect(packageStats(doc).packages).toBe(expected);
    const independent = format === 'spdx-json' ? independentSpdxCount(text) : independentCycloneDxCount(text);
    expect(independent).toBe(expected);
  });

  it('counts the same whether a document is minified or pretty-printed', () => {
    for (const file of ['spdx-dir-rust-real-syft0.83.json', 'cyclonedx-dir-go-real-syft.json']) {
      const doc = JSON.parse(read(file)) as unknown;
      const minified = packageStats(parseSbom(JSON.stringify(doc))).packages;
      const pretty = packageStats(parseSbom(JSON.stringify(doc, null, 2))).packages;
      expect(minified).toBe(pretty);
    }
  });

  it('counts a package found in two places once (distinct package URLs)', () => {
    const doc = JSON.parse(read('spdx-image-alpine310-real-syft.json')) as { packages: Array<Record<string, unknown>> };
    doc.packages.push({
      ...doc.packages[0],
      SPDXID: 'SPDXRef-copy',
      sourceInfo: 'acquired package info from APK DB: /other',
    });
    expect(packageStats(parseSbom(JSON.stringify(doc))).packages).toBe(3);
  });

  it('a large document: the Rust SBOM repeated 50 times under new ids still counts its 44 distinct packages', () => {
    const doc = JSON.parse(read('spdx-dir-rust-real-syft0.83.json')) as { packages: Array<Record<string, unknown>> };
    const original = doc.packages;
    doc.packages = Array.from({ length: 50 }, (_, n) =>
      original.map((p) => ({ ...p, SPDXID: `${String(p['SPDXID'])}-${n}` })),
    ).flat();
    const text = JSON.stringify(doc);
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(packageStats(parseSbom(text)).packages).toBe(44);
  });
});

describe('ecosystems, kinds and licences', () => {
  it('groups the alpine SBOM as apk packages with their declared licences', () => {
    const stats = packageStats(parseSbom(read('spdx-image-alpine310-real-syft.json')));
    expect(stats.byEcosystem).toEqual([{ ecosystem: 'apk', kind: '', count: 3 }]);
    expect(stats.byLicense).toEqual([
      { license: 'GPL-2.0', count: 2 },
      { license: 'OpenSSL', count: 1 },
    ]);
  });

  it('groups the Python CycloneDX SBOM as pypi libraries without licences', () => {
    const stats = packageStats(parseSbom(read('cyclonedx-dir-go-real-syft.json')));
    expect(stats.byEcosystem).toEqual([{ ecosystem: 'pypi', kind: 'library', count: 18 }]);
    expect(stats.byLicense).toEqual([{ license: 'unknown', count: 18 }]);
  });

  it('puts a package URL that does not parse under other', () => {
    const stats = packageStats(parseSbom(read('cyclonedx-image-snapshot.json')));
    expect(stats.byEcosystem).toEqual([
      { ecosystem: 'deb', kind: 'library', count: 1 },
      { ecosystem: 'other', kind: 'library', count: 1 },
    ]);
    expect(stats.byLicense).toEqual([
      { license: 'MIT', count: 1 },
      { license: 'unknown', count: 1 },
    ]);
  });
});

describe('locations', () => {
  it('reads Syft SPDX sourceInfo and CycloneDX location properties', () => {
    const rust = parseSbom(read('spdx-dir-rust-real-syft0.83.json'));
    expect(new Set(rust.packages.flatMap((p) => p.locations))).toEqual(new Set(['Cargo.lock']));
    const alpine = parseSbom(read('spdx-image-alpine310-real-syft.json'));
    expect(alpine.packages.every((p) => p.locations.join() === '/lib/apk/db/installed')).toBe(true);
    const py = parseSbom(read('cyclonedx-dir-go-real-syft.json'));
    expect(new Set(py.packages.flatMap((p) => p.locations))).toEqual(new Set(['/requirements.txt']));
  });
});
