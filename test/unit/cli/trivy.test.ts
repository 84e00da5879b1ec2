import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Trivy, type TrivyScanOptions } from '../../../lib/cli/trivy.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/trivy');
const OLD = Trivy.parseFeatures(readFileSync(path.join(FIXTURES, 'filesystem-help-0.44.1.txt'), 'utf8'));
const CURRENT = Trivy.parseFeatures(readFileSync(path.join(FIXTURES, 'filesystem-help-current.txt'), 'utf8'));

const base: TrivyScanOptions = {
  targetType: 'fs',
  target: '/ws/app',
  scanners: ['vuln', 'secret', 'misconfig'],
  outputFile: '/tmp/r.json',
  cacheDir: '/c',
  dbRepositories: ['a.example/db:2', 'b.example/db:2'],
  javaDbRepositories: ['a.example/java:1'],
  skipDbUpdate: false,
  timeoutMs: 300_000,
};

describe('Trivy features from its help text', () => {
  it('knows the names Trivy 0.44 uses', () => {
    expect(OLD).toEqual({
      misconfigScanner: 'config',
      skipChecksFlag: '--skip-policy-update',
      multipleDbRepositories: false,
      dbRepositoryTags: false,
      showSuppressed: false,
      skipVersionCheck: false,
      disableTelemetry: false,
    });
  });
  it('knows the names current releases use', () => {
    expect(CURRENT).toMatchObject({
      misconfigScanner: 'misconfig',
      skipChecksFlag: '--skip-check-update',
      multipleDbRepositories: true,
      showSuppressed: true,
    });
  });
});

describe('Trivy argv', () => {
  it('builds a filesystem scan for a current release: one JSON report, database mirrors in order', () => {
    expect(Trivy.scanArgs(base, CURRENT)).toEqual([
      'filesystem',
      '--format',
      'json',
      '--output',
      '/tmp/r.json',
      '--cache-dir',
      '/c',
      '--timeout',
      '300s',
      '--exit-code',
      '0',
      '--quiet',
      '--scanners',
      'vuln,secret,misconfig',
      '--db-repository',
      'a.example/db:2,b.example/db:2',
      '--java-db-repository',
      'a.example/java:1',
      '--skip-check-update',
      '--show-suppressed',
      '--',
      '/ws/app',
    ]);
  });

  it('adapts to Trivy 0.44: config scanner, skip-policy-update, one repository', () => {
    const args = Trivy.scanArgs(base, OLD);
    expect(args).toContain('vuln,secret,config');
    expect(args).toContain('--skip-policy-update');
    // Trivy 0.44 adds the schema tag itself: `a.example/db:2` would become `a.example/db:2:2`.
    expect(args[args.indexOf('--db-repository') + 1]).toBe('a.example/db');
    expect(args[args.indexOf('--java-db-repository') + 1]).toBe('a.example/java');
    expect(args).not.toContain('--show-suppressed');
  });

  it('skips the database update when the database was fetched first, and uses a server in client mode', () => {
    expect(Trivy.scanArgs({ ...base, skipDbUpdate: true }, CURRENT)).toContain('--skip-db-update');
    expect(Trivy.scanArgs({ ...base, skipDbUpdate: true }, CURRENT)).not.toContain('--db-repository');
    const client = Trivy.scanArgs({ ...base, server: 'https://trivy.internal:4954' }, CURRENT);
    expect(client.slice(client.indexOf('--server'), client.indexOf('--server') + 2)).toEqual([
      '--server',
      'https://trivy.internal:4954',
    ]);
    expect(client).not.toContain('--db-repository');
  });

  it('scans images by reference or from an archive, with --insecure only when asked', () => {
    const ref = Trivy.scanArgs(
      {
        ...base,
        targetType: 'image',
        target: '127.0.0.1:5000/app:1',
        scanners: ['vuln', 'secret'],
        insecureRegistry: true,
      },
      CURRENT,
    );
    expect(ref[0]).toBe('image');
    expect(ref).toContain('--insecure');
    expect(ref.slice(-2)).toEqual(['--', '127.0.0.1:5000/app:1']);
    const archive = Trivy.scanArgs(
      { ...base, targetType: 'image', target: '/ws/img.tar', input: '/ws/img.tar', scanners: ['vuln'] },
      CURRENT,
    );
    expect(archive.slice(-2)).toEqual(['--input', '/ws/img.tar']);
    expect(archive).not.toContain('--insecure');
  });

  it('gives config scans no --scanners and no database, sbom scans no Java DB', () => {
    const config = Trivy.scanArgs({ ...base, targetType: 'config', scanners: ['misconfig'] }, OLD);
    expect(config[0]).toBe('config');
    expect(config).not.toContain('--scanners');
    expect(config).not.toContain('--db-repository');
    expect(config).toContain('--skip-policy-update');
    const sbom = Trivy.scanArgs({ ...base, targetType: 'sbom', scanners: ['vuln'] }, CURRENT);
    expect(sbom).not.toContain('--java-db-repository');
  });

  it('passes ignore files and skipped directories, one flag each', () => {
    const args = Trivy.scanArgs(
      { ...base, ignoreFile: '/ws/.trivyignore.yaml', skipDirs: ['node_modules', 'vendor'] },
      CURRENT,
    );
    expect(args.join(' ')).toContain('--ignorefile /ws/.trivyignore.yaml --skip-dirs node_modules --skip-dirs vendor');
  });

  it('a target that looks like a flag stays a target', () => {
    expect(Trivy.scanArgs({ ...base, target: '--help' }, CURRENT).slice(-2)).toEqual(['--', '--help']);
  });

  it('reads versions from JSON and from text', () => {
    expect(Trivy.parseVersion('{"Version":"0.69.3","VulnerabilityDB":{}}')).toBe('0.69.3');
    expect(Trivy.parseVersion('{"Version":"dev"}')).toBe('dev');
    expect(Trivy.parseVersion('Version: v0.19.2\n')).toBe('0.19.2');
  });

  it('downloads the database from one repository per attempt', () => {
    expect(Trivy.downloadDbArgs('127.0.0.1:5000/db:2', '/c', 60_000, false, OLD)).toContain('127.0.0.1:5000/db');
    expect(Trivy.downloadDbArgs('127.0.0.1:5000/db:2', '/c', 60_000, true, CURRENT)).toEqual([
      'image',
      '--download-db-only',
      '--db-repository',
      '127.0.0.1:5000/db:2',
      '--cache-dir',
      '/c',
      '--timeout',
      '60s',
      '--quiet',
      '--insecure',
    ]);
  });
});

describe('Trivy features kept beside the binary', () => {
  it('reads the help text once per installed binary, and asks no version when the installer knows it', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trivy-bin-'));
    const bin = path.join(dir, 'trivy');
    writeFileSync(bin, '');
    const help = readFileSync(path.join(FIXTURES, 'filesystem-help-current.txt'), 'utf8');
    const calls: string[][] = [];
    const run = (async (_cmd: string, args: readonly string[]) => {
      calls.push([...args]);
      return { exitCode: 0, stdout: help, stderr: '', durationMs: 1 };
    }) as unknown as ConstructorParameters<typeof Trivy>[1];
    expect(await new Trivy(bin, run, '0.69.3').features()).toEqual(CURRENT);
    expect(await new Trivy(bin, run, '0.69.3').features()).toEqual(CURRENT);
    expect(await new Trivy(bin, run, '0.69.3').version()).toBe('0.69.3');
    expect(calls).toEqual([['filesystem', '--help']]);
  });
});
