/** Media types of the OCI image and distribution specifications, and of the Docker manifests registries still serve. */
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
/** The empty JSON object `{}`, the config of artifacts that have none. */
export const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';

/** Every manifest kind an image reference can resolve to, for the Accept header. */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST];

/** The bytes of the empty descriptor's blob, `{}`. */
export const EMPTY_JSON = Buffer.from('{}');

/** Descriptor annotation naming a layer's file (`org.opencontainers.image.title`). */
export const ANNOTATION_TITLE = 'org.opencontainers.image.title';
export const ANNOTATION_CREATED = 'org.opencontainers.image.created';

/** A content descriptor (OCI image spec). */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An OCI image index, as the referrers API and the referrers tag schema return it. */
export interface ImageIndex {
  readonly schemaVersion: 2;
  readonly mediaType: typeof OCI_INDEX;
  readonly manifests: readonly Descriptor[];
}
