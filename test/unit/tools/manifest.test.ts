import { describe, expect, it } from '@jest/globals';

import { isCompromisedRelease } from '../../../lib/tools/compromised.js';
import { TOOL_MANIFEST } from '../../../lib/tools/manifest.js';
import type { PinnedAsset, Platform, ToolName } from '../../../lib/tools/types.js';

const PLATFORMS: readonly Platform[] = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'];
const TOOLS = Object.keys(TOOL_MANIFEST) as ToolName[];

/** Every pinned asset as [tool, platform, asset]. */
const PINNED: [ToolName, Platform, PinnedAsset][] = TOOLS.flatMap((tool) =>
  PLATFORMS.flatMap((platform): [ToolName, Platform, PinnedAsset][] => {
    const asset = TOOL_MANIFEST[tool].assets[platform];
    return asset ? [[tool, platform, asset]] : [];
  }),
);

describe('TOOL_MANIFEST', () => {
  it('covers every tool', () => {
    expect([...TOOLS].sort()).toEqual([
      'helm',
      'kube-score',
      'kubectl',
      'notation',
      'notation-azure-kv',
      'syft',
      'trivy',
    ]);
  });

  it.each(TOOLS)('%s has an exact default version without a leading v', (tool) => {
    expect(TOOL_MANIFEST[tool].version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each(TOOLS)('%s pins at least one platform', (tool) => {
    expect(Object.keys(TOOL_MANIFEST[tool].assets).length).toBeGreaterThan(0);
  });

  it.each(PINNED)('%s %s: sha256 is 64 lower-case hex digits', (_tool, _platform, asset) => {
    expect(asset.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(PINNED)(
    '%s %s: the pinned file is where locate() points for the default version',
    (tool, platform, asset) => {
      const pinned = TOOL_MANIFEST[tool];
      expect(pinned.locate(pinned.version, platform)?.file).toBe(asset.file);
    },
  );

  it.each(PINNED)('%s %s: the executable path is relative and has no .exe', (tool, platform) => {
    const pinned = TOOL_MANIFEST[tool];
    const executable = pinned.executable(pinned.version, platform);
    expect(executable).not.toMatch(/^\/|\.\.|\.exe$/);
    expect(executable.split('/').pop()).toBe(tool);
  });

  it('no two pinned assets share a sha256', () => {
    const hashes = PINNED.map(([, , asset]) => asset.sha256);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it.each(TOOLS)('%s records https provenance', (tool) => {
    const { published, confirmedBy } = TOOL_MANIFEST[tool].provenance;
    for (const url of [published, confirmedBy]) {
      expect(url).toMatch(/^https:\/\/\S+$/);
      expect(new URL(url).protocol).toBe('https:');
    }
  });

  it.each(TOOLS)('%s provenance names the pinned version', (tool) => {
    const { version, provenance } = TOOL_MANIFEST[tool];
    expect(provenance.published).toContain(version);
  });

  it.each(TOOLS)('%s locate() names another version in the asset it points to', (tool) => {
    const pinned = TOOL_MANIFEST[tool];
    const other = '98.76.54';
    for (const platform of PLATFORMS) {
      const location = pinned.locate(other, platform);
      if (!location) continue;
      expect(`${location.path ?? ''} ${location.file}`).toContain(other);
      expect(`${location.path ?? ''} ${location.file}`).not.toContain(pinned.version);
    }
    // Every pinned platform is published for other versions too.
    for (const [t, platform] of PINNED) if (t === tool) expect(pinned.locate(other, platform)).toBeDefined();
  });

  it.each(TOOLS)('%s locate() names archives the installer can unpack, or the bare executable', (tool) => {
    const pinned = TOOL_MANIFEST[tool];
    for (const platform of PLATFORMS) {
      const file = pinned.locate(pinned.version, platform)?.file;
      if (file === undefined) continue;
      expect(file).not.toContain('/');
      if (!/\.(tar\.gz|tgz|zip)$/.test(file)) {
        expect(file).toBe(pinned.executable(pinned.version, platform) + (platform === 'win32-x64' ? '.exe' : ''));
      }
    }
  });

  it('url-hosted tools give a path below the host, GitHub-hosted ones do not', () => {
    for (const tool of TOOLS) {
      const pinned = TOOL_MANIFEST[tool];
      const location = pinned.locate(pinned.version, 'linux-x64');
      if (pinned.source.kind === 'url') {
        expect(location?.path).toMatch(/^[^/].*[^/]$/);
        expect(location?.path?.endsWith(location.file)).toBe(true);
      } else {
        expect(location?.path).toBeUndefined();
        expect(pinned.source.tag(pinned.version)).toBe(`v${pinned.version}`);
      }
    }
  });

  it('trivy default version is not a compromised release', () => {
    expect(['0.69.4', '0.69.5', '0.69.6']).not.toContain(TOOL_MANIFEST.trivy.version);
    expect(isCompromisedRelease('trivy', TOOL_MANIFEST.trivy.version)).toBe(false);
    for (const tool of TOOLS) expect(isCompromisedRelease(tool, TOOL_MANIFEST[tool].version)).toBe(false);
  });

  it('locates the known upstream layouts', () => {
    expect(TOOL_MANIFEST.trivy.locate('0.69.3', 'darwin-arm64')).toEqual({ file: 'trivy_0.69.3_macOS-ARM64.tar.gz' });
    expect(TOOL_MANIFEST.trivy.locate('0.69.3', 'win32-x64')).toEqual({ file: 'trivy_0.69.3_windows-64bit.zip' });
    expect(TOOL_MANIFEST.syft.locate('1.40.1', 'win32-x64')).toEqual({ file: 'syft_1.40.1_windows_amd64.zip' });
    expect(TOOL_MANIFEST.notation.locate('1.3.2', 'linux-arm64')).toEqual({
      file: 'notation_1.3.2_linux_arm64.tar.gz',
    });
    expect(TOOL_MANIFEST['notation-azure-kv'].locate('1.2.1', 'win32-x64')).toEqual({
      file: 'notation-azure-kv_1.2.1_windows_amd64.zip',
    });
    expect(TOOL_MANIFEST['kube-score'].locate('1.20.0', 'win32-x64')).toEqual({
      file: 'kube-score_1.20.0_windows_amd64.tar.gz',
    });
    expect(TOOL_MANIFEST.kubectl.locate('1.35.3', 'linux-arm64')).toEqual({
      file: 'kubectl',
      path: 'release/v1.35.3/bin/linux/arm64/kubectl',
    });
    expect(TOOL_MANIFEST.kubectl.locate('1.35.3', 'win32-x64')).toEqual({
      file: 'kubectl.exe',
      path: 'release/v1.35.3/bin/windows/amd64/kubectl.exe',
    });
    expect(TOOL_MANIFEST.helm.locate('4.1.3', 'win32-x64')).toEqual({
      file: 'helm-v4.1.3-windows-amd64.zip',
      path: 'helm-v4.1.3-windows-amd64.zip',
    });
    expect(TOOL_MANIFEST.helm.executable('4.1.3', 'darwin-arm64')).toBe('darwin-arm64/helm');
  });
});
