import type { Platform } from './types.js';

/** The platform this process runs on, or undefined when no tool is published for it. */
export function currentPlatform(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): Platform | undefined {
  const key = `${platform}-${arch}`;
  const known: readonly Platform[] = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'];
  return known.find((p) => p === key);
}
