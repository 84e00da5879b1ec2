import { describe, expect, it } from '@jest/globals';
import { referrersTag, sha256Digest } from '../../../lib/oci/digest.js';
import { type Descriptor, OCI_EMPTY, OCI_INDEX, OCI_MANIFEST } from '../../../lib/oci/media-types.js';
import { attachArtifact, listReferrers } from '../../../lib/oci/referrers.js';
import { RegistryClient } from '../../../lib/oci/registry-client.js';
import { memoryRegistry, type MemoryRegistry } from './memory-registry.js';

const ORIGIN = 'http://127.0.0.1:5000';
const REPO = 'team/app';
const IMAGE = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: {}, layers: [] }));
const noWait = (): Promise<void> => Promise.resolve();

function setup(options: { referrersApi?: boolean; ifMatch?: boolean } = {}): {
  reg: MemoryRegistry;
  client: RegistryClient;
  subject: Descriptor;
} {
  const reg = memoryRegistry({ origin: ORIGIN, ...options });
  const digest = reg.putManifest(REPO, '1.0', IMAGE, OCI_MANIFEST);
  return {
    reg,
    client: new RegistryClient('127.0.0.1:5000', { fetch: reg.fetch }),
    subject: { mediaType: OCI_MANIFEST, digest, size: IMAGE.length },
  };
}

const sbom = (subject: Descriptor, n: number): Parameters<typeof attachArtifact>[1] => ({
  repository: REPO,
  subject,
  artifactType: 'application/spdx+json',
  content: Buffer.from(`{"spdxVersion":"SPDX-2.3","n":${n}}`),
  fileName: `sbom-${n}.spdx.json`,
});

function tagIndex(reg: MemoryRegistry, subject: Descriptor): { manifests: Descriptor[] } | undefined {
  const digest = reg.tags.get(`${REPO}:${referrersTag(subject.digest)}`);
  if (!digest) return undefined;
  return JSON.parse(reg.manifests.get(`${REPO}@${digest}`)!.bytes.toString('utf8')) as { manifests: Descriptor[] };
}

