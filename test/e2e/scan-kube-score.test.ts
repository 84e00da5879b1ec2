import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFakeExecutable, type FakeCase, type FakeExecutable } from '../fakes/fake-executable.js';
import { makeTarGz, startToolMirror, type ToolMirror } from '../fakes/tool-mirror.js';
import { assertNoStackTrace, runAction, type ActionResult } from '../harness/run-action.js';
import { githubSarifProblems, sarifSchemaErrors } from '../support/sarif-validation.js';
import { currentPlatform } from '../../lib/tools/platform.js';
import { TOOL_MANIFEST } from '../../lib/tools/manifest.js';

/*
 * actions/scan with scanner kube-score, through the committed dist as the
 * runner runs it. kube-score cannot be installed here: a fake kube-score (a
 * Node script that checks its exact argv and replays kube-score JSON written
 * for the test manifests) is packaged like kube-score's release archive,
 * served by a local mirror and installed by the action's own installer with
 * `version` + `version-sha256`. Kustomize runs the real `kubectl kustomize`;
 * Helm is a fake helm installed the same way (`helm-version` + `helm-sha256`).
 */

const VERSION = '1.20.0';
const HELM_VERSION = '4.1.3';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/kube-score');
const PLATFORM = currentPlatform()!;

let scratch: string;
let mirror: ToolMirror;
let kubeScore: FakeExecutable;
let helm: FakeExecutable;
let kubeScoreSha: string;
let helmSha: string;
const kubeScoreCases: FakeCase[] = [];
/** Case index in the fake kube-score, by scenario. */
const caseOf: Record<string, number> = {};

type Json = Record<string, unknown>;

function workspace(name: string, files: Record<string, string>): string {
  const ws = realpathSync(mkdtempSync(path.join(scratch, `${name}-`)));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
    writeFileSync(path.join(ws, file), text);
  }
  return ws;
}

/** A kube-score answer for scenario `name`: its exact argv, the JSON it prints, and its exit code. */
function expectScore(name: string, argv: string[], answer: Omit<FakeCase, 'expect'>): void {
  caseOf[name] = kubeScoreCases.length;
  kubeScoreCases.push({ expect: argv, ...answer });
}

function scoreArgv(files: string[], options: { version?: string; extra?: string[] } = {}): string[] {
  return [
    'score',
    '--output-format',
    'json',
    '--kubernetes-version',
    options.version ?? 'v1.33',
    ...(options.extra ?? []),
    '--',
    ...files,
  ];
}

function writeJson(name: string, report: unknown): string {
  const file = path.join(scratch, `${name}.json`);
  writeFileSync(file, JSON.stringify(report, null, 4));
  return file;
}

/** One scored object with one failing check, as kube-score writes it. */
function scored(
  kind: string,
  name: string,
  fileName: string,
  fileRow: number,
  check: { id: string; name: string; comment: string },
  comments: Array<{ path: string; summary: string; description: string }>,
): Json {
  return {
    object_name: `${kind}/apps/v1//${name}`,
    type_meta: { kind, apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1' },
    object_meta: { name, creationTimestamp: null },
    checks: [
      { check: { ...check, target_type: 'Pod', optional: false }, grade: 1, skipped: false, comments },
      {
        check: {
          id: 'container-image-tag',
          name: 'Container Image Tag',
          target_type: 'Pod',
          comment: '',
          optional: false,
        },
        grade: 10,
        skipped: false,
        comments: null,
      },
    ],
    file_name: fileName,
    file_row: fileRow,
  };
}

const PRIVILEGED = {
  id: 'container-security-context-privileged',
  name: 'Container Security Context Privileged',
  comment: 'Makes sure that all pods have a unprivileged security context set',
};
const privilegedComment = (container: string): { path: string; summary: string; description: string } => ({
  path: container,
  summary: 'The container is privileged',
  description: 'Set securityContext.privileged to false.',
});

function scan(ws: string, inputs: Record<string, string>, extra: { runnerTemp?: string } = {}): Promise<ActionResult> {
  return runAction('scan', {
    workspace: ws,
    timeoutMs: 120_000,
    ...(extra.runnerTemp ? { runnerTemp: extra.runnerTemp } : {}),
    inputs: {
      scanner: 'kube-score',
      version: VERSION,
      'version-sha256': kubeScoreSha,
      'tool-mirror': mirror.url,
      ...inputs,
    },
  });
}

function scoreInvocations(scenario: string): string[][] {
  return kubeScore
    .invocations()
    .filter((i) => i.case === caseOf[scenario])
    .map((i) => i.argv);
}

interface FindingsJson {
  findings: Array<{ ruleId: string; target: string; location: { file?: string; startLine?: number }; state: string }>;
}
const findingsOf = (r: ActionResult): FindingsJson =>
  JSON.parse(readFileSync(r.outputs['json-file']!, 'utf8')) as FindingsJson;

// ---- scenarios: workspaces, and what the fake kube-score expects and answers for each ----

const TOOLS_POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: tools',
  'spec:',
  '  containers:',
  '    - name: shell',
  '      image: busybox:1.36',
  '      securityContext: { privileged: true }',
  '',
].join('\n');

