import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GenerateRequest, GenerateResult } from '../../../lib/sbom/generate-sbom.js';
import { captureOutput, setEnv, setInputs } from '../../harness/capture.js';

/*
 * actions/sbom's wiring of `upload-artifact`: the SBOM files go to
 * @actions/artifact (through lib/runtime/artifact.ts, which imports it
 * lazily) under `artifact-name`, or a default unique per job and matrix cell.
 * The generator is replaced by one that writes a real Syft SBOM, and the
 * upload by a recorder: no tool, no artifact service.
 */

const REAL = path.resolve(import.meta.dirname, '../../../../shared/fixtures/real/syft');

const uploads: Array<{ files: readonly string[]; label: string; name?: string }> = [];
jest.unstable_mockModule('../../../lib/runtime/artifact.js', () => ({
  uploadArtifact: (files: readonly string[], label: string, name?: string): Promise<void> => {
    uploads.push({ files, label, ...(name ? { name } : {}) });
    return Promise.resolve();
  },
  defaultArtifactName: (label: string): string => `${process.env['GITHUB_JOB'] ?? 'job'}-${label}-0123abcd`,
}));
jest.unstable_mockModule('../../../lib/sbom/generate-sbom.js', () => ({
  generateSbom: (request: GenerateRequest): Promise<GenerateResult> => {
    mkdirSync(request.outDir, { recursive: true });
    const file = path.join(request.outDir, 'sbom.spdx.json');
    copyFileSync(path.join(REAL, 'spdx-image-alpine310-real-syft.json'), file);
    return Promise.resolve({ files: [{ format: 'spdx-json', file }], tool: 'syft 1.40.1' });
  },
}));

let main: () => Promise<void>;
beforeAll(async () => {
  ({ main } = await import('../../../actions/sbom/src/main.js'));
});

const restores: Array<() => void> = [];
afterEach(() => {
  for (const restore of restores.splice(0).reverse()) restore();
  uploads.splice(0);
});

function setup(inputs: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sbom-upload-'));
  const workspace = path.join(root, 'ws');
  mkdirSync(workspace);
  restores.push(
    setEnv({
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: path.join(root, 'temp'),
      GITHUB_JOB: 'build',
      GITHUB_OUTPUT: undefined,
      GITHUB_STEP_SUMMARY: undefined,
    }),
  );
  restores.push(setInputs({ target: 'dir:.', formats: 'spdx-json', 'upload-artifact': 'true', ...inputs }));
  return root;
}

describe('actions/sbom upload-artifact', () => {
  it('uploads the SBOM files under the artifact-name given', async () => {
    const root = setup({ 'artifact-name': 'sboms-linux' });
    const captured = await captureOutput(() => main());
    expect(captured.error).toBeUndefined();
    expect(uploads).toEqual([
      {
        files: [path.join(root, 'temp', 'devsecops-sbom', 'dir-workspace', 'sbom.spdx.json')],
        label: 'sbom-dir-workspace',
        name: 'sboms-linux',
      },
    ]);
  });

  it('defaults to a name unique per job and matrix cell', async () => {
    setup({});
    const captured = await captureOutput(() => main());
    expect(captured.error).toBeUndefined();
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.name).toBe('build-sbom-dir-workspace-0123abcd');
  });

  it('uploads nothing when upload-artifact is false', async () => {
    setup({ 'upload-artifact': 'false' });
    const captured = await captureOutput(() => main());
    expect(captured.error).toBeUndefined();
    expect(uploads).toEqual([]);
  });
});
