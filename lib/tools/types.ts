/** Operating systems and architectures the actions run on, as Node names them. */
export type Platform = 'linux-x64' | 'linux-arm64' | 'darwin-x64' | 'darwin-arm64' | 'win32-x64';

/** The pinned checksum of one platform's asset of the default version. */
export interface PinnedAsset {
  /** File name of the asset, e.g. `trivy_0.69.3_Linux-64bit.tar.gz` (must equal `locate(version, platform).file`). */
  readonly file: string;
  /** Lower-case hex sha256 of the file, as the tool publishes it. */
  readonly sha256: string;
}

/**
 * Where one version's asset for one platform is.
 * `file` is the asset's file name; its ending decides how it is unpacked
 * (`.tar.gz`/`.tgz`, `.zip`, anything else is the executable itself).
 * `path` is only for `url` sources: the path below the host.
 */
export interface AssetLocation {
  readonly file: string;
  readonly path?: string;
}

/**
 * Where a tool is downloaded from.
 * - `github-release`: `https://github.com/<repo>/releases/download/<tag>/<file>`;
 *   under a mirror `<mirror>/<repo>/releases/download/<tag>/<file>`.
 * - `url`: another host: `https://<host>/<path>`, under a mirror `<mirror>/<host>/<path>`.
 */
export type ToolSource =
  | { readonly kind: 'github-release'; readonly repo: string; readonly tag: (version: string) => string }
  | { readonly kind: 'url'; readonly host: string };

/** Where a pinned checksum came from: the tool's own checksums and a second, independent confirmation. */
export interface ChecksumProvenance {
  /** The checksums file (or page) the tool itself publishes for this release. */
  readonly published: string;
  /** An independent public source that lists the same sha256 values. */
  readonly confirmedBy: string;
}

export interface PinnedTool {
  /** Default version, without a leading `v`. */
  readonly version: string;
  readonly source: ToolSource;
  /** Path of the executable inside the unpacked archive (without `.exe`; it is added on Windows). */
  readonly executable: (version: string, platform: Platform) => string;
  /** Where any version's asset is, for the default and for user-chosen versions alike; undefined when the platform has none. */
  readonly locate: (version: string, platform: Platform) => AssetLocation | undefined;
  /** sha256 of the default version's assets, per platform. */
  readonly assets: Partial<Record<Platform, PinnedAsset>>;
  readonly provenance: ChecksumProvenance;
}

export type ToolName = 'syft' | 'trivy' | 'notation' | 'notation-azure-kv' | 'kube-score' | 'kubectl' | 'helm';