let wsNone: string;
let wsVersion: string;
let wsKustomize: string;
let kustomizeTemp: string;
let wsHelm: string;
let wsReport: string;
let wsBroken: string;
let wsCrash: string;
let wsNoKubectl: string;
let noKubectlTemp: string;
let kubectl: FakeExecutable;

const HELM_OUTPUT = [
  '---',
  '# Source: shop/templates/service.yaml',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: shop',
  'spec:',
  '  selector:',
  '    app.kubernetes.io/name: shop',
  '---',
  '# Source: shop/templates/deployment.yaml',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: shop',
  'spec:',
  '  selector:',
  '    matchLabels:',
  '      app.kubernetes.io/name: shop',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app.kubernetes.io/name: shop',
  '    spec:',
  '      initContainers:',
  '        - name: migrate',
  '          image: "registry.example.com/shop-migrate:1.4.0"',
  '      containers:',
  '        - name: shop',
  '          image: "registry.example.com/shop:1.4.0"',
  '          securityContext:',
  '            privileged: true',
  '',
].join('\n');

beforeAll(async () => {
  scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'scan-kube-score-')));
  mirror = await startToolMirror();
  const manifest = readFileSync(path.join(FIXTURES, 'manifests', 'workloads.yaml'), 'utf8');
  const fixtureReport = JSON.parse(readFileSync(path.join(FIXTURES, 'workloads.json'), 'utf8')) as Json[];

  // render none: a file and a glob; ignore and optional tests.
  wsNone = workspace('none', { 'k8s/workloads.yaml': manifest, 'other/tools.yml': TOOLS_POD, 'other/notes.txt': 'x' });
  const workloads = path.join(wsNone, 'k8s', 'workloads.yaml');
  const tools = path.join(wsNone, 'other', 'tools.yml');
  expectScore(
    'none',
    scoreArgv([workloads, tools], {
      extra: ['--ignore-test', 'pod-networkpolicy', '--enable-optional-test', 'container-seccomp-profile'],
    }),
    {
      exitCode: 1,
      stdout: {
        file: writeJson('none', [
          ...fixtureReport.map((o) => ({ ...o, file_name: workloads })),
          scored('Pod', 'tools', tools, 1, PRIVILEGED, [privilegedComment('shell')]),
        ]),
      },
    },
  );

  // A Kubernetes version with a patch level: kube-score gets major.minor; nothing to report.
  wsVersion = workspace('version', { 'app.yaml': TOOLS_POD });
  expectScore('version', scoreArgv([path.join(wsVersion, 'app.yaml')], { version: 'v1.31' }), { stdout: 'null\n' });

  // kustomize: the real kubectl; RUNNER_TEMP outside the workspace.
  wsKustomize = workspace('kustomize', {
    'base/kustomization.yaml': 'resources:\n  - app.yaml\n',
    'base/app.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: registry.example.com/web:2.0.0',
      '          securityContext:',
      '            privileged: true',
      '',
    ].join('\n'),
    'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamePrefix: prod-\n',
  });
  kustomizeTemp = realpathSync(mkdtempSync(path.join(scratch, 'kustomize-runner-temp-')));
  const kustomizeRendered = path.join(kustomizeTemp, 'devsecops-scan', 'ks-kustomize', 'rendered-manifests.yaml');
  expectScore('kustomize', scoreArgv([kustomizeRendered]), {
    exitCode: 1,
    stdout: {
      file: writeJson('kustomize', [
        scored('Deployment', 'prod-web', kustomizeRendered, 1, PRIVILEGED, [privilegedComment('web')]),
      ]),
    },
  });

  // helm: a fake helm; RUNNER_TEMP inside the workspace, so the rendered file is a workspace file.
  wsHelm = workspace('helm', {
    'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.4.0\n',
    'charts/shop/values.yaml': 'replicaCount: 1\n',
    'deploy/values-prod.yaml': 'replicaCount: 3\n',
    '.runner-temp/.keep': '',
  });
  const helmRendered = path.join(wsHelm, '.runner-temp', 'devsecops-scan', 'ks-helm', 'rendered-manifests.yaml');
  expectScore('helm', scoreArgv([helmRendered]), {
    exitCode: 1,
    stdout: {
      // kube-score names Helm output after its `# Source:` comments, with row 1.
      file: writeJson('helm', [
        scored('Deployment', 'shop', 'shop/templates/deployment.yaml', 1, PRIVILEGED, [privilegedComment('shop')]),
      ]),
    },
  });

  // report: the fixture as it is (absolute paths of another machine); kube-score never runs.
  wsReport = workspace('report', {
    'k8s/workloads.yaml': manifest,
    'reports/kube-score.json': JSON.stringify(fixtureReport),
  });

  // kube-score fails to read its input (exit 1 without a report), or crashes (exit 2).
  wsBroken = workspace('broken', { 'broken.yaml': 'kind: Pod\n  name: [\n' });
  expectScore('broken', scoreArgv([path.join(wsBroken, 'broken.yaml')]), {
    exitCode: 1,
    stderr:
      'Failed to score files: failed to parse files: yaml: line 2: mapping values are not allowed in this context\n',
  });
  wsCrash = workspace('crash', { 'crash.yaml': TOOLS_POD });
  expectScore('crash', scoreArgv([path.join(wsCrash, 'crash.yaml')]), {
    exitCode: 2,
    stdout: '[',
    stderr: 'panic: runtime error: invalid memory address or nil pointer dereference\n',
  });

  // kustomize on a runner without kubectl on PATH: the pinned kubectl (here already in the tool cache) builds it.
  wsNoKubectl = workspace('no-kubectl', {
    'app/kustomization.yaml': 'resources:\n  - pod.yaml\n',
    'app/pod.yaml': TOOLS_POD,
  });
  noKubectlTemp = realpathSync(mkdtempSync(path.join(scratch, 'no-kubectl-runner-temp-')));
  expectScore(
    'no-kubectl',
    scoreArgv([path.join(noKubectlTemp, 'devsecops-scan', 'ks-no-kubectl', 'rendered-manifests.yaml')]),
    { stdout: 'null\n' },
  );
  kubectl = createFakeExecutable(mkdtempSync(path.join(scratch, 'kubectl-')), 'kubectl', {
    expect: ['kustomize', path.join(wsNoKubectl, 'app')],
    stdout: TOOLS_POD,
  });

  // The fake kube-score, packaged as kube-score's release archive for this platform.
  const fakes = mkdtempSync(path.join(scratch, 'fakes-'));
  kubeScore = createFakeExecutable(fakes, 'kube-score', {
    cases: [
      {
        expect: ['version'],
        stdout: `kube-score version: ${VERSION}, commit: 0000000, built: 2025-01-01T00:00:00Z\n`,
      },
      ...kubeScoreCases,
    ],
  });
  // The version case comes first in the fake.
  for (const key of Object.keys(caseOf)) caseOf[key]! += 1;
  const archive = makeTarGz(
    { 'kube-score': readFileSync(kubeScore.path), LICENSE: 'MIT (test copy)\n', 'README.md': '# kube-score\n' },
    { 'kube-score': 0o755 },
  );
  kubeScoreSha = createHash('sha256').update(archive).digest('hex');
  const asset = TOOL_MANIFEST['kube-score'].locate(VERSION, PLATFORM)!;
  mirror.serveRelease('zegl/kube-score', `v${VERSION}`, asset.file, archive);

  const helmDir = mkdtempSync(path.join(scratch, 'helm-'));
  helm = createFakeExecutable(helmDir, 'helm', {
    expect: [
      'template',
      'shop',
      path.join(wsHelm, 'charts', 'shop'),
      '--kube-version',
      'v1.33.0',
      '--values',
      path.join(wsHelm, 'deploy', 'values-prod.yaml'),
    ],
    stdout: HELM_OUTPUT,
  });
  const helmAsset = TOOL_MANIFEST.helm.locate(HELM_VERSION, PLATFORM)!;
  const helmExecutable = TOOL_MANIFEST.helm.executable(HELM_VERSION, PLATFORM);
  const helmArchive = makeTarGz(
    { [helmExecutable]: readFileSync(helm.path), [`${path.dirname(helmExecutable)}/LICENSE`]: 'Apache-2.0\n' },
    { [helmExecutable]: 0o755 },
  );
  helmSha = createHash('sha256').update(helmArchive).digest('hex');
  mirror.serveHost('get.helm.sh', helmAsset.path!, helmArchive);
}, 60_000);

