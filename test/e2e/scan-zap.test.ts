import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { createFakeExecutable, type FakeCase, type FakeExecutable } from '../fakes/fake-executable.js';
import { assertNoStackTrace, REPO_ROOT, runAction, type ActionResult } from '../harness/run-action.js';
import { githubSarifProblems, sarifSchemaErrors } from '../support/sarif-validation.js';

/*
 * actions/scan with scanner zap, through the committed dist as the runner
 * runs it. ZAP cannot run here: a fake `docker` first on PATH checks the argv
 * it is given (image by digest, mounts, network, user, the plan) and writes
 * the real ZAP 2.14.0 JSON report (12 alerts: 3 medium, 2 low, 7
 * informational) and small HTML and Markdown stand-ins into the directory
 * mounted at /zap/wrk.
 */

const REAL_JSON = path.resolve(REPO_ROOT, '../shared/fixtures/real/zap/baseline-report_json-zap2.14.0.json');
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/zap');
const DEFAULT_IMAGE = /^ghcr\.io\/zaproxy\/zaproxy@sha256:[0-9a-f]{64}$/;
const OTHER_IMAGE = `registry.example.com/mirror/zaproxy@sha256:${'c'.repeat(64)}`;
const TARGET = 'http://127.0.0.1:8080';
const USER = `${process.getuid!()}:${process.getgid!()}`;
const WORK_MOUNT = ':/zap/wrk:rw';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'scan-zap-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function workspace(files: Record<string, string> = {}): string {
  const ws = mkdtempSync(path.join(scratch, 'ws-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
    writeFileSync(path.join(ws, file), text);
  }
  return ws;
}

/** The reports ZAP would write into /zap/wrk, under the names a plan gives them. */
function reports(json = 'report_json.json', html = 'report_html.html', md = 'report_md.md'): FakeCase['files'] {
  const into = (inDir: string, copy: string) => ({ fromArg: '-v', valueSuffix: WORK_MOUNT, inDir, copy });
  return [
    into(json, REAL_JSON),
    into(html, path.join(FIXTURES, 'report_html.html')),
    into(md, path.join(FIXTURES, 'report_md.md')),
  ];
}

interface DockerOptions {
  /** What `docker run` must look like, on top of what every run must have. */
  readonly run?: Exclude<FakeCase['expect'], readonly string[] | undefined>;
  readonly files?: FakeCase['files'];
  readonly runExitCode?: number;
  /** `docker image inspect` exit code: 1 means the image is not on the runner and is pulled. */
  readonly inspectExitCode?: number;
  readonly image?: RegExp | string;
}

function fakeDocker(options: DockerOptions = {}): FakeExecutable {
  const dir = mkdtempSync(path.join(scratch, 'bin-'));
  const image = options.image ?? DEFAULT_IMAGE;
  return createFakeExecutable(dir, 'docker', {
    cases: [
      { expect: ['version', '--format', '{{.Server.Version}}'], stdout: '27.3.1\n' },
      {
        expect: { startsWith: ['image', 'inspect', '--format', '{{.Id}}'], patterns: [image] },
        stdout: `sha256:${'d'.repeat(64)}\n`,
        exitCode: options.inspectExitCode ?? 0,
      },
      { expect: { startsWith: ['pull', '--quiet'], patterns: [image] }, stdout: 'pulled\n' },
      {
        expect: {
          startsWith: ['run', '--rm'],
          includes: ['zap.sh', '-cmd', '-autorun', '/zap/wrk/plan.yaml', ...(options.run?.includes ?? [])],
          excludes: ['--privileged', ...(options.run?.excludes ?? [])],
          flags: { '--network': 'host', '--user': USER, ...(options.run?.flags ?? {}) },
          patterns: [
            image,
            /^\/.+:\/zap\/wrk:rw$/,
            /^\/.+\/plan\.yaml:\/zap\/wrk\/plan\.yaml:ro$/,
            ...(options.run?.patterns ?? []),
          ],
        },
        stdout: 'Automation plan succeeded!\n',
        files: options.files ?? reports(),
        exitCode: options.runExitCode ?? 0,
      },
    ],
  });
}

