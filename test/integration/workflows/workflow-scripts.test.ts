import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { REUSABLE_WORKFLOWS, reusableWorkflowFile } from '../../support/workflow-files.js';
import { runWorkflowStep, workflowStep } from '../../support/workflow-steps.js';
import type { StepRun } from '../../support/workflow-steps.js';

/*
 * The shell steps of the reusable workflows, run as a runner runs them (bash
 * -eo pipefail, GITHUB_OUTPUT, the env the step declares) against real
 * inputs: an ID token endpoint on 127.0.0.1, real git repositories, real
 * files. Above all the step that names the commit the workflow's own actions
 * are checked out at.
 */

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const REQUEST_TOKEN = 'request-token-for-the-test';
/** For the runs that wait for curl's retries (1 s, 2 s, 4 s apart) and for whole-workflow loops. */
const SLOW = 30_000;

let scratch: string;
let idTokenServer: Server;
let idTokenUrl: string;
/** The claims the fake GitHub OIDC endpoint puts in the next token, or the HTTP status it fails with. */
let nextClaims: Record<string, unknown> | number;
let lastAudience: string | null;

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function jwt(claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.c2lnbmF0dXJl`;
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'workflow-scripts-'));
  idTokenServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    lastAudience = url.searchParams.get('audience');
    if (req.headers.authorization !== `bearer ${REQUEST_TOKEN}` || url.searchParams.get('api-version') !== '2.0') {
      res.writeHead(401).end();
    } else if (typeof nextClaims === 'number') {
      res.writeHead(nextClaims).end('refused');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: jwt(nextClaims) }));
    }
  });
  await new Promise<void>((r) => idTokenServer.listen(0, '127.0.0.1', r));
  const address = idTokenServer.address() as { port: number };
  idTokenUrl = `http://127.0.0.1:${address.port}/token?api-version=2.0`;
});

afterAll(async () => {
  await new Promise((r) => idTokenServer.close(r));
  rmSync(scratch, { recursive: true, force: true });
});

function workspace(): string {
  return path.join(mkdtempSync(path.join(scratch, 'job-')), 'workspace');
}

function errors(run: StepRun): string {
  return run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error::'))
    .join('\n');
}

describe("the prepare job reads the workflow's own repository and commit from the ID token", () => {
  async function resolve(workflow: string, claims: Record<string, unknown> | number): Promise<StepRun> {
    nextClaims = claims;
    lastAudience = null;
    return runWorkflowStep(workflowStep(workflow, 'prepare', 'self'), {
      env: {},
      workspace: workspace(),
      extraEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: idTokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN },
    });
  }

  it.each(REUSABLE_WORKFLOWS)(
    '%s.yml: the repository and the commit, whatever ref the caller used',
    async (name) => {
      const file = reusableWorkflowFile(name);
      const refs = ['refs/tags/v1.2.3', 'refs/tags/v1.2.30', 'refs/tags/v1.2.300', SHA, 'refs/tags/release@2026-01'];
      const claimsFor = (ref: string) => ({
        job_workflow_ref: `acme/devsecops-actions-aks/${file}@${ref}`,
        job_workflow_sha: SHA,
        sub: 'x',
      });
      // Refs of different lengths make payloads that need no, one and two base64 pad characters.
      const pads = new Set(refs.map((ref) => (4 - (base64url(JSON.stringify(claimsFor(ref))).length % 4)) % 4));
      expect([...pads].sort()).toEqual([0, 1, 2]);
      for (const ref of refs) {
        const claims = claimsFor(ref);
        const run = await resolve(file, claims);
        expect([ref, run.code, errors(run), run.stderr]).toEqual([ref, 0, '', '']);
        expect(run.outputs).toEqual({ repository: 'acme/devsecops-actions-aks', sha: SHA });
        expect(run.summary).toContain(`acme/devsecops-actions-aks@${SHA}`);
        expect(lastAudience).toBe('devsecops-actions-aks/workflow-commit');
      }
    },
    SLOW,
  );

  it('masks the token and prints it nowhere else', async () => {
    const claims = { job_workflow_ref: `acme/repo/.github/workflows/build.yml@refs/heads/main`, job_workflow_sha: SHA };
    const run = await resolve('.github/workflows/build.yml', claims);
    const token = jwt(claims);
    expect(run.stdout.split('\n').filter((l) => l.includes(token))).toEqual([`::add-mask::${token}`]);
    expect(run.summary).not.toContain(token);
  });

  it('refuses a token that names another workflow file', async () => {
    const run = await resolve('.github/workflows/deploy.yml', {
      job_workflow_ref: 'acme/repo/.github/workflows/build.yml@refs/heads/main',
      job_workflow_sha: SHA,
    });
    expect(run.code).not.toBe(0);
    expect(errors(run)).toMatch(/is not \.github\/workflows\/deploy\.yml of a repository/);
    expect(run.outputs).toEqual({});
  });

  it('refuses a token without a commit (a workflow that is not called as a reusable one)', async () => {
    const run = await resolve('.github/workflows/sign.yml', {
      job_workflow_ref: 'acme/repo/.github/workflows/sign.yml@refs/heads/main',
    });
    expect(run.code).not.toBe(0);
    expect(errors(run)).toMatch(/no job_workflow_sha claim/);
  });

  it('refuses an abbreviated commit', async () => {
    const run = await resolve('.github/workflows/build.yml', {
      job_workflow_ref: 'acme/repo/.github/workflows/build.yml@refs/heads/main',
      job_workflow_sha: SHA.slice(0, 12),
    });
    expect(run.code).not.toBe(0);
  });

  it('fails when the token endpoint refuses', async () => {
    const run = await resolve('.github/workflows/build.yml', 403);
    expect(run.code).not.toBe(0);
    expect(run.outputs).toEqual({});
  });

  it(
    'fails when the token endpoint keeps failing, after its retries',
    async () => {
      const run = await resolve('.github/workflows/build.yml', 503);
      expect(run.code).not.toBe(0);
      expect(run.outputs).toEqual({});
    },
    SLOW,
  );
});