afterAll(async () => {
  await mirror.close();
});

describe('actions/scan with kube-score on plain manifests', () => {
  let r: ActionResult;
  const assetPath = (): string =>
    `/zegl/kube-score/releases/download/v${VERSION}/${TOOL_MANIFEST['kube-score'].locate(VERSION, PLATFORM)!.file}`;

  beforeAll(async () => {
    const before = mirror.requestsFor(assetPath()).length;
    r = await scan(wsNone, {
      target: 'k8s/workloads.yaml\nother/*.yml',
      'kube-score-ignore-tests': 'pod-networkpolicy',
      'kube-score-optional-tests': 'container-seccomp-profile',
      'fail-on': 'high',
    });
    expect(mirror.requestsFor(assetPath()).length - before).toBe(1);
  }, 120_000);

  it('installs kube-score from the mirror and runs it once over every file with the exact argv', () => {
    expect(scoreInvocations('none')).toHaveLength(1);
    expect(kubeScore.invocations().filter((i) => i.rejected)).toEqual([]);
    expect(r.outputs['tool-version']).toBe(VERSION);
    assertNoStackTrace(r.log);
  });

  it('fails the gate with fail-on high on the privileged containers, and annotates the container’s `- name:` line', () => {
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({ gate: 'fail', findings: '14', high: '10', medium: '3', low: '1', critical: '0' });
    const privileged = r.annotations.filter((a) => a.title === 'HIGH container-security-context-privileged');
    expect(privileged.map((a) => [a.level, a.file, a.line])).toEqual(
      expect.arrayContaining([
        ['error', 'k8s/workloads.yaml', 21],
        ['error', 'other/tools.yml', 7],
      ]),
    );
    expect(privileged.find((a) => a.file === 'k8s/workloads.yaml')!.message).toBe(
      'The container is privileged (Deployment shop/api, container api)',
    );
    // An init container's finding points at its own line; a CronJob's at the container of its job template.
    const lines = r.annotations.filter((a) => a.file).map((a) => `${a.file}:${a.line} ${a.title}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'k8s/workloads.yaml:18 HIGH container-resources',
        'k8s/workloads.yaml:43 HIGH container-resources',
        'k8s/workloads.yaml:46 HIGH container-image-tag',
        'k8s/workloads.yaml:30 MEDIUM cronjob-has-deadline',
      ]),
    );
    const verdict = r.annotations.filter((a) => a.level === 'error' && !a.file).map((a) => a.message);
    expect(verdict).toEqual([
      expect.stringMatching(/^fail: 10 findings at or above high \(10 high\); fail-on: high \(input\)$/),
    ]);
  });

  it('writes SARIF that passes the SARIF 2.1.0 schema and GitHub’s rules, with kube-score’s check names', () => {
    const text = readFileSync(r.outputs['sarif-file']!, 'utf8');
    expect(sarifSchemaErrors(JSON.parse(text))).toEqual([]);
    expect(githubSarifProblems(text)).toEqual([]);
    const sarif = JSON.parse(text) as {
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string } }> } };
      }>;
    };
    const rule = sarif.runs[0]!.tool.driver.rules.find((x) => x.id === 'container-security-context-privileged');
    expect(rule?.shortDescription.text).toBe('Container Security Context Privileged');
    expect(sarif.runs[0]!.tool.driver.name).toBe('kube-score');
  });

  it('keeps the raw kube-score report and lists it in the summary', () => {
    const raw = path.join(path.dirname(r.outputs['sarif-file']!), 'kube-score-report.json');
    expect(existsSync(raw)).toBe(true);
    expect(r.summary).toContain(`kube-score report: \`${raw}\``);
    expect(r.summary).toContain('❌ kube-score scan of k8s/workloads.yaml');
  });
});

