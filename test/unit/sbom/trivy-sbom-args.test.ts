import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Trivy, type TrivySbomOptions } from '../../../lib/cli/trivy.js';

/* Trivy.sbomArgs, the SBOM method added to the Trivy class for `generator: trivy`. */

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/trivy');
const OLD = Trivy.parseFeatures(readFileSync(path.join(FIXTURES, 'filesystem-help-0.44.1.txt'), 'utf8'));
const CURRENT = Trivy.parseFeatures(readFileSync(path.join(FIXTURES, 'filesystem-help-current.txt'), 'utf8'));

const base: TrivySbomOptions = {
  targetType: 'fs',
  target: '/ws',
  format: 'spdx-json',
  outputFile: '/out/sbom.spdx.json',
  cacheDir: '/cache',
  timeoutMs: 900_000,
};

describe('Trivy SBOM argv', () => {
  it('writes one format of a directory, for Trivy 0.44', () => {
    expect(Trivy.sbomArgs(base, OLD)).toEqual([
      'filesystem',
      '--format',
      'spdx-json',
      '--output',
      '/out/sbom.spdx.json',
      '--cache-dir',
      '/cache',
      '--timeout',
      '900s',
      '--quiet',
      '--',
      '/ws',
    ]);
  });

  it('skips the version check and telemetry where the release has those flags', () => {
    const args = Trivy.sbomArgs({ ...base, format: 'cyclonedx' }, CURRENT);
    expect(args).toContain('cyclonedx');
    if (CURRENT.skipVersionCheck) expect(args).toContain('--skip-version-check');
    if (CURRENT.disableTelemetry) expect(args).toContain('--disable-telemetry');
    expect(args.slice(-2)).toEqual(['--', '/ws']);
  });

  it('reads an image from a registry (insecure on loopback) or from an archive with --input', () => {
    const ref = `127.0.0.1:5000/app@sha256:${'a'.repeat(64)}`;
    const image = Trivy.sbomArgs({ ...base, targetType: 'image', target: ref, insecureRegistry: true }, OLD);
    expect(image[0]).toBe('image');
    expect(image.slice(-3)).toEqual(['--insecure', '--', ref]);
    const archive = Trivy.sbomArgs({ ...base, targetType: 'image', target: 'x', input: '/ws/app.tar' }, OLD);
    expect(archive.slice(-2)).toEqual(['--input', '/ws/app.tar']);
    expect(archive).not.toContain('--');
  });
});
