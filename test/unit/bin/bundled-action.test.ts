import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actionEnvironment, PROJECT_ROOT, runBundledAction, type LocalJob } from '../../../bin/src/bundled-action.js';
import { REPO_ROOT } from '../../harness/run-action.js';

const JOB: LocalJob = { workspace: '/work/space', runnerTemp: '/tmp/devsecops-x', toolCache: '/cache/tools' };
const FILES = {
  GITHUB_OUTPUT: '/tmp/devsecops-x/scan-output',
  GITHUB_ENV: '/tmp/devsecops-x/scan-env',
  GITHUB_PATH: '/tmp/devsecops-x/scan-path',
  GITHUB_STATE: '/tmp/devsecops-x/scan-state',
  GITHUB_STEP_SUMMARY: '/tmp/devsecops-x/scan-summary.md',
};

describe('actionEnvironment', () => {
  const base: NodeJS.ProcessEnv = {
    HOME: '/home/dev',
    PATH: '/usr/local/bin:/usr/bin',
    HTTPS_PROXY: 'http://proxy.corp:3128',
    https_proxy: 'http://proxy.corp:3128',
    NO_PROXY: 'localhost,127.0.0.1',
    DOCKER_CONFIG: '/home/dev/.docker',
    DEVSECOPS_TOOL_MIRROR: 'https://mirror.corp',
    TRIVY_CACHE_DIR: '/home/dev/.trivy',
    // Of a surrounding workflow step: none of it may reach the local run.
    INPUT_SCANNER: 'zap',
    'INPUT_FAIL-ON': 'none',
    INPUT_LEFTOVER: 'x',
    STATE_token: '/tmp/token',
    ACTIONS_RUNTIME_TOKEN: 'runtime-token',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.example/idtoken',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token',
    ACTIONS_CACHE_URL: 'https://cache.example/',
    GITHUB_OUTPUT: '/runner/_temp/_runner_file_commands/set_output_1',
    GITHUB_ENV: '/runner/_temp/_runner_file_commands/set_env_1',
    GITHUB_PATH: '/runner/_temp/_runner_file_commands/add_path_1',
    GITHUB_STATE: '/runner/_temp/_runner_file_commands/save_state_1',
    GITHUB_STEP_SUMMARY: '/runner/_temp/_runner_file_commands/step_summary_1',
    RUNNER_TEMP: '/runner/_temp',
    RUNNER_TOOL_CACHE: '/opt/hostedtoolcache',
    GITHUB_WORKSPACE: '/runner/work/repo',
    // Names that only look like the dropped ones.
    GITHUB_OUTPUTS_DIR: '/kept',
    MY_INPUT_X: 'kept',
    XACTIONS_Y: 'kept',
    UNSET: undefined,
  };
  const inputs = { INPUT_SCANNER: 'trivy', 'INPUT_FAIL-ON': '' };
  const env = actionEnvironment(base, JOB, FILES, inputs);

  it("keeps the user's own variables: HOME, PATH, proxies, docker and tool settings", () => {
    expect(env).toMatchObject({
      HOME: '/home/dev',
      PATH: '/usr/local/bin:/usr/bin',
      HTTPS_PROXY: 'http://proxy.corp:3128',
      https_proxy: 'http://proxy.corp:3128',
      NO_PROXY: 'localhost,127.0.0.1',
      DOCKER_CONFIG: '/home/dev/.docker',
      DEVSECOPS_TOOL_MIRROR: 'https://mirror.corp',
      TRIVY_CACHE_DIR: '/home/dev/.trivy',
      GITHUB_OUTPUTS_DIR: '/kept',
      MY_INPUT_X: 'kept',
      XACTIONS_Y: 'kept',
    });
    expect('UNSET' in env).toBe(false);
  });

  it("drops a surrounding step's inputs, state and service tokens", () => {
    for (const name of [
      'INPUT_LEFTOVER',
      'STATE_token',
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'ACTIONS_CACHE_URL',
    ]) {
      expect(env).not.toHaveProperty([name]);
    }
    for (const value of ['runtime-token', 'oidc-request-token', '/tmp/token']) {
      expect(Object.values(env)).not.toContain(value);
    }
    expect(JSON.stringify(env)).not.toContain('/runner/_temp/_runner_file_commands');
  });

  it("sets the runner's directories, the local file commands and the inputs over anything inherited", () => {
    expect(env).toMatchObject({
      GITHUB_WORKSPACE: '/work/space',
      RUNNER_TEMP: '/tmp/devsecops-x',
      RUNNER_TOOL_CACHE: '/cache/tools',
      ...FILES,
      INPUT_SCANNER: 'trivy',
      'INPUT_FAIL-ON': '',
    });
  });

  it("asks for the action's debug output only when verbose, over an inherited RUNNER_DEBUG", () => {
    expect(env['RUNNER_DEBUG']).toBeUndefined();
    const verbose = actionEnvironment({ RUNNER_DEBUG: '0' }, JOB, FILES, {}, { debug: true });
    expect(verbose['RUNNER_DEBUG']).toBe('1');
  });

  it('does not change the base environment', () => {
    expect(base['INPUT_LEFTOVER']).toBe('x');
    expect(base['RUNNER_TEMP']).toBe('/runner/_temp');
  });
});