describe('actions/scan with kube-score options', () => {
  it('passes kubernetes-version as major.minor, and passes with nothing to report', async () => {
    const r = await scan(wsVersion, { target: 'app.yaml', 'kubernetes-version': 'v1.31.4' });
    expect(scoreInvocations('version')).toHaveLength(1);
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({ gate: 'pass', findings: '0' });
    expect(r.log).toContain('checking against Kubernetes v1.31');
  }, 120_000);

  it('fails with the end of kube-score’s stderr when it exits 1 without a report', async () => {
    const r = await scan(wsBroken, { target: 'broken.yaml' });
    expect(scoreInvocations('broken')).toHaveLength(1);
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('kube-score exited with code 1 without a JSON report; last lines of stderr:');
    expect(errors[0]!.message).toContain('Failed to score files: failed to parse files: yaml: line 2');
    expect(r.outputs['gate']).toBeUndefined();
    assertNoStackTrace(r.log);
  }, 120_000);

  it('fails with the end of kube-score’s stderr on any other exit code', async () => {
    const r = await scan(wsCrash, { target: 'crash.yaml' });
    expect(scoreInvocations('crash')).toHaveLength(1);
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors.map((a) => a.message)).toEqual([expect.stringContaining('kube-score exited with code 2')]);
    expect(errors[0]!.message).toContain('panic: runtime error');
    expect(r.outputs['gate']).toBeUndefined();
  }, 120_000);
});