describe('the actions checked out at that commit are confirmed', () => {
  function gitRepo(dir: string): string {
    mkdirSync(dir, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', dir, ...args], {
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      }).trim();
    git('init', '-q');
    writeFileSync(path.join(dir, 'action.yml'), 'name: x\n');
    git('add', '.');
    git('commit', '-q', '-m', 'actions');
    return git('rev-parse', 'HEAD');
  }

  it('passes at the expected commit and fails at any other', async () => {
    const ws = workspace();
    const head = gitRepo(path.join(ws, '.devsecops-actions'));
    const step = workflowStep(
      '.github/workflows/deploy.yml',
      'deploy',
      "Confirm the actions are at the workflow's commit",
    );
    expect((await runWorkflowStep(step, { env: { EXPECTED_SHA: head }, workspace: ws })).code).toBe(0);
    const other = await runWorkflowStep(step, { env: { EXPECTED_SHA: SHA }, workspace: ws });
    expect(other.code).not.toBe(0);
    expect(errors(other)).toContain(`not at this workflow's commit ${SHA}`);
  });
});

describe('build.yml', () => {
  const file = '.github/workflows/build.yml';

  it('plans CodeQL per language with its build mode, and maps fail-on to dependency review', async () => {
    const step = workflowStep(file, 'prepare', 'plan');
    const run = await runWorkflowStep(step, {
      env: { LANGUAGES: 'typescript, go,python,javascript', BUILD_MODE: '', FAIL_ON: 'medium' },
      workspace: workspace(),
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs['codeql-matrix']!)).toEqual({
      include: [
        { language: 'javascript-typescript', 'build-mode': 'none' },
        { language: 'go', 'build-mode': 'autobuild' },
        { language: 'python', 'build-mode': 'none' },
      ],
    });
    expect([run.outputs['review-severity'], run.outputs['review-warn-only']]).toEqual(['moderate', 'false']);

    const none = await runWorkflowStep(step, {
      env: { LANGUAGES: '', BUILD_MODE: '', FAIL_ON: 'none' },
      workspace: workspace(),
    });
    expect(JSON.parse(none.outputs['codeql-matrix']!)).toEqual({ include: [] });
    expect([none.outputs['review-severity'], none.outputs['review-warn-only']]).toEqual(['critical', 'true']);

    const dflt = await runWorkflowStep(step, {
      env: { LANGUAGES: 'go', BUILD_MODE: 'manual', FAIL_ON: '' },
      workspace: workspace(),
    });
    expect(JSON.parse(dflt.outputs['codeql-matrix']!).include).toEqual([{ language: 'go', 'build-mode': 'manual' }]);
    expect(dflt.outputs['review-severity']).toBe('high');
  });

  it.each([
    [
      { LANGUAGES: '', BUILD_MODE: '', FAIL_ON: 'hihg' },
      /input 'fail-on' must be one of critical, high, medium, low, none; got 'hihg'/,
    ],
    [{ LANGUAGES: 'cobol', BUILD_MODE: '', FAIL_ON: '' }, /'cobol' is not a CodeQL language/],
    [{ LANGUAGES: 'go', BUILD_MODE: 'fast', FAIL_ON: '' }, /input 'codeql-build-mode' must be one of/],
  ])('refuses bad inputs before any job runs: %p', async (env, message) => {
    const run = await runWorkflowStep(workflowStep(file, 'prepare', 'plan'), { env, workspace: workspace() });
    expect(run.code).not.toBe(0);
    expect(errors(run)).toMatch(message);
  });

  function serviceWorkspace(): string {
    const ws = workspace();
    mkdirSync(path.join(ws, 'svc', 'src'), { recursive: true });
    mkdirSync(path.join(ws, '.devsecops-actions', 'actions'), { recursive: true });
    writeFileSync(path.join(ws, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(path.join(ws, '.dockerignore'), 'node_modules\n');
    writeFileSync(path.join(ws, 'svc', 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(path.join(ws, 'svc', 'src', 'app.js'), '');
    writeFileSync(path.join(ws, '.devsecops-actions', 'actions', 'action.yml'), '');
    return ws;
  }

  it("stages the build context without the checkout of this workflow's actions", async () => {
    const step = workflowStep(file, 'build', 'context');
    const ws = serviceWorkspace();
    const run = await runWorkflowStep(step, { env: { CONTEXT: '.', DOCKERFILE: '' }, workspace: ws });
    expect([run.code, errors(run)]).toEqual([0, '']);
    const staged = run.outputs['dir']!;
    expect(readdirSync(staged).sort()).toEqual(['.dockerignore', 'Dockerfile', 'svc']);
    expect(path.normalize(run.outputs['dockerfile']!)).toBe(path.join(ws, 'Dockerfile'));

    const sub = await runWorkflowStep(step, { env: { CONTEXT: 'svc', DOCKERFILE: 'Dockerfile' }, workspace: ws });
    expect(sub.code).toBe(0);
    expect(readdirSync(sub.outputs['dir']!).sort()).toEqual(['Dockerfile', 'src']);
    expect(path.normalize(sub.outputs['dockerfile']!)).toBe(path.join(ws, 'Dockerfile'));
  });

  it.each([
    [{ CONTEXT: '../elsewhere', DOCKERFILE: '' }, /must be paths inside the repository; got '..\/elsewhere'/],
    [{ CONTEXT: '/etc', DOCKERFILE: '' }, /must be paths inside the repository; got '\/etc'/],
    [{ CONTEXT: '.', DOCKERFILE: 'svc/../../Dockerfile' }, /must be paths inside the repository/],
    [{ CONTEXT: 'nope', DOCKERFILE: '' }, /input 'context': no directory 'nope'/],
    [{ CONTEXT: 'svc/src', DOCKERFILE: '' }, /no Dockerfile at 'svc\/src\/Dockerfile'/],
  ])('refuses a context or Dockerfile outside the repository or missing: %p', async (env, message) => {
    const run = await runWorkflowStep(workflowStep(file, 'build', 'context'), { env, workspace: serviceWorkspace() });
    expect(run.code).not.toBe(0);
    expect(errors(run)).toMatch(message);
  });

  it('names the image by the digest the build returned, and refuses anything else', async () => {
    const step = workflowStep(file, 'build', 'image');
    const env = { REGISTRY: 'acme.azurecr.io', REPOSITORY: 'team/hello', DIGEST };
    const run = await runWorkflowStep(step, { env, workspace: workspace() });
    expect(run.outputs).toEqual({ image: `acme.azurecr.io/team/hello@${DIGEST}`, digest: DIGEST });
    const bad = await runWorkflowStep(step, { env: { ...env, DIGEST: '' }, workspace: workspace() });
    expect(bad.code).not.toBe(0);
    expect(errors(bad)).toMatch(/no image digest/);
  });

  describe('Bicep files are compiled to ARM templates inside the scanned directory', () => {
    function bicepOnPath(): { bin: string; log: string } {
      // A stand-in for the Bicep CLI that records its argv and writes the outfile.
      const bin = mkdtempSync(path.join(scratch, 'bin-'));
      const log = path.join(bin, 'calls');
      writeFileSync(
        path.join(bin, 'bicep'),
        `#!/bin/bash\necho "$*" >>"${log}"\nout=""\nwhile [ $# -gt 0 ]; do [ "$1" = --outfile ] && out=$2; shift; done\necho '{}' >"$out"\n`,
      );
      chmodSync(path.join(bin, 'bicep'), 0o755);
      return { bin, log };
    }

    it.each([
      ['.', './.devsecops-bicep/infra/main.bicep.json'],
      ['infra', 'infra/.devsecops-bicep/main.bicep.json'],
    ])('iac-path %s', async (iacPath, expected) => {
      const ws = workspace();
      mkdirSync(path.join(ws, 'infra'), { recursive: true });
      mkdirSync(path.join(ws, '.devsecops-actions'), { recursive: true });
      writeFileSync(path.join(ws, 'infra', 'main.bicep'), "param location string = 'westeurope'\n");
      writeFileSync(path.join(ws, '.devsecops-actions', 'ignored.bicep'), '');
      const { bin, log } = bicepOnPath();
      const step = workflowStep(file, 'scan-iac', 'Compile Bicep files to ARM templates for the scan');
      const run = await runWorkflowStep(step, { env: { IAC_PATH: iacPath }, workspace: ws, pathPrefix: [bin] });
      expect([run.code, errors(run)]).toEqual([0, '']);
      expect(existsSync(path.join(ws, expected))).toBe(true);
      expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
    });

    it('does nothing without Bicep files, and refuses a path outside the repository', async () => {
      const step = workflowStep(file, 'scan-iac', 'Compile Bicep files to ARM templates for the scan');
      const none = await runWorkflowStep(step, { env: { IAC_PATH: '.' }, workspace: workspace() });
      expect([none.code, none.stdout.trim()]).toEqual([0, 'no Bicep files']);
      const outside = await runWorkflowStep(step, { env: { IAC_PATH: '../..' }, workspace: workspace() });
      expect(outside.code).not.toBe(0);
      expect(errors(outside)).toMatch(/input 'iac-path' must be a directory inside the repository/);
    });
  });
});

describe('sign.yml lists the image and its SBOMs by digest', () => {
  const step = () => workflowStep('.github/workflows/sign.yml', 'sign', 'images');
  const image = `acme.azurecr.io/team/hello@${DIGEST}`;

  it('the image first, then each SBOM referrer in the same repository', async () => {
    const referrers = `sha256:${'01'.repeat(32)}\n\nsha256:${'02'.repeat(32)}\n`;
    const run = await runWorkflowStep(step(), {
      env: { IMAGE: image, SBOM_REFERRERS: referrers },
      workspace: workspace(),
    });
    expect([run.code, errors(run)]).toEqual([0, '']);
    expect(run.outputs['registry']).toBe('acme.azurecr.io');
    expect(run.outputs['list']!.split('\n')).toEqual([
      image,
      `acme.azurecr.io/team/hello@sha256:${'01'.repeat(32)}`,
      `acme.azurecr.io/team/hello@sha256:${'02'.repeat(32)}`,
    ]);
  });

  it.each([
    [
      { IMAGE: 'acme.azurecr.io/team/hello:latest', SBOM_REFERRERS: '' },
      /input 'image' must be registry\/repository@sha256/,
    ],
    [{ IMAGE: `hello@${DIGEST}`, SBOM_REFERRERS: '' }, /input 'image' must be/],
    [
      { IMAGE: `acme.azurecr.io/team/hello@${DIGEST}`, SBOM_REFERRERS: 'latest' },
      /'sbom-referrers' must hold sha256:<digest> lines; got 'latest'/,
    ],
  ])('refuses %p', async (env, message) => {
    const run = await runWorkflowStep(step(), { env, workspace: workspace() });
    expect(run.code).not.toBe(0);
    expect(`${errors(run)}\n${run.stderr}`).toMatch(message);
  });
});

describe('deploy.yml checks the image reference', () => {
  const step = () => workflowStep('.github/workflows/deploy.yml', 'deploy', 'image');
  const image = `acme.azurecr.io/hello@${DIGEST}`;

  it("allows the image's own registry unless others are listed", async () => {
    const own = await runWorkflowStep(step(), {
      env: { IMAGE: image, ALLOWED_REGISTRIES: '' },
      workspace: workspace(),
    });
    expect(own.outputs).toEqual({ registry: 'acme.azurecr.io', 'allowed-registries': 'acme.azurecr.io' });
    const listed = await runWorkflowStep(step(), {
      env: { IMAGE: image, ALLOWED_REGISTRIES: 'acme.azurecr.io\nmirror.azurecr.io\n' },
      workspace: workspace(),
    });
    expect(listed.outputs['allowed-registries']).toBe('acme.azurecr.io,mirror.azurecr.io');
  });

  it('refuses an image that is not pinned by digest', async () => {
    const run = await runWorkflowStep(step(), {
      env: { IMAGE: 'acme.azurecr.io/hello:1.0', ALLOWED_REGISTRIES: '' },
      workspace: workspace(),
    });
    expect(run.code).not.toBe(0);
    expect(errors(run)).toMatch(/input 'image' must be registry\/repository@sha256:<digest>/);
  });
});
