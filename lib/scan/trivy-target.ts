import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { invalidInput } from '../runtime/errors.js';
import { assertImageReference, resolveWorkspacePath, workspaceDir } from '../runtime/inputs.js';
import type { TrivyTargetType } from '../cli/trivy.js';

/** A Trivy target resolved before any work: a path in the workspace, an image archive, or an image reference. */
export type TrivyTarget =
  | {
      readonly kind: 'path';
      readonly path: string;
      /** Trivy's paths are relative to this directory of the workspace. */ readonly pathPrefix: string;
    }
  | { readonly kind: 'image-archive'; readonly path: string; readonly display: string }
  | { readonly kind: 'image'; readonly reference: string };

const IMAGE_PREFIXES = ['oci-dir:', 'docker-archive:', 'oci-archive:'];

export function resolveTrivyTarget(inputName: string, value: string, type: TrivyTargetType): TrivyTarget {
  if (type === 'image') {
    const prefix = IMAGE_PREFIXES.find((p) => value.startsWith(p));
    if (prefix) {
      const file = resolveWorkspacePath(inputName, value.slice(prefix.length), { mustExist: true });
      return { kind: 'image-archive', path: file, display: value };
    }
    // A path to an image tarball or OCI layout in the workspace, as `trivy image --input` takes it.
    if (/^\.{0,2}\//.test(value) || value.endsWith('.tar') || value.endsWith('.tar.gz')) {
      const file = resolveWorkspacePath(inputName, value, { mustExist: true });
      return { kind: 'image-archive', path: file, display: value };
    }
    assertImageReference(inputName, value);
    return { kind: 'image', reference: value };
  }
  const resolved = resolveWorkspacePath(inputName, value, { mustExist: true });
  if (type === 'sbom' && !existsSync(resolved))
    throw invalidInput(inputName, value, 'an SBOM file inside the workspace');
  const workspace = workspaceDir();
  const dir = statSync(resolved).isDirectory() ? resolved : path.dirname(resolved);
  const prefix = path.relative(workspace, dir).split(path.sep).join('/');
  return { kind: 'path', path: resolved, pathPrefix: prefix };
}
