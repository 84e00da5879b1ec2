import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDependencySnapshot, type SnapshotContext } from '../../../lib/sbom/dependency-snapshot.js';
import { parseSbom } from '../../../lib/sbom/parse-sbom.js';
import { parsePackageUrl } from '../../../lib/sbom/purl.js';

const REAL = path.resolve(import.meta.dirname, '../../../../shared/fixtures/real/syft');
const read = (file: string): string => readFileSync(path.join(REAL, file), 'utf8');

const context: SnapshotContext = {
  job: { correlator: 'CI_build_sbom-shop-app', id: '42' },
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  ref: 'refs/heads/main',
  detector: { name: 'syft', version: '1.40.1', url: 'https://github.com/anchore/syft' },
  scanned: '2026-01-02T03:04:05.000Z',
  defaultManifest: 'registry.example/shop/app:1.0',
};

/** The shape of Trivy 0.44.1's CycloneDX of a directory with a package-lock.json (trimmed real output). */
const TRIVY_CDX = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  metadata: {
    tools: [{ vendor: 'aquasecurity', name: 'trivy', version: 'dev' }],
    component: { 'bom-ref': 'root', type: 'application', name: '.' },
  },
  components: [
    {
      'bom-ref': 'lock',
      type: 'application',
      name: 'package-lock.json',
      properties: [{ name: 'aquasecurity:trivy:Type', value: 'npm' }],
    },
    { 'bom-ref': 'pkg:npm/debug@4.3.4', type: 'library', name: 'debug', version: '4.3.4', purl: 'pkg:npm/debug@4.3.4' },
    {
      'bom-ref': 'pkg:npm/lodash@4.17.20',
      type: 'library',
      name: 'lodash',
      version: '4.17.20',
      purl: 'pkg:npm/lodash@4.17.20',
    },
    { 'bom-ref': 'pkg:npm/ms@2.1.2', type: 'library', name: 'ms', version: '2.1.2', purl: 'pkg:npm/ms@2.1.2' },
  ],
  dependencies: [
    { ref: 'lock', dependsOn: ['pkg:npm/debug@4.3.4', 'pkg:npm/lodash@4.17.20'] },
    { ref: 'root', dependsOn: ['lock'] },
    { ref: 'pkg:npm/debug@4.3.4', dependsOn: ['pkg:npm/ms@2.1.2'] },
    { ref: 'pkg:npm/lodash@4.17.20', dependsOn: [] },
    { ref: 'pkg:npm/ms@2.1.2', dependsOn: [] },
  ],
};

/** Trivy 0.44.1's SPDX of the same directory (trimmed real output): the lockfile CONTAINS the packages. */
const TRIVY_SPDX = {
  spdxVersion: 'SPDX-2.3',
  name: '.',
  creationInfo: { creators: ['Organization: aquasecurity', 'Tool: trivy-dev'] },
  packages: [
    { name: '.', SPDXID: 'SPDXRef-Filesystem-1', primaryPackagePurpose: 'SOURCE' },
    ...['debug@4.3.4', 'lodash@4.17.20', 'ms@2.1.2'].map((id, i) => ({
      name: id.split('@')[0],
      SPDXID: `SPDXRef-Package-${i}`,
      versionInfo: id.split('@')[1],
      licenseDeclared: 'NONE',
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: `pkg:npm/${id}` },
      ],
      primaryPackagePurpose: 'LIBRARY',
    })),
    {
      name: 'npm',
      SPDXID: 'SPDXRef-Application-1',
      sourceInfo: 'package-lock.json',
      primaryPackagePurpose: 'APPLICATION',
    },
  ],
  relationships: [
    { spdxElementId: 'SPDXRef-DOCUMENT', relatedSpdxElement: 'SPDXRef-Filesystem-1', relationshipType: 'DESCRIBES' },
    {
      spdxElementId: 'SPDXRef-Filesystem-1',
      relatedSpdxElement: 'SPDXRef-Application-1',
      relationshipType: 'CONTAINS',
    },
    ...[0, 1, 2].map((i) => ({
      spdxElementId: 'SPDXRef-Application-1',
      relatedSpdxElement: `SPDXRef-Package-${i}`,
      relationshipType: 'CONTAINS',
    })),
  ],
};

