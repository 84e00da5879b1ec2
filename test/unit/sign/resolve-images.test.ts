import { describe, expect, it } from '@jest/globals';
import { DOCKER_MANIFEST, OCI_INDEX } from '../../../lib/oci/media-types.js';
import { RegistryClient } from '../../../lib/oci/registry-client.js';
import { resolveImages } from '../../../lib/sign/resolve-images.js';
import { captureOutput } from '../../harness/capture.js';
import { memoryRegistry } from '../oci/memory-registry.js';

const IMAGE = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: {}, layers: [] }));
const INDEX = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }));

function setup(): { reg: ReturnType<typeof memoryRegistry>; app: string; index: string } {
  const reg = memoryRegistry({ origin: 'http://127.0.0.1:5000' });
  const app = reg.putManifest('team/app', '1.0', IMAGE, DOCKER_MANIFEST);
  const index = reg.putManifest('team/multi', 'latest', INDEX, OCI_INDEX);
  return { reg, app, index };
}

async function resolve(refs: string[], reg: ReturnType<typeof memoryRegistry>): ReturnType<typeof resolveImages> {
  const captured = await captureOutput(() =>
    resolveImages(refs, { client: (registry) => new RegistryClient(registry, { fetch: reg.fetch }) }),
  );
  if (captured.error) throw captured.error;
  return captured.result!;
}

describe('resolving images to digests', () => {
  it('resolves a tag (and no tag as latest) to registry/repository@digest', async () => {
    const { reg, app, index } = setup();
    const images = await resolve(['127.0.0.1:5000/team/app:1.0', '127.0.0.1:5000/team/multi'], reg);
    expect(images).toEqual([
      {
        input: '127.0.0.1:5000/team/app:1.0',
        registry: '127.0.0.1:5000',
        repository: 'team/app',
        tag: '1.0',
        digest: app,
        pinned: `127.0.0.1:5000/team/app@${app}`,
        mediaType: DOCKER_MANIFEST,
        loopback: true,
      },
      expect.objectContaining({ tag: 'latest', pinned: `127.0.0.1:5000/team/multi@${index}`, mediaType: OCI_INDEX }),
    ]);
  });

  it('checks that a digest exists, and keeps an image named twice once', async () => {
    const { reg, app } = setup();
    const images = await resolve(
      [`127.0.0.1:5000/team/app@${app}`, '127.0.0.1:5000/team/app:1.0', `127.0.0.1:5000/team/app:old@${app}`],
      reg,
    );
    expect(images.map((i) => i.pinned)).toEqual([`127.0.0.1:5000/team/app@${app}`]);
    expect(images[0]?.tag).toBeUndefined();
    expect(reg.requests.every((r) => ['HEAD', 'GET'].includes(r.method))).toBe(true);
  });

  it('fails for a tag or a digest the registry does not have', async () => {
    const { reg } = setup();
    await expect(resolve(['127.0.0.1:5000/team/app:2.0'], reg)).rejects.toThrow(
      '127.0.0.1:5000/team/app:2.0 was not found in the registry',
    );
    await expect(resolve([`127.0.0.1:5000/team/app@sha256:${'9'.repeat(64)}`], reg)).rejects.toThrow(
      'was not found in the registry',
    );
  });
});
