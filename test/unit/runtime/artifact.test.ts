import { afterEach, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import os from 'node:os';
import { defaultArtifactName, uploadArtifact } from '../../../lib/runtime/artifact.js';
import { captureOutput, setEnv } from '../../harness/capture.js';

const cell = {
  GITHUB_JOB: 'scan',
  RUNNER_NAME: 'GitHub Actions 2',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
  GITHUB_RUN_ATTEMPT: '1',
};
const restores: Array<() => void> = [];
afterEach(() => {
  for (const restore of restores.splice(0).reverse()) restore();
});
function nameIn(env: Record<string, string | undefined>, label: string): string {
  restores.push(setEnv({ ...cell, ...env }));
  return defaultArtifactName(label);
}

describe('defaultArtifactName', () => {
  it('is the job, the label and a short hash, stable for one cell', () => {
    const name = nameIn({}, 'trivy-fs');
    expect(name).toMatch(/^scan-trivy-fs-[0-9a-f]{8}$/);
    expect(nameIn({}, 'trivy-fs')).toBe(name);
  });

  it.each([
    ['runner', { RUNNER_NAME: 'GitHub Actions 3' }],
    ['OS', { RUNNER_OS: 'Windows' }],
    ['architecture', { RUNNER_ARCH: 'ARM64' }],
    ['run attempt', { GITHUB_RUN_ATTEMPT: '2' }],
  ])('differs between matrix cells that differ in %s', (_what, env) => {
    expect(nameIn(env, 'sbom')).not.toBe(nameIn({}, 'sbom'));
  });

  it('keeps only characters artifact names allow, and at most 120 of them', () => {
    const name = nameIn({ GITHUB_JOB: 'build / "scan"' }, `image:${'x'.repeat(200)}`);
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(name.length).toBeLessThanOrEqual(120);
    expect(name.startsWith('build-scan-image-x')).toBe(false);
    expect(name.startsWith('build-scan--image-xxx')).toBe(true);
  });

  /*
   * lib/runtime/artifact.ts defaultArtifactName: the distinguishing hash is
   * appended last and the name is then cut to 120 characters, so with a long
   * label (actions/scan passes `scan-<category>`, and the category defaults to
   * the scanner and target, e.g. a long image reference) the hash is cut off
   * and every matrix cell gets the same name: the uploads collide, which is
   * what the hash is for. Truncating the label before appending the hash fixes it.
   */
  it('keeps matrix cells apart even with a long label ', () => {
    const label = `scan-trivy-image-myregistry.azurecr.io/platform/payments/api-gateway-service:${'1'.repeat(60)}`;
    expect(nameIn({ RUNNER_OS: 'Linux' }, label)).not.toBe(nameIn({ RUNNER_OS: 'Windows' }, label));
  });

  it("falls back to 'job' without GITHUB_JOB", () => {
    expect(nameIn({ GITHUB_JOB: undefined }, 'scan')).toMatch(/^job-scan-[0-9a-f]{8}$/);
  });
});

describe('uploadArtifact', () => {
  it('does nothing (and needs no artifact service) when none of the files exist', async () => {
    restores.push(setEnv({ ACTIONS_RUNTIME_TOKEN: undefined, ACTIONS_RESULTS_URL: undefined }));
    const missing = path.join(os.tmpdir(), `no-such-report-${process.pid}.sarif`);
    const captured = await captureOutput(() => uploadArtifact([missing], 'scan'));
    expect(captured.error).toBeUndefined();
    expect(captured.stdout).not.toContain('uploaded artifact');
  });
});
