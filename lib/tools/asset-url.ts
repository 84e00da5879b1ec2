import { ConfigurationError } from '../runtime/errors.js';
import { urlProblem } from '../runtime/inputs.js';
import type { AssetLocation, PinnedTool } from './types.js';

/**
 * The download URL of a tool asset, from its upstream or from a mirror laid
 * out like GitHub releases (`<mirror>/<owner>/<repo>/releases/download/<tag>/<file>`);
 * tools hosted elsewhere keep their host and path below the mirror
 * (`<mirror>/<host>/<path>`).
 */
export function assetUrl(tool: PinnedTool, version: string, location: AssetLocation, mirror?: string): string {
  const base = mirror ? mirror.replace(/\/+$/, '') : undefined;
  if (tool.source.kind === 'github-release') {
    const rel = `${tool.source.repo}/releases/download/${tool.source.tag(version)}/${location.file}`;
    return base ? `${base}/${rel}` : `https://github.com/${rel}`;
  }
  const rel = `${tool.source.host}/${location.path ?? location.file}`;
  return base ? `${base}/${rel}` : `https://${rel}`;
}

/** The mirror from the `tool-mirror` input or `DEVSECOPS_TOOL_MIRROR`, validated: https, or http on loopback. */
export function resolveToolMirror(input: string | undefined, inputName = 'tool-mirror'): string | undefined {
  const fromEnv = process.env['DEVSECOPS_TOOL_MIRROR']?.trim();
  const value = input ?? (fromEnv ? fromEnv : undefined);
  if (value === undefined) return undefined;
  const problem = urlProblem(value, true);
  const source = input !== undefined ? `input '${inputName}'` : 'DEVSECOPS_TOOL_MIRROR';
  if (problem) throw new ConfigurationError(`${source} must be ${problem}; got '${value}'`);
  return value;
}