describe('attachArtifact', () => {
  it('pushes an artifact manifest: artifactType, the empty config, the file as its layer, the image as subject', async () => {
    const { reg, client, subject } = setup();
    const request = sbom(subject, 1);
    const result = await attachArtifact(client, request, {
      sleep: noWait,
      now: () => new Date('2026-01-02T03:04:05Z'),
    });
    const stored = reg.manifests.get(`${REPO}@${result.descriptor.digest}`)!;
    expect(stored.mediaType).toBe(OCI_MANIFEST);
    expect(JSON.parse(stored.bytes.toString('utf8'))).toEqual({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: 'application/spdx+json',
      config: { mediaType: OCI_EMPTY, digest: sha256Digest('{}'), size: 2 },
      layers: [
        {
          mediaType: 'application/spdx+json',
          digest: sha256Digest(request.content),
          size: request.content.length,
          annotations: { 'org.opencontainers.image.title': 'sbom-1.spdx.json' },
        },
      ],
      subject,
      annotations: { 'org.opencontainers.image.created': '2026-01-02T03:04:05.000Z' },
    });
    expect(reg.blobs.get(`${REPO}@${sha256Digest('{}')}`)?.toString()).toBe('{}');
    expect(result.descriptor.digest).toBe(sha256Digest(stored.bytes));
  });

  it('uses the referrers API when the registry has one: no tag schema index is written', async () => {
    const { reg, client, subject } = setup({ referrersApi: true });
    const result = await attachArtifact(client, sbom(subject, 1), { sleep: noWait });
    expect(result.via).toBe('referrers-api');
    expect(reg.tags.has(`${REPO}:${referrersTag(subject.digest)}`)).toBe(false);
    expect((await listReferrers(client, REPO, subject.digest)).map((d) => d.digest)).toEqual([
      result.descriptor.digest,
    ]);
  });

  it('without the API, writes the index tagged sha256-<hex> and merges later attachments into it', async () => {
    const { reg, client, subject } = setup();
    const a = await attachArtifact(client, sbom(subject, 1), { sleep: noWait });
    const b = await attachArtifact(client, sbom(subject, 2), { sleep: noWait });
    expect(a.via).toBe('tag-schema');
    const index = tagIndex(reg, subject)!;
    expect(index).toMatchObject({ schemaVersion: 2, mediaType: OCI_INDEX });
    expect(index.manifests.map((m) => m.digest)).toEqual([a.descriptor.digest, b.descriptor.digest]);
    expect(index.manifests[0]).toMatchObject({ mediaType: OCI_MANIFEST, artifactType: 'application/spdx+json' });
    // Attaching the same artifact again does not list it twice.
    await attachArtifact(
      client,
      { ...sbom(subject, 1) },
      { sleep: noWait, now: () => new Date(a.descriptor.annotations!['org.opencontainers.image.created']!) },
    );
    expect(tagIndex(reg, subject)!.manifests).toHaveLength(2);
  });

  it('with If-Match honoured, a concurrent change makes the write fail (412) and the merge is retried', async () => {
    const { reg, client, subject } = setup({ ifMatch: true });
    const first = await attachArtifact(client, sbom(subject, 1), { sleep: noWait });
    // Another writer adds its referrer between this writer's read and its write.
    const tag = referrersTag(subject.digest);
    let other: string | undefined;
    reg.beforePut(tag, () => {
      const current = tagIndex(reg, subject)!;
      const extra = {
        mediaType: OCI_MANIFEST,
        digest: sha256Digest('other'),
        size: 5,
        artifactType: 'application/vnd.cyclonedx+json',
      };
      other = extra.digest;
      reg.putManifest(
        REPO,
        tag,
        Buffer.from(JSON.stringify({ ...current, manifests: [...current.manifests, extra] })),
        OCI_INDEX,
      );
    });
    const second = await attachArtifact(client, sbom(subject, 2), { sleep: noWait });
    const puts = reg.requests.filter((r) => r.method === 'PUT' && r.url.endsWith(`/manifests/${tag}`));
    expect(puts.at(-2)!.headers['if-match']).toMatch(/^"sha256:/);
    expect(
      tagIndex(reg, subject)!
        .manifests.map((m) => m.digest)
        .sort(),
    ).toEqual([first.descriptor.digest, other!, second.descriptor.digest].sort());
  });

  it('without If-Match, an entry lost to a writer that raced past the checks is found and merged again', async () => {
    const { reg, client, subject } = setup();
    const tag = referrersTag(subject.digest);
    const first = await attachArtifact(client, sbom(subject, 1), { sleep: noWait });
    let raced = false;
    // While this writer waits to verify, another writer that read the index before overwrites it.
    const sleep = async (): Promise<void> => {
      if (raced) return;
      raced = true;
      const stale = {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [{ mediaType: OCI_MANIFEST, digest: first.descriptor.digest, size: 1 }],
      };
      reg.putManifest(REPO, tag, Buffer.from(JSON.stringify(stale)), OCI_INDEX);
    };
    const second = await attachArtifact(client, sbom(subject, 2), { sleep });
    expect(raced).toBe(true);
    expect(tagIndex(reg, subject)!.manifests.map((m) => m.digest)).toEqual([
      first.descriptor.digest,
      second.descriptor.digest,
    ]);
  });

  it('gives up after the attempts it is allowed when the index keeps changing', async () => {
    const { reg, client, subject } = setup();
    const tag = referrersTag(subject.digest);
    let n = 0;
    const sleep = async (): Promise<void> => {
      n++;
      const noise = {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [{ mediaType: OCI_MANIFEST, digest: sha256Digest(`n${n}`), size: 1 }],
      };
      reg.putManifest(REPO, tag, Buffer.from(JSON.stringify(noise)), OCI_INDEX);
    };
    await expect(attachArtifact(client, sbom(subject, 1), { sleep, attempts: 3 })).rejects.toThrow(
      /could not add sha256:[0-9a-f]+ to the referrers index 127\.0\.0\.1:5000\/team\/app:sha256-[0-9a-f]+ after 3 attempts/,
    );
  });

  it('refuses to overwrite a sha256-<hex> tag that is not an index', async () => {
    const { reg, client, subject } = setup();
    reg.putManifest(REPO, referrersTag(subject.digest), IMAGE, OCI_MANIFEST);
    await expect(attachArtifact(client, sbom(subject, 1), { sleep: noWait })).rejects.toThrow(
      /not the referrers index it should be; not overwriting it/,
    );
  });
});

describe('listReferrers', () => {
  it('filters by artifact type, and is empty for an image without referrers', async () => {
    const { client, subject } = setup();
    expect(await listReferrers(client, REPO, subject.digest)).toEqual([]);
    await attachArtifact(client, sbom(subject, 1), { sleep: noWait });
    await attachArtifact(
      client,
      { ...sbom(subject, 2), artifactType: 'application/vnd.cyclonedx+json' },
      { sleep: noWait },
    );
    expect(await listReferrers(client, REPO, subject.digest, 'application/vnd.cyclonedx+json')).toHaveLength(1);
    expect(await listReferrers(client, REPO, subject.digest)).toHaveLength(2);
  });
});