function scan(
  ws: string,
  docker: FakeExecutable,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<ActionResult> {
  return runAction('scan', {
    workspace: ws,
    env: {
      PATH: [docker.dir, path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
      ...env,
    },
    inputs: { scanner: 'zap', target: TARGET, ...inputs },
  });
}

const runArgv = (docker: FakeExecutable): string[] => {
  const run = docker.invocations().find((i) => i.argv[0] === 'run');
  if (!run) throw new Error(`docker run was not called: ${JSON.stringify(docker.invocations())}`);
  return run.argv;
};
const mounts = (argv: string[]): string[] => argv.filter((_, i) => argv[i - 1] === '-v');
const outDir = (r: ActionResult): string => path.dirname(r.outputs['sarif-file']!);
const plan = (r: ActionResult): { jobs: Array<{ type: string; parameters: Record<string, unknown> }> } =>
  parse(readFileSync(path.join(outDir(r), 'zap-wrk', 'plan.yaml'), 'utf8')) as {
    jobs: Array<{ type: string; parameters: Record<string, unknown> }>;
  };
const errorMessages = (r: ActionResult): string[] =>
  r.annotations.filter((a) => a.level === 'error').map((a) => a.message);

describe('actions/scan with scanner zap (baseline, the default mode)', () => {
  let docker: FakeExecutable;
  let result: ActionResult;

  beforeAll(async () => {
    docker = fakeDocker();
    result = await scan(workspace(), docker, { 'fail-on': 'medium' });
  }, 120_000);

  it('fails fail-on: medium on the report’s three medium alerts, with the counts of ZAP’s report', () => {
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({
      gate: 'fail',
      findings: '12',
      critical: '0',
      high: '0',
      medium: '3',
      low: '2',
      'tool-version': '2.14.0',
    });
    expect(errorMessages(result)).toEqual([
      expect.stringMatching(/^fail: 3 findings at or above medium \(3 medium\); fail-on: medium \(input\)$/),
    ]);
    assertNoStackTrace(result.log);
  });

  it('runs the pinned image by digest on the host network as the runner, writable only in its output directory', () => {
    expect(docker.invocations().map((i) => i.argv.slice(0, 2))).toEqual([
      ['version', '--format'],
      ['image', 'inspect'],
      ['run', '--rm'],
    ]);
    const argv = runArgv(docker);
    expect(argv.filter((a) => DEFAULT_IMAGE.test(a))).toHaveLength(1);
    expect(argv.slice(argv.findIndex((a) => DEFAULT_IMAGE.test(a)))).toEqual([
      expect.stringMatching(DEFAULT_IMAGE),
      'zap.sh',
      '-cmd',
      '-silent',
      '-dir',
      '/tmp/zap-home',
      '-autorun',
      '/zap/wrk/plan.yaml',
    ]);
    const work = path.join(outDir(result), 'zap-wrk');
    expect(mounts(argv)).toEqual([`${work}:/zap/wrk:rw`, `${work}/plan.yaml:/zap/wrk/plan.yaml:ro`]);
    expect(argv).toEqual(expect.arrayContaining(['--cap-drop', 'ALL', '--security-opt', 'no-new-privileges']));
  });

  it('generates a baseline plan: spider and passive scan within zap-max-minutes, reports into /zap/wrk, no attack', () => {
    const jobs = plan(result).jobs;
    expect(jobs.map((j) => j.type)).toEqual([
      'passiveScan-config',
      'spider',
      'passiveScan-wait',
      'report',
      'report',
      'report',
    ]);
    // zap-max-minutes defaults to 30: half for the spider, the rest for the passive scanner.
    expect(jobs[1]!.parameters).toMatchObject({ url: `${TARGET}/`, maxDuration: 15 });
    expect(jobs[2]!.parameters).toEqual({ maxDuration: 15 });
    expect(jobs.slice(3).map((j) => [j.parameters['template'], j.parameters['reportDir']])).toEqual([
      ['traditional-json', '/zap/wrk'],
      ['traditional-html', '/zap/wrk'],
      ['traditional-md', '/zap/wrk'],
    ]);
  });

  it('writes the JSON, HTML and Markdown reports next to the SARIF before the gate fails the step', () => {
    const dir = outDir(result);
    expect(readFileSync(path.join(dir, 'zap-report.json'), 'utf8')).toBe(readFileSync(REAL_JSON, 'utf8'));
    expect(readFileSync(path.join(dir, 'zap-report.html'), 'utf8')).toContain('ZAP Scanning Report');
    expect(readFileSync(path.join(dir, 'zap-report.md'), 'utf8')).toContain('# ZAP Scanning Report');
    for (const label of ['ZAP JSON report', 'ZAP HTML report', 'ZAP Markdown report']) {
      expect(result.summary).toContain(label);
    }
    const json = JSON.parse(readFileSync(result.outputs['json-file']!, 'utf8')) as { gate: { verdict: string } };
    expect(json.gate.verdict).toBe('fail');
  });

  it('writes SARIF that passes the schema and GitHub’s rules once URL locations are allowed', () => {
    const sarif = readFileSync(result.outputs['sarif-file']!, 'utf8');
    expect(sarifSchemaErrors(JSON.parse(sarif))).toEqual([]);
    expect(githubSarifProblems(sarif, { allowUrlLocations: true })).toEqual([]);
    expect(sarif).toContain('"uri":"http://www.itsecgames.com/');
  });

  it('lists the most severe alerts with their URLs in the summary, and annotates no file', () => {
    expect(result.summary).toContain('OWASP ZAP scan of http://127.0.0.1:8080: fail');
    expect(result.summary).toContain('Content Security Policy (CSP) Header Not Set');
    expect(result.annotations.filter((a) => a.file)).toEqual([]);
  });
});

describe('actions/scan with scanner zap: gate, modes and plans', () => {
  it('passes fail-on: high on the same report (no high alert)', async () => {
    const r = await scan(workspace(), fakeDocker(), { 'fail-on': 'high' });
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({ gate: 'pass', medium: '3' });
  });

  it('full: spider, passive scan and active scan bounded by zap-max-minutes, with zap-image pulled when missing', async () => {
    const docker = fakeDocker({ image: OTHER_IMAGE, inspectExitCode: 1 });
    const r = await scan(workspace(), docker, {
      'zap-mode': 'full',
      'zap-max-minutes': '20',
      'zap-image': OTHER_IMAGE,
      'fail-on': 'none',
    });
    expect(r.exitCode).toBe(0);
    expect(docker.invocations().map((i) => i.argv[0])).toEqual(['version', 'image', 'pull', 'run']);
    expect(runArgv(docker)).toContain(OTHER_IMAGE);
    const jobs = plan(r).jobs;
    expect(jobs.map((j) => j.type)).toEqual([
      'passiveScan-config',
      'spider',
      'passiveScan-wait',
      'activeScan',
      'report',
      'report',
      'report',
    ]);
    expect(jobs[1]!.parameters['maxDuration']).toBe(4);
    expect(jobs[2]!.parameters['maxDuration']).toBe(2);
    expect(jobs[3]!.parameters).toEqual({ context: 'target', maxScanDurationInMins: 14 });
  });

  it('api: imports a workspace OpenAPI file mounted read-only, then attacks the target', async () => {
    const ws = workspace({ 'api/openapi.yaml': 'openapi: 3.0.3\ninfo: { title: app, version: "1" }\npaths: {}\n' });
    const docker = fakeDocker({ run: { patterns: [/\/api-definition\.yaml:\/zap\/wrk\/api-definition\.yaml:ro$/] } });
    const r = await scan(ws, docker, {
      'zap-mode': 'api',
      'zap-api-definition': 'api/openapi.yaml',
      'fail-on': 'none',
    });
    expect(r.exitCode).toBe(0);
    const jobs = plan(r).jobs;
    expect(jobs.map((j) => j.type)).toEqual([
      'passiveScan-config',
      'openapi',
      'passiveScan-wait',
      'activeScan',
      'report',
      'report',
      'report',
    ]);
    expect(jobs[1]!.parameters).toEqual({ apiFile: '/zap/wrk/api-definition.yaml', targetUrl: `${TARGET}/` });
    const work = path.join(outDir(r), 'zap-wrk');
    expect(mounts(runArgv(docker))).toEqual([
      `${work}:/zap/wrk:rw`,
      `${work}/api-definition.yaml:/zap/wrk/api-definition.yaml:ro`,
      `${work}/plan.yaml:/zap/wrk/plan.yaml:ro`,
    ]);
  });

  it('api: imports a GraphQL endpoint by URL (introspection)', async () => {
    const r = await scan(workspace(), fakeDocker(), {
      'zap-mode': 'api',
      'zap-api-definition': `${TARGET}/graphql`,
      'fail-on': 'none',
    });
    expect(r.exitCode).toBe(0);
    expect(plan(r).jobs[1]).toEqual({ type: 'graphql', parameters: { endpoint: `${TARGET}/graphql` } });
  });

  it('zap-plan: runs the user’s plan read-only, reads the JSON report it names, passes its variables by name only', async () => {
    const secret = 'pa55-w0rd-for-the-scan';
    const userPlan = [
      'env:',
      '  contexts:',
      '    - name: app',
      `      urls: ["${TARGET}"]`,
      '      users:',
      '        - name: tester',
      '          credentials: { username: tester, password: "${APP_PASSWORD}" }',
      'jobs:',
      '  - type: spider',
      '    parameters: { user: tester, maxDuration: 2 }',
      '  - type: report',
      '    parameters: { template: traditional-json, reportDir: /zap/wrk, reportFile: custom }',
      '',
    ].join('\n');
    const docker = fakeDocker({
      run: { flags: { '--env': 'APP_PASSWORD' } },
      files: [{ fromArg: '-v', valueSuffix: WORK_MOUNT, inDir: 'custom.json', copy: REAL_JSON }],
    });
    const r = await scan(
      workspace({ '.zap/plan.yaml': userPlan }),
      docker,
      { 'zap-plan': '.zap/plan.yaml', 'fail-on': 'high' },
      {
        APP_PASSWORD: secret,
      },
    );
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({ findings: '12', gate: 'pass' });
    expect(readFileSync(path.join(outDir(r), 'zap-wrk', 'plan.yaml'), 'utf8')).toBe(userPlan);
    expect(existsSync(path.join(outDir(r), 'zap-report.json'))).toBe(true);
    expect(runArgv(docker).join(' ')).not.toContain(secret);
    expect(r.log).not.toContain(secret);
  });
});

describe('actions/scan with scanner zap: rules file', () => {
  const rules = (lines: string[]): Record<string, string> => ({ '.zap/rules.tsv': `${lines.join('\n')}\n` });

  it('a FAIL rule fails the gate on an informational alert below fail-on', async () => {
    const ws = workspace(
      rules(['# FAIL on suspicious comments', '10027\tFAIL\t(Information Disclosure - Suspicious Comments)']),
    );
    const r = await scan(ws, fakeDocker(), { 'zap-rules-file': '.zap/rules.tsv', 'fail-on': 'high' });
    expect(r.exitCode).toBe(1);
    expect(r.outputs['gate']).toBe('fail');
    expect(errorMessages(r)).toEqual([
      "fail: 1 finding at or above high (1 info); fail-on: high (input); 1 by a FAIL rule of the scanner's rules file",
    ]);
  });

  it('IGNORE suppresses alerts: listed in the JSON, not counted, not blocking', async () => {
    const ws = workspace(
      rules([
        '10038\tIGNORE\t(Content Security Policy (CSP) Header Not Set)',
        '10020\tIGNORE\t(Missing Anti-clickjacking Header)',
        '90003\tWARN\t(Sub Resource Integrity Attribute Missing)',
      ]),
    );
    const r = await scan(ws, fakeDocker(), { 'zap-rules-file': '.zap/rules.tsv', 'fail-on': 'medium' });
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({ gate: 'pass', findings: '10', medium: '1' });
    const json = JSON.parse(readFileSync(r.outputs['json-file']!, 'utf8')) as {
      counts: { suppressed: number };
      findings: Array<{ state: string; ruleId: string; suppressed?: { source: string; reason: string } }>;
    };
    expect(json.counts.suppressed).toBe(2);
    const suppressed = json.findings.filter((f) => f.state === 'suppressed');
    expect(suppressed.map((f) => f.ruleId).sort()).toEqual(['10020', '10038']);
  });

  it('refuses a malformed rules file before running ZAP, naming the input and the line', async () => {
    const docker = fakeDocker();
    const ws = workspace(rules(['# ok', '10038\tIGNORE\tCSP', '10020 WARN (Missing Anti-clickjacking Header)']));
    const r = await scan(ws, docker, { 'zap-rules-file': '.zap/rules.tsv' });
    expect(r.exitCode).toBe(1);
    expect(errorMessages(r)).toEqual([
      expect.stringMatching(/^input 'zap-rules-file': \.zap\/rules\.tsv line 3: the fields must be separated by tabs/),
    ]);
    expect(docker.invocations()).toEqual([]);
    expect(r.outputs).toEqual({});
    expect(readdirSync(r.runnerTemp)).toEqual([]);
    assertNoStackTrace(r.log);
  });
});

describe('actions/scan with scanner zap: report and refusals', () => {
  it('report: processes an existing ZAP JSON report without running ZAP', async () => {
    const docker = fakeDocker();
    const ws = workspace({ 'zap.json': readFileSync(REAL_JSON, 'utf8') });
    const failing = await scan(ws, docker, { report: 'zap.json', 'fail-on': 'medium' });
    expect(failing.exitCode).toBe(1);
    expect(failing.outputs).toMatchObject({ gate: 'fail', medium: '3', findings: '12', 'tool-version': '2.14.0' });
    const passing = await scan(ws, docker, { report: 'zap.json', 'fail-on': 'high' });
    expect(passing.exitCode).toBe(0);
    expect(docker.invocations()).toEqual([]);
  });

  it('report: refuses a file that is not a ZAP report instead of reporting zero findings', async () => {
    const r = await scan(workspace({ 'zap.json': '{"SchemaVersion":2,"Results":[]}' }), fakeDocker(), {
      report: 'zap.json',
    });
    expect(r.exitCode).toBe(1);
    expect(errorMessages(r)).toEqual([expect.stringContaining('not a ZAP traditional JSON report')]);
    expect(r.outputs['findings']).toBeUndefined();
  });

  it('refuses a zap-plan without a traditional-json report job before running ZAP', async () => {
    const docker = fakeDocker();
    const ws = workspace({
      'plan.yaml':
        'jobs:\n  - type: spider\n  - type: report\n    parameters: { template: traditional-html, reportDir: /zap/wrk }\n',
    });
    const r = await scan(ws, docker, { 'zap-plan': 'plan.yaml' });
    expect(r.exitCode).toBe(1);
    expect(errorMessages(r)).toEqual([
      expect.stringMatching(
        /^input 'zap-plan': plan\.yaml has no report job writing a traditional-json report into \/zap\/wrk/,
      ),
    ]);
    expect(docker.invocations()).toEqual([]);
    expect(readdirSync(r.runnerTemp)).toEqual([]);
  });

  it('refuses an API definition file that is none of OpenAPI, GraphQL or WSDL', async () => {
    const docker = fakeDocker();
    const r = await scan(workspace({ 'api.txt': 'hello: world\n' }), docker, {
      'zap-mode': 'api',
      'zap-api-definition': 'api.txt',
    });
    expect(r.exitCode).toBe(1);
    expect(errorMessages(r)).toEqual([
      "input 'zap-api-definition': api.txt is not an OpenAPI/Swagger document, a GraphQL schema or a WSDL file",
    ]);
    expect(docker.invocations()).toEqual([]);
  });

  it('refuses a target that ZAP would read as a plan variable before running anything', async () => {
    const docker = fakeDocker();
    const r = await scan(workspace(), docker, { target: `${TARGET}/?next=\${HOME}` });
    expect(r.exitCode).toBe(1);
    expect(errorMessages(r)).toEqual([expect.stringMatching(/^input 'target' must not contain '\$\{'/)]);
    expect(docker.invocations()).toEqual([]);
    expect(readdirSync(r.runnerTemp)).toEqual([]);
  });

  it('fails clearly when ZAP reports errors, and when it writes no JSON report', async () => {
    const erroring = await scan(workspace(), fakeDocker({ runExitCode: 1 }));
    expect(erroring.exitCode).toBe(1);
    expect(errorMessages(erroring)).toEqual([
      expect.stringContaining('ZAP reported errors while running the plan (exit code 1)'),
    ]);
    expect(erroring.outputs['gate']).toBeUndefined();

    const silent = await scan(workspace(), fakeDocker({ files: [] }));
    expect(silent.exitCode).toBe(1);
    expect(errorMessages(silent)).toEqual([
      expect.stringContaining('ZAP wrote no JSON report (expected /zap/wrk/report_json.json)'),
    ]);
    assertNoStackTrace(silent.log);
  });

  it('says that ZAP needs Docker when there is none', async () => {
    const empty = mkdtempSync(path.join(scratch, 'nodocker-'));
    const r = await runAction('scan', {
      workspace: workspace(),
      env: { PATH: [empty, path.dirname(process.execPath)].join(path.delimiter) },
      inputs: { scanner: 'zap', target: TARGET },
    });
    expect(r.exitCode).toBe(1);
    expect(errorMessages(r)).toEqual([
      expect.stringContaining("scanner 'zap' runs ZAP in a container and needs a running Docker engine"),
    ]);
  });
});