describe('PROJECT_ROOT', () => {
  it('is the repository root, where the action bundles are', () => {
    expect(PROJECT_ROOT).toBe(REPO_ROOT);
    expect(existsSync(path.join(PROJECT_ROOT, 'actions', 'scan', 'dist', 'index.js'))).toBe(true);
  });
});

/*
 * The committed actions/scan bundle processing a Trivy report written here
 * (the `report` input): no scanner is installed, so this runs offline in a second.
 */
describe('runBundledAction with the committed actions/scan', () => {
  let scratch: string;
  let job: LocalJob;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'bundled-action-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  function newJob(): LocalJob {
    const root = mkdtempSync(path.join(scratch, 'job-'));
    for (const dir of ['ws', 'temp', 'tools']) mkdirSync(path.join(root, dir));
    const workspace = path.join(root, 'ws');
    mkdirSync(path.join(workspace, 'config'));
    writeFileSync(path.join(workspace, 'config', 'app.env'), 'NAME=app\nTOKEN=redacted\n');
    const report = {
      SchemaVersion: 2,
      ArtifactName: '.',
      ArtifactType: 'filesystem',
      Results: [
        {
          Target: 'config/app.env',
          Class: 'secret',
          Secrets: [
            {
              RuleID: 'github-pat',
              Category: 'GitHub',
              Severity: 'CRITICAL',
              Title: 'GitHub Personal Access Token',
              StartLine: 2,
              EndLine: 2,
              Match: 'TOKEN=*****',
            },
          ],
        },
      ],
    };
    writeFileSync(path.join(workspace, 'trivy.json'), JSON.stringify(report));
    return { workspace, runnerTemp: path.join(root, 'temp'), toolCache: path.join(root, 'tools') };
  }

  async function run(given: Record<string, string>) {
    job = newJob();
    const printed: string[] = [];
    const errors: string[] = [];
    const result = await runBundledAction(
      'scan',
      { scanner: 'trivy', target: '.', cache: 'false', report: 'trivy.json', ...given },
      job,
      { print: (line) => printed.push(line), printError: (line) => errors.push(line) },
    );
    return { result, printed, errors };
  }

  it('passes the inputs, reads the outputs and the summary, and shows annotations as file:line lines', async () => {
    const { result, printed, errors } = await run({ category: 'local-check' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ gate: 'fail', critical: '1', findings: '1', category: 'local-check' });
    expect(result.outputs['sarif-file']?.startsWith(`${job.runnerTemp}${path.sep}`)).toBe(true);
    expect(existsSync(result.outputs['sarif-file']!)).toBe(true);
    expect(result.summary).toContain('fail');
    expect(result.summary).toContain('config/app.env:2');
    expect(printed).toContainEqual(
      expect.stringMatching(/^config\/app\.env:2(:\d+)?: error: .*GitHub Personal Access Token/),
    );
    expect(printed).toContainEqual(expect.stringMatching(/^error: fail: 1 finding at or above high/));
    expect(printed.some((line) => line.startsWith('::'))).toBe(false);
    expect(errors).toEqual([]);
  });

  it('writes the file commands into RUNNER_TEMP, private to the user', async () => {
    const { result } = await run({ 'fail-on': 'none' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['gate']).toBe('pass');
    for (const name of ['scan-output', 'scan-env', 'scan-path', 'scan-state', 'scan-summary.md']) {
      expect(statSync(path.join(job.runnerTemp, name)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(path.join(job.runnerTemp, 'scan-summary.md'), 'utf8')).toBe(result.summary);
  });

  it('ends with the action’s one-line error for a bad input value', async () => {
    const { result, printed } = await run({ 'fail-on': 'hihg' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toEqual({});
    const errors = printed.filter((line) => line.startsWith('error: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("'fail-on'");
    expect(errors[0]).toContain("'hihg'");
  });

  it('fails before running when the action has no bundle', async () => {
    await expect(runBundledAction('no-such-action', {}, newJob())).rejects.toThrow(
      /actions\/no-such-action\/dist\/index\.js is missing/,
    );
  });
});
