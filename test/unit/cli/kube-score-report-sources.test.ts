import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workspaceManifestSource } from '../../../lib/scan/kube-score-scan.js';

/* Which workspace file a report's file_name names, for reports processed with `report`. */

let ws: string;
const TEXT = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\n';

beforeAll(() => {
  ws = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'ks-sources-')));
  mkdirSync(path.join(ws, 'k8s'));
  writeFileSync(path.join(ws, 'k8s', 'app.yaml'), TEXT);
  symlinkSync('/etc/hostname', path.join(ws, 'k8s', 'linked.yaml'));
});

afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('workspaceManifestSource', () => {
  it('reads a file named by its path in the workspace, absolute or relative', () => {
    for (const name of [path.join(ws, 'k8s', 'app.yaml'), 'k8s/app.yaml', './k8s/app.yaml']) {
      expect(workspaceManifestSource(name, ws)).toEqual({ file: 'k8s/app.yaml', label: 'k8s/app.yaml', text: TEXT });
    }
  });

  it('guesses the file of a report made on another machine from the longest tail of its path', () => {
    for (const name of ['/home/runner/work/shop/shop/k8s/app.yaml', 'C:\\a\\shop\\k8s\\app.yaml']) {
      expect(workspaceManifestSource(name, ws)).toEqual({
        file: 'k8s/app.yaml',
        label: 'k8s/app.yaml',
        text: TEXT,
        guessed: true,
      });
    }
  });

  it('reads nothing outside the workspace, and nothing for STDIN or a missing file', () => {
    expect(workspaceManifestSource('/etc/hostname', ws)).toBeUndefined();
    expect(workspaceManifestSource('../etc/hostname', ws)).toBeUndefined();
    expect(workspaceManifestSource('k8s/linked.yaml', ws)).toBeUndefined();
    expect(workspaceManifestSource('STDIN', ws)).toBeUndefined();
    expect(workspaceManifestSource('/elsewhere/missing.yaml', ws)).toBeUndefined();
    expect(workspaceManifestSource('', ws)).toBeUndefined();
  });
});