describe('actions/scan with kube-score and rendering', () => {
  it('kustomize: builds the overlay with the real kubectl, scores the rendered file, and points at it', async () => {
    const r = await scan(
      wsKustomize,
      { target: 'overlays/prod', 'kube-score-render': 'kustomize', category: 'ks-kustomize' },
      { runnerTemp: kustomizeTemp },
    );
    expect(scoreInvocations('kustomize')).toHaveLength(1);
    const rendered = path.join(kustomizeTemp, 'devsecops-scan', 'ks-kustomize', 'rendered-manifests.yaml');
    const text = readFileSync(rendered, 'utf8');
    expect(text).toContain('name: prod-web');
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({ gate: 'fail', high: '1' });
    // Outside the workspace: the path is kept with the line, and nothing is annotated at a file.
    const containerLine = text.split('\n').findIndex((l) => /^\s+name: web$/.test(l)) + 1;
    expect(containerLine).toBeGreaterThan(0);
    const [finding] = findingsOf(r).findings;
    expect(finding).toMatchObject({ target: rendered, location: { startLine: containerLine } });
    expect(finding!.location.file).toBeUndefined();
    expect(r.annotations.filter((a) => a.file)).toEqual([]);
    expect(r.summary).toContain(`Rendered manifests: \`${rendered}\``);
    const sarif = readFileSync(r.outputs['sarif-file']!, 'utf8');
    expect(sarifSchemaErrors(JSON.parse(sarif))).toEqual([]);
    expect(githubSarifProblems(sarif)).toEqual([]);
  }, 120_000);

  it('helm: installs the pinned-tool helm from the mirror, renders with the values, and annotates the rendered file', async () => {
    const assetPath = `/get.helm.sh/${TOOL_MANIFEST.helm.locate(HELM_VERSION, PLATFORM)!.path!}`;
    const before = mirror.requestsFor(assetPath).length;
    const r = await scan(
      wsHelm,
      {
        target: 'charts/shop',
        'kube-score-render': 'helm',
        'helm-values': 'deploy/values-prod.yaml',
        'helm-version': HELM_VERSION,
        'helm-sha256': helmSha,
        category: 'ks-helm',
      },
      { runnerTemp: path.join(wsHelm, '.runner-temp') },
    );
    expect(mirror.requestsFor(assetPath).length - before).toBe(1);
    expect(helm.invocations().map((i) => [i.case, i.rejected])).toEqual([[0, undefined]]);
    expect(scoreInvocations('helm')).toHaveLength(1);
    expect(r.exitCode).toBe(1);
    const renderedRel = '.runner-temp/devsecops-scan/ks-helm/rendered-manifests.yaml';
    expect(readFileSync(path.join(wsHelm, renderedRel), 'utf8')).toBe(HELM_OUTPUT);
    const containerLine = HELM_OUTPUT.split('\n').indexOf('        - name: shop') + 1;
    expect(r.annotations.filter((a) => a.file).map((a) => [a.file, a.line, a.message])).toEqual([
      [renderedRel, containerLine, 'The container is privileged (Deployment shop, container shop)'],
    ]);
    const sarif = readFileSync(r.outputs['sarif-file']!, 'utf8');
    expect(sarifSchemaErrors(JSON.parse(sarif))).toEqual([]);
    expect(githubSarifProblems(sarif)).toEqual([]);
    assertNoStackTrace(r.log);
  }, 120_000);
});

