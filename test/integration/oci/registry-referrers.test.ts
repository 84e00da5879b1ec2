import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { referrersTag, sha256Digest } from '../../../lib/oci/digest.js';
import { OCI_EMPTY, OCI_INDEX, OCI_MANIFEST } from '../../../lib/oci/media-types.js';
import { attachArtifact, listReferrers } from '../../../lib/oci/referrers.js';
import { RegistryClient } from '../../../lib/oci/registry-client.js';
import { buildImage, inspectRawManifest, pushImage } from '../../fakes/oci-image.js';
import { startRegistry, type Registry } from '../../fakes/oci-registry.js';

/*
 * The registry client against a real registry: Debian's docker-registry
 * (distribution 2.8) on 127.0.0.1, over plain HTTP. It has no referrers API,
 * so attached artifacts are found through the referrers tag schema.
 */

let registry: Registry;
let scratch: string;
let imageDigest: string;
const REPO = 'team/app';

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'oci-client-'));
  registry = await startRegistry();
  const image = await buildImage({
    files: { 'app/hello.txt': 'hello\n' },
    tag: '1.0',
    dir: path.join(scratch, 'layout'),
  });
  imageDigest = await pushImage(image.layoutDir, '1.0', registry.host, REPO);
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('RegistryClient against docker-registry 2.8', () => {
  it('resolves a tag to the digest skopeo pushed, with the media type and size of the manifest', async () => {
    const client = new RegistryClient(registry.host);
    const raw = await inspectRawManifest(registry.host, REPO, '1.0');
    const resolved = await client.resolve(REPO, '1.0');
    expect(resolved.digest).toBe(imageDigest);
    expect(resolved.digest).toBe(raw.digest);
    expect(resolved.size).toBe(raw.manifest.length);
    expect(resolved.mediaType).toBe(OCI_MANIFEST);
    expect(await client.resolve(REPO, imageDigest)).toEqual(resolved);
  });

  it('says a missing tag is not found, and that the registry has no referrers API', async () => {
    const client = new RegistryClient(registry.host);
    await expect(client.resolve(REPO, 'nope')).rejects.toThrow(`${registry.host}/${REPO}:nope was not found`);
    expect(await client.referrers(REPO, imageDigest)).toBeUndefined();
  });

  it('attaches two artifacts through the referrers tag schema; both are listed, the index is valid', async () => {
    const client = new RegistryClient(registry.host);
    const subject = await client.resolve(REPO, imageDigest);
    const spdx = Buffer.from(JSON.stringify({ spdxVersion: 'SPDX-2.3', packages: [] }));
    const cdx = Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6' }));
    const first = await attachArtifact(client, {
      repository: REPO,
      subject,
      artifactType: 'application/spdx+json',
      content: spdx,
      fileName: 'sbom.spdx.json',
    });
    expect(first.via).toBe('tag-schema');
    const second = await attachArtifact(client, {
      repository: REPO,
      subject,
      artifactType: 'application/vnd.cyclonedx+json',
      content: cdx,
      fileName: 'sbom.cdx.json',
    });
    expect(second.descriptor.digest).not.toBe(first.descriptor.digest);

    const listed = await listReferrers(client, REPO, imageDigest);
    expect(listed.map((d) => d.digest).sort()).toEqual([first.descriptor.digest, second.descriptor.digest].sort());
    expect(listed.map((d) => d.artifactType).sort()).toEqual([
      'application/spdx+json',
      'application/vnd.cyclonedx+json',
    ]);
    expect(await listReferrers(client, REPO, imageDigest, 'application/spdx+json')).toHaveLength(1);

    // The index tagged sha256-<hex> and the artifact manifest, read back raw.
    const index = await client.getManifest(REPO, referrersTag(imageDigest), [OCI_INDEX]);
    expect(index?.descriptor.mediaType).toBe(OCI_INDEX);
    const manifest = await client.getManifest(REPO, first.descriptor.digest);
    const doc = JSON.parse(manifest!.bytes.toString('utf8')) as {
      artifactType: string;
      config: { mediaType: string; digest: string; size: number };
      layers: Array<{ mediaType: string; digest: string; size: number }>;
      subject: { digest: string; mediaType: string; size: number };
    };
    expect(doc.artifactType).toBe('application/spdx+json');
    expect(doc.config).toEqual({ mediaType: OCI_EMPTY, digest: sha256Digest('{}'), size: 2 });
    expect(doc.layers).toEqual([
      expect.objectContaining({ mediaType: 'application/spdx+json', digest: sha256Digest(spdx), size: spdx.length }),
    ]);
    expect(doc.subject).toEqual({ mediaType: subject.mediaType, digest: imageDigest, size: subject.size });
    // The layer is the SBOM byte for byte.
    const blob = await fetch(`${registry.url}/v2/${REPO}/blobs/${sha256Digest(spdx)}`);
    expect(Buffer.from(await blob.arrayBuffer()).equals(spdx)).toBe(true);
  });

  it('keeps both attachments when two writers merge the index at the same time', async () => {
    const client = new RegistryClient(registry.host);
    const image = await buildImage({ files: { 'x.txt': 'x\n' }, tag: 'race', dir: path.join(scratch, 'race') });
    const digest = await pushImage(image.layoutDir, 'race', registry.host, REPO);
    const subject = await client.resolve(REPO, digest);
    const attach = (n: number): Promise<unknown> =>
      attachArtifact(new RegistryClient(registry.host), {
        repository: REPO,
        subject,
        artifactType: 'application/spdx+json',
        content: Buffer.from(`{"n":${n}}`),
        fileName: `${n}.json`,
      });
    await Promise.all([attach(1), attach(2), attach(3)]);
    expect(await listReferrers(client, REPO, digest)).toHaveLength(3);
  });
});
