import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startToolMirror, type ToolMirror } from '../fakes/tool-mirror.js';
import { assertNoStackTrace, runAction } from '../harness/run-action.js';

/*
 * Every action refuses bad input before any work: exit 1, one `::error::`
 * line that names the input and the value, no stack trace, no output set,
 * and no request to the tool mirror (so nothing was downloaded).
 */

interface Case {
  readonly inputs: Record<string, string>;
  /** Fragments the one error line must contain: the input's name, the refused value, what is allowed. */
  readonly error: readonly string[];
}

const DIGEST = `sha256:${'a'.repeat(64)}`;
const SHA = 'b'.repeat(64);

let mirror: ToolMirror;
let workspace: string;

beforeAll(async () => {
  mirror = await startToolMirror();
  workspace = mkdtempSync(path.join(os.tmpdir(), 'invalid-inputs-'));
  mkdirSync(path.join(workspace, 'app'));
  writeFileSync(path.join(workspace, 'app', 'values.yaml'), 'a: 1\n');
  symlinkSync('/etc', path.join(workspace, 'escape'));
});

afterAll(async () => {
  await mirror.close();
});

const SCAN: Record<string, Case> = {
  'unknown scanner': {
    inputs: { scanner: 'grype', target: '.' },
    error: ["input 'scanner'", "'grype'", 'trivy, kube-score, zap'],
  },
  'unknown fail-on': {
    inputs: { scanner: 'trivy', target: '.', 'fail-on': 'hihg' },
    error: ["input 'fail-on' must be one of critical, high, medium, low, none; got 'hihg'"],
  },
  'unknown target type': {
    inputs: { scanner: 'trivy', target: '.', 'trivy-target-type': 'repo' },
    error: ["input 'trivy-target-type'", "'repo'"],
  },
  'unknown trivy scanner': {
    inputs: { scanner: 'trivy', target: '.', 'trivy-scanners': 'vuln,malware' },
    error: ["input 'trivy-scanners'", "'malware'"],
  },
  'only-fixed not a boolean': {
    inputs: { scanner: 'trivy', target: '.', 'only-fixed': 'sometimes' },
    error: ["input 'only-fixed' must be true or false; got 'sometimes'"],
  },
  'target escaping the workspace': {
    inputs: { scanner: 'trivy', target: '../../etc' },
    error: ["input 'target'", "'../../etc'", 'inside the workspace'],
  },
  'target through a symlink out of the workspace': {
    inputs: { scanner: 'trivy', target: 'escape' },
    error: ["input 'target'", "'escape'", 'links to /etc'],
  },
  'malformed image reference': {
    inputs: { scanner: 'trivy', target: 'Registry.example.com/UPPER:tag', 'trivy-target-type': 'image' },
    error: ["input 'target'", "'Registry.example.com/UPPER:tag'", 'image reference'],
  },
  'malformed trivy server URL': {
    inputs: { scanner: 'trivy', target: '.', 'trivy-server': 'ftp://trivy.internal' },
    error: ["input 'trivy-server'", "'ftp://trivy.internal'", 'http'],
  },
  'version without sha256': {
    inputs: { scanner: 'trivy', target: '.', version: '0.69.3' },
    error: ["input 'version' is '0.69.3'", "'version-sha256' must give the sha256"],
  },
  latest: {
    inputs: { scanner: 'trivy', target: '.', version: 'latest', 'version-sha256': SHA },
    error: ["input 'version' must be an exact version", "'latest'"],
  },
  'compromised Trivy': {
    inputs: { scanner: 'trivy', target: '.', version: '0.69.5', 'version-sha256': SHA },
    error: ["input 'version'", "'0.69.5'", 'compromised'],
  },
  'malformed sha256': {
    inputs: { scanner: 'trivy', target: '.', version: '0.69.3', 'version-sha256': 'abc123' },
    error: ["input 'version-sha256'", "'abc123'", '64 hexadecimal'],
  },
  'plain-http mirror': {
    inputs: { scanner: 'trivy', target: '.', 'tool-mirror': 'http://mirror.example.com' },
    error: ["input 'tool-mirror'", "'http://mirror.example.com'", 'https://'],
  },
  'zap target not a URL': {
    inputs: { scanner: 'zap', target: 'example.com' },
    error: ["input 'target'", "'example.com'", 'http'],
  },
  'zap image without digest': {
    inputs: { scanner: 'zap', target: 'https://app.example.com', 'zap-image': 'ghcr.io/zaproxy/zaproxy:stable' },
    error: ["input 'zap-image'", 'pinned by digest'],
  },
  'zap minutes out of bounds': {
    inputs: { scanner: 'zap', target: 'https://app.example.com', 'zap-max-minutes': '0' },
    error: ["input 'zap-max-minutes' must be a whole number from 1 to 360; got '0'"],
  },
  'kube-score render unknown': {
    inputs: { scanner: 'kube-score', target: 'app', 'kube-score-render': 'jsonnet' },
    error: ["input 'kube-score-render'", "'jsonnet'"],
  },
  'kubernetes version malformed': {
    inputs: { scanner: 'kube-score', target: 'app', 'kubernetes-version': '1.x' },
    error: ["input 'kubernetes-version'", "'1.x'"],
  },
  'timeout malformed': {
    inputs: { scanner: 'trivy', target: '.', timeout: '5 minutes' },
    error: ["input 'timeout'", "'5 minutes'", 'duration'],
  },
  'policy file missing': {
    inputs: { scanner: 'trivy', target: '.', policy: 'nope.yml' },
    error: ["input 'policy'", "'nope.yml'", 'existing path'],
  },
  'report outside the workspace': {
    inputs: { scanner: 'trivy', target: '.', report: '/etc/passwd' },
    error: ["input 'report'", "'/etc/passwd'"],
  },
  'category with spaces': {
    inputs: { scanner: 'trivy', target: '.', category: 'my scan' },
    error: ["input 'category'", "'my scan'"],
  },
};

export const INVALID_INPUTS: Record<string, Record<string, Case>> = { scan: SCAN };

describe.each(Object.keys(INVALID_INPUTS))('actions/%s refuses bad input before any work', (action) => {
  it.each(Object.entries(INVALID_INPUTS[action]!))('%s', async (_name, c) => {
    const before = mirror.requests.length;
    const result = await runAction(action, { workspace, inputs: { 'tool-mirror': mirror.url, ...c.inputs } });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    for (const fragment of c.error) expect(errors[0]!.message).toContain(fragment);
    expect(errors[0]!.message).not.toContain('\n');
    assertNoStackTrace(result.log);
    expect(result.outputs).toEqual({});
    expect(mirror.requests.length).toBe(before);
    expect(readdirSync(result.runnerTemp)).toEqual([]);
    await result.cleanup();
  });
});

describe('every committed dist runs', () => {
  it.each(['scan', 'sbom', 'sign', 'azure-login', 'deploy-aks'])(
    'actions/%s with no inputs names a missing required input',
    async (action) => {
      const result = await runAction(action, { workspace, post: false });
      expect(result.exitCode).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toMatch(/^input '[a-z-]+' is required and was not set$/);
      assertNoStackTrace(result.log);
      await result.cleanup();
    },
  );
});