/** A tool cache holding `tool` at `version` as the installer leaves it: verified (sha256 marker) and complete. */
function toolCacheWith(
  entries: Array<{ tool: string; version: string; executable: string; from: string; sha256: string }>,
): string {
  const cache = mkdtempSync(path.join(scratch, 'tool-cache-'));
  for (const e of entries) {
    const dir = path.join(cache, e.tool, e.version, 'x64');
    mkdirSync(dir, { recursive: true });
    copyFileSync(e.from, path.join(dir, e.executable));
    chmodSync(path.join(dir, e.executable), 0o755);
    writeFileSync(path.join(dir, '.devsecops-sha256'), `${e.sha256}\n`);
    writeFileSync(`${dir}.complete`, '');
  }
  return cache;
}

describe('actions/scan with kube-score and kustomize without kubectl on PATH', () => {
  it('builds the overlay with the pinned kubectl from the tool cache', async () => {
    const kubectlVersion = TOOL_MANIFEST.kubectl.version;
    const toolCache = toolCacheWith([
      {
        tool: 'kubectl',
        version: kubectlVersion,
        executable: 'kubectl',
        from: kubectl.path,
        sha256: TOOL_MANIFEST.kubectl.assets[PLATFORM]!.sha256,
      },
      { tool: 'kube-score', version: VERSION, executable: 'kube-score', from: kubeScore.path, sha256: kubeScoreSha },
    ]);
    const before = mirror.requests.length;
    const r = await runAction('scan', {
      workspace: wsNoKubectl,
      runnerTemp: noKubectlTemp,
      toolCache,
      timeoutMs: 120_000,
      // Nothing on PATH (node may live next to a kubectl in /usr/bin): the fakes name node by absolute path.
      env: { PATH: mkdtempSync(path.join(scratch, 'empty-path-')) },
      inputs: {
        scanner: 'kube-score',
        target: 'app',
        'kube-score-render': 'kustomize',
        category: 'ks-no-kubectl',
        version: VERSION,
        'version-sha256': kubeScoreSha,
        'tool-mirror': mirror.url,
      },
    });
    expect(r.exitCode).toBe(0);
    expect(r.log).toContain('kubectl is not on PATH: installing the pinned kubectl');
    expect(kubectl.invocations().map((i) => [i.argv, i.rejected])).toEqual([
      [['kustomize', path.join(wsNoKubectl, 'app')], undefined],
    ]);
    expect(scoreInvocations('no-kubectl')).toHaveLength(1);
    expect(mirror.requests.length).toBe(before);
    expect(
      readFileSync(path.join(noKubectlTemp, 'devsecops-scan', 'ks-no-kubectl', 'rendered-manifests.yaml'), 'utf8'),
    ).toBe(TOOLS_POD);
  }, 120_000);
});

describe('actions/scan with kube-score and report', () => {
  it('processes an existing report without installing kube-score, locating findings in the workspace files', async () => {
    const before = mirror.requests.length;
    const r = await scan(wsReport, { target: 'k8s', report: 'reports/kube-score.json' });
    expect(mirror.requests.length).toBe(before);
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({ gate: 'fail', high: '9', medium: '3', low: '1', 'tool-version': 'unknown' });
    expect(r.annotations.find((a) => a.title === 'HIGH container-security-context-privileged')).toMatchObject({
      file: 'k8s/workloads.yaml',
      line: 21,
    });
    assertNoStackTrace(r.log);
  }, 120_000);

  it('refuses a report that is not kube-score JSON', async () => {
    const ws = workspace('bad-report', { 'k8s/app.yaml': TOOLS_POD });
    copyFileSync(
      path.join(FIXTURES, '..', '..', '..', '..', 'shared', 'fixtures', 'real', 'kube-score', 'kube-score-real.sarif'),
      path.join(ws, 'ks.sarif'),
    );
    const r = await scan(ws, { target: 'k8s', report: 'ks.sarif' });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.map((a) => a.message)).toEqual([
      'the file is SARIF, not a kube-score JSON report: run kube-score with --output-format json',
    ]);
    expect(r.outputs['findings']).toBeUndefined();
  }, 120_000);
});
