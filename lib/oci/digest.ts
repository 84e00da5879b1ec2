import { createHash } from 'node:crypto';

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** `sha256:<hex>` of the bytes: the content address registries use. */
export function sha256Digest(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function isSha256Digest(text: string): boolean {
  return DIGEST.test(text);
}

/** The referrers tag schema's tag for a subject digest: `sha256-<hex>`. */
export function referrersTag(digest: string): string {
  if (!isSha256Digest(digest)) throw new Error(`not a sha256 digest: ${digest}`);
  return digest.replace(':', '-');
}
