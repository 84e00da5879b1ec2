import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveManifestFiles, resolveRenderSources } from '../../../lib/k8s/manifest-files.js';
import { ConfigurationError } from '../../../lib/runtime/errors.js';

let ws: string;
let saved: string | undefined;

const write = (file: string, text = 'kind: ConfigMap\n'): void => {
  mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
  writeFileSync(path.join(ws, file), text);
};
const rel = (files: string[]): string[] => files.map((f) => path.relative(ws, f).split(path.sep).join('/'));

beforeAll(() => {
  ws = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'manifest-files-')));
  saved = process.env['GITHUB_WORKSPACE'];
  process.env['GITHUB_WORKSPACE'] = ws;
  write('k8s/b.yaml');
  write('k8s/a.yml');
  write('k8s/notes.txt');
  write('k8s/base/deploy.yaml');
  write('k8s/.hidden/secret.yaml');
  write('k8s/node_modules/x.yaml');
  write('overlays/prod/kustomization.yaml', 'resources: [../../k8s/b.yaml]\n');
  write('overlays/empty/README.md', '');
  write('charts/app/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
  write('charts/app-0.1.0.tgz', 'not really a chart');
  write('single.yaml');
  symlinkSync('/etc', path.join(ws, 'escape'));
  mkdirSync(path.join(ws, 'k8s', 'empty'));
});

afterAll(() => {
  if (saved === undefined) delete process.env['GITHUB_WORKSPACE'];
  else process.env['GITHUB_WORKSPACE'] = saved;
  rmSync(ws, { recursive: true, force: true });
});

describe('resolveManifestFiles', () => {
  it('expands directories to every *.yaml and *.yml below them, sorted, skipping hidden dirs and node_modules', () => {
    expect(rel(resolveManifestFiles('target', ['k8s']))).toEqual(['k8s/a.yml', 'k8s/b.yaml', 'k8s/base/deploy.yaml']);
  });

  it('keeps the order given, expands globs, and names each file once', () => {
    expect(rel(resolveManifestFiles('target', ['single.yaml', 'k8s/**/*.yaml', 'k8s/b.yaml', './k8s/*.yml']))).toEqual([
      'single.yaml',
      'k8s/b.yaml',
      'k8s/base/deploy.yaml',
      'k8s/a.yml',
    ]);
  });

  it('refuses an entry that matches nothing, naming the input and the entry', () => {
    const cases: Array<[string, string]> = [
      ['k8s/*.json', "input 'target' must be manifest files, directories or globs inside the workspace that match"],
      ['k8s/empty', "got 'k8s/empty'"],
      ['missing.yaml', "input 'target' must be an existing path inside the workspace"],
      ['nowhere/*.yaml', "got 'nowhere/*.yaml'"],
      ['../outside.yaml', "input 'target' must be a path inside the workspace"],
      ['escape', 'links to /etc'],
      ['!k8s/*.yaml', 'not negated globs'],
    ];
    for (const [entry, message] of cases) {
      expect(() => resolveManifestFiles('target', [entry])).toThrow(ConfigurationError);
      expect(() => resolveManifestFiles('target', [entry])).toThrow(message);
    }
  });
});

describe('resolveRenderSources', () => {
  it('takes kustomization directories with kustomize', () => {
    expect(rel(resolveRenderSources('target', ['overlays/prod'], 'kustomize'))).toEqual(['overlays/prod']);
    expect(() => resolveRenderSources('target', ['overlays/empty'], 'kustomize')).toThrow(
      "input 'target' must be directories holding a kustomization.yaml with kube-score-render kustomize; got 'overlays/empty'",
    );
    expect(() => resolveRenderSources('target', ['overlays/*'], 'kustomize')).toThrow('not globs');
  });

  it('takes chart directories and packaged charts with helm', () => {
    expect(rel(resolveRenderSources('target', ['charts/app', 'charts/app-0.1.0.tgz'], 'helm'))).toEqual([
      'charts/app',
      'charts/app-0.1.0.tgz',
    ]);
    expect(() => resolveRenderSources('target', ['k8s'], 'helm')).toThrow('chart directories (holding Chart.yaml)');
    expect(() => resolveRenderSources('target', ['../x'], 'helm')).toThrow('inside the workspace');
  });
});