describe('buildDependencySnapshot', () => {
  it('groups Syft packages by the file they were found in, without guessing direct or indirect', () => {
    const { snapshot, skipped } = buildDependencySnapshot(
      parseSbom(read('spdx-image-alpine310-real-syft.json')),
      context,
    );
    expect(skipped).toEqual([]);
    expect(snapshot).toMatchObject({
      version: 0,
      sha: context.sha,
      ref: context.ref,
      job: context.job,
      detector: context.detector,
      scanned: context.scanned,
    });
    expect(Object.keys(snapshot.manifests)).toEqual(['lib/apk/db/installed']);
    const manifest = snapshot.manifests['lib/apk/db/installed']!;
    expect(manifest.file).toEqual({ source_location: 'lib/apk/db/installed' });
    expect(Object.keys(manifest.resolved)).toEqual([
      'pkg:apk/alpine/busybox@1.30.1-r5?arch=x86_64&distro=alpine-3.10.9',
      'pkg:apk/alpine/libssl1.1@1.1.1k-r0?arch=x86_64&distro=alpine-3.10.9',
      'pkg:apk/alpine/ssl_client@1.30.1-r5?arch=x86_64&upstream=busybox&distro=alpine-3.10.9',
    ]);
    for (const entry of Object.values(manifest.resolved)) {
      expect(entry.relationship).toBeUndefined();
      expect(entry.dependencies).toEqual([]);
    }
  });

  it('leaves out package URLs GitHub would refuse, and says which', () => {
    const { snapshot, skipped } = buildDependencySnapshot(parseSbom(read('cyclonedx-image-snapshot.json')), context);
    expect(skipped).toEqual(['a-purl-1']);
    expect(Object.keys(snapshot.manifests)).toEqual(['somefile-2.txt']);
  });

  it('puts packages without a location under the subject', () => {
    const doc = JSON.parse(read('spdx-image-alpine310-real-syft.json')) as { packages: Array<Record<string, unknown>> };
    for (const p of doc.packages) delete p['sourceInfo'];
    const { snapshot } = buildDependencySnapshot(parseSbom(JSON.stringify(doc)), context);
    expect(Object.keys(snapshot.manifests)).toEqual([context.defaultManifest]);
    expect(snapshot.manifests[context.defaultManifest]!.file).toBeUndefined();
  });

  it('tells direct from indirect dependencies from Trivy’s CycloneDX dependency graph', () => {
    const { snapshot } = buildDependencySnapshot(parseSbom(JSON.stringify(TRIVY_CDX)), context);
    expect(snapshot.manifests).toEqual({
      'package-lock.json': {
        name: 'package-lock.json',
        file: { source_location: 'package-lock.json' },
        resolved: {
          'pkg:npm/debug@4.3.4': {
            package_url: 'pkg:npm/debug@4.3.4',
            relationship: 'direct',
            dependencies: ['pkg:npm/ms@2.1.2'],
          },
          'pkg:npm/lodash@4.17.20': { package_url: 'pkg:npm/lodash@4.17.20', relationship: 'direct', dependencies: [] },
          'pkg:npm/ms@2.1.2': { package_url: 'pkg:npm/ms@2.1.2', relationship: 'indirect', dependencies: [] },
        },
      },
    });
  });

  it('reads Trivy’s SPDX: the lockfile element gives the location, and neither it nor the directory is a package', () => {
    const doc = parseSbom(JSON.stringify(TRIVY_SPDX));
    expect(doc.packages.map((p) => p.name)).toEqual(['debug', 'lodash', 'ms']);
    expect(doc.tool).toBe('trivy-dev');
    const { snapshot } = buildDependencySnapshot(doc, context);
    expect(Object.keys(snapshot.manifests)).toEqual(['package-lock.json']);
    expect(Object.keys(snapshot.manifests['package-lock.json']!.resolved)).toHaveLength(3);
  });
});

describe('parsePackageUrl', () => {
  it.each([
    ['pkg:npm/lodash@4.17.20', { type: 'npm', name: 'lodash', version: '4.17.20' }],
    ['pkg:npm/%40babel/core@7.24.0', { type: 'npm', namespace: '@babel', name: 'core', version: '7.24.0' }],
    [
      'pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12',
      { type: 'deb', namespace: 'debian', name: 'openssl', version: '3.0.11-1' },
    ],
    [
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1',
      { type: 'maven', namespace: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.17.1' },
    ],
    [
      'pkg:golang/github.com/gorilla/mux@v1.8.0',
      { type: 'golang', namespace: 'github.com/gorilla', name: 'mux', version: 'v1.8.0' },
    ],
    ['pkg:oci/app@sha256%3Aabc?arch=', { type: 'oci', name: 'app', version: 'sha256:abc' }],
    ['pkg:PyPI/Django', { type: 'pypi', name: 'Django' }],
  ])('%s', (text, expected) => {
    expect(parsePackageUrl(text)).toEqual(expected);
  });

  it.each(['a-purl-1', 'pkg:', 'pkg:npm', 'pkg:npm/', 'npm/lodash@1', 'pkg:1npm/x'])(
    '%s is not a package URL',
    (text) => {
      expect(parsePackageUrl(text)).toBeUndefined();
    },
  );
});
