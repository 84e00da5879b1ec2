import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import {
  EXAMPLE_OWNER_REPO,
  repoRoot,
  REUSABLE_WORKFLOWS,
  reusableWorkflowFile,
  SELF_CHECKOUT_PATH,
} from '../../support/workflow-files.js';

/*
 * How the reusable workflows compose this repository's actions and how the
 * example calls them: the contracts of action.yml (inputs, outputs) and of
 * the workflows (inputs, outputs, permissions) hold across the files, and
 * every own action runs at the workflow's own commit.
 */

type Obj = Record<string, unknown>;

interface Step extends Obj {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Obj;
  env?: Obj;
}

interface Job extends Obj {
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps?: Step[];
  outputs?: Record<string, string>;
  uses?: string;
  with?: Obj;
  environment?: unknown;
}

interface Workflow {
  on: Obj;
  jobs: Record<string, Job>;
}

interface ActionMetadata {
  inputs?: Record<string, { required?: boolean; default?: unknown }>;
  outputs?: Record<string, unknown>;
}

function load<T>(file: string): T {
  return parse(readFileSync(path.join(repoRoot, file), 'utf8')) as T;
}

const workflows = Object.fromEntries(REUSABLE_WORKFLOWS.map((n) => [n, load<Workflow>(reusableWorkflowFile(n))]));
const example = load<Workflow>('examples/hello-aks/.github/workflows/pipeline.yml');

function action(name: string): ActionMetadata {
  return load<ActionMetadata>(`actions/${name}/action.yml`);
}

const LOCAL_ACTION = new RegExp(`^\\./${SELF_CHECKOUT_PATH.replace('.', '\\.')}/actions/([a-z0-9-]+)$`);

function ownActionSteps(job: Job): { step: Step; action: string; index: number }[] {
  return (job.steps ?? []).flatMap((step, index) => {
    const m = LOCAL_ACTION.exec(step.uses ?? '');
    return m ? [{ step, action: m[1]!, index }] : [];
  });
}

function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

const jobEntries = REUSABLE_WORKFLOWS.flatMap((w) =>
  Object.entries(workflows[w]!.jobs).map(([id, job]) => ({ workflow: w, id, job })),
);

describe("the reusable workflows run this repository's actions at their own commit", () => {
  it.each(REUSABLE_WORKFLOWS)('%s.yml uses no action of this repository through a tag or branch', (name) => {
    const text = readFileSync(path.join(repoRoot, reusableWorkflowFile(name)), 'utf8');
    expect(text).not.toMatch(/uses:\s*[^\s#]*devsecops-actions-aks\/actions\//);
    const local = Object.values(workflows[name]!.jobs)
      .flatMap((j) => j.steps ?? [])
      .filter((s) => s.uses?.startsWith('./'));
    for (const s of local) expect(s.uses).toMatch(LOCAL_ACTION);
  });

  it.each(
    jobEntries.filter((e) => ownActionSteps(e.job).length > 0).map((e) => [`${e.workflow}/${e.id}`, e.job] as const),
  )(
    '%s checks the actions out at the commit the prepare job read, and confirms it, before using them',
    (_name, job) => {
      expect(needsOf(job)).toContain('prepare');
      const steps = job.steps ?? [];
      const checkout = steps.findIndex(
        (s) => s.uses?.startsWith('actions/checkout@') && s.with?.['path'] === SELF_CHECKOUT_PATH,
      );
      expect(checkout).toBeGreaterThanOrEqual(0);
      expect(steps[checkout]!.with).toMatchObject({
        repository: '${{ needs.prepare.outputs.repository }}',
        ref: '${{ needs.prepare.outputs.sha }}',
        'persist-credentials': false,
      });
      const confirm = steps[checkout + 1]!;
      expect(confirm.env).toEqual({ EXPECTED_SHA: '${{ needs.prepare.outputs.sha }}' });
      expect(confirm.run).toContain(`git -C ${SELF_CHECKOUT_PATH} rev-parse HEAD`);
      for (const { index } of ownActionSteps(job)) expect(index).toBeGreaterThan(checkout + 1);
    },
  );

  it('the prepare jobs hold only id-token: write and run the same resolution script for their own file', () => {
    const scripts = REUSABLE_WORKFLOWS.map((name) => {
      const prepare = workflows[name]!.jobs['prepare']!;
      expect(prepare.permissions).toEqual({ 'id-token': 'write' });
      const step = prepare.steps!.find((s) => s.id === 'self')!;
      expect(step.env).toEqual({
        EXPECTED_WORKFLOW: reusableWorkflowFile(name),
        AUDIENCE: 'devsecops-actions-aks/workflow-commit',
      });
      expect(prepare.outputs).toMatchObject({
        repository: '${{ steps.self.outputs.repository }}',
        sha: '${{ steps.self.outputs.sha }}',
      });
      return step.run;
    });
    expect(new Set(scripts).size).toBe(1);
    expect(scripts[0]).toContain('job_workflow_sha');
  });

  it('no job other than prepare needs an ID token unless it logs in to Azure', () => {
    for (const { workflow, id, job } of jobEntries) {
      if (id === 'prepare' || job.permissions?.['id-token'] !== 'write') continue;
      expect([workflow, id, ownActionSteps(job).map((s) => s.action)]).toEqual([
        workflow,
        id,
        expect.arrayContaining(['azure-login']),
      ]);
    }
  });
});

describe("the steps honour the actions' contracts", () => {
  const ownSteps = jobEntries.flatMap((e) =>
    ownActionSteps(e.job).map((s) => ({
      ...s,
      where: `${e.workflow}/${e.id}/${s.step.id ?? s.step.name}`,
      job: e.job,
    })),
  );

  it('every action the workflows use exists', () => {
    for (const s of ownSteps)
      expect([s.where, existsSync(path.join(repoRoot, 'actions', s.action, 'action.yml'))]).toEqual([s.where, true]);
  });

  it.each(ownSteps.map((s) => [s.where, s.action, s.step] as const))(
    '%s sets only inputs of %s and every required one',
    (_w, name, step) => {
      const inputs = action(name).inputs ?? {};
      const given = Object.keys(step.with ?? {});
      expect(given.filter((k) => !(k in inputs))).toEqual([]);
      const required = Object.entries(inputs)
        .filter(([, d]) => d.required === true && d.default === undefined)
        .map(([k]) => k);
      expect(required.filter((k) => !given.includes(k))).toEqual([]);
    },
  );

  it.each(jobEntries.map((e) => [`${e.workflow}/${e.id}`, e.job] as const))(
    '%s reads only outputs the actions and jobs declare',
    (_name, job) => {
      const text = JSON.stringify(job);
      const stepActions = new Map(ownActionSteps(job).map((s) => [s.step.id, s.action]));
      for (const m of text.matchAll(/steps\.([a-z0-9-]+)\.outputs\.([a-z0-9-]+)/g)) {
        const [ref, stepId, output] = m;
        const step = (job.steps ?? []).find((s) => s.id === stepId);
        expect([ref, step !== undefined]).toEqual([ref, true]);
        const name = stepActions.get(stepId);
        if (name)
          expect([ref, Object.keys(action(name).outputs ?? {})]).toEqual([ref, expect.arrayContaining([output])]);
      }
    },
  );

  it.each(REUSABLE_WORKFLOWS)('%s.yml: needs.* and jobs.* outputs name outputs the jobs declare', (name) => {
    const wf = workflows[name]!;
    const text = JSON.stringify(wf);
    for (const m of text.matchAll(/(?:needs|jobs)\.([a-z0-9-]+)\.outputs\.([a-z0-9-]+)/g)) {
      const [ref, jobId, output] = m;
      expect([ref, Object.keys(wf.jobs[jobId!]?.outputs ?? {})]).toEqual([ref, expect.arrayContaining([output])]);
    }
  });
});

describe('scan results', () => {
  const build = workflows['build']!;
  const scanSteps = Object.entries(build.jobs).flatMap(([jobId, job]) =>
    ownActionSteps(job)
      .filter((s) => s.action === 'scan')
      .map((s) => ({ jobId, job, step: s.step, index: s.index })),
  );

  it('build.yml runs Trivy on the image and on the infrastructure code, and kube-score', () => {
    expect(scanSteps.map((s) => [s.step.with?.['scanner'], s.step.with?.['trivy-target-type'] ?? null])).toEqual([
      ['trivy', 'image'],
      ['trivy', 'config'],
      ['kube-score', null],
    ]);
  });

  it.each(scanSteps.map((s) => [`${s.jobId}/${s.step.id}`, s] as const))(
    '%s uploads its SARIF under its own category even when its gate fails',
    (_name, { job, step, index }) => {
      expect(step['continue-on-error']).toBeUndefined();
      expect(String(step.with?.['category'])).toMatch(/^[a-z-]+\/\$\{\{ inputs\.image-repository \}\}$/);
      const upload = job.steps![index + 1]!;
      expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@[0-9a-f]{40}$/);
      expect(upload.if).toBe(`always() && steps.${step.id}.outputs.sarif-file != ''`);
      expect(upload.with).toEqual({
        sarif_file: `\${{ steps.${step.id}.outputs.sarif-file }}`,
        category: `\${{ steps.${step.id}.outputs.category }}`,
      });
      expect(job.permissions?.['security-events']).toBe('write');
    },
  );

  it('every scan category is distinct', () => {
    const categories = scanSteps.map((s) => s.step.with?.['category']);
    expect(new Set(categories).size).toBe(categories.length);
  });

  it('deploy.yml reports ZAP as an artifact, never to code scanning', () => {
    const dast = workflows['deploy']!.jobs['dast']!;
    const zap = ownActionSteps(dast).find((s) => s.action === 'scan')!.step;
    expect(zap.with).toMatchObject({ scanner: 'zap', 'zap-mode': 'baseline', target: '${{ inputs.app-url }}' });
    expect(zap.with?.['upload-artifact']).toBe(true);
    expect(JSON.stringify(workflows['deploy'])).not.toContain('upload-sarif');
    expect(dast.permissions).toEqual({ contents: 'read' });
  });
});

describe('the gated deployment', () => {
  const deploy = workflows['deploy']!;
  const job = deploy.jobs['deploy']!;

  it("runs in the caller's required environment", () => {
    const inputs = (deploy.on['workflow_call'] as { inputs: Record<string, { required: boolean }> }).inputs;
    expect(inputs['environment']!.required).toBe(true);
    expect(job.environment).toBe('${{ inputs.environment }}');
  });

  it('verifies the signature of the exact digest before it deploys that digest', () => {
    const own = ownActionSteps(job);
    const verify = own.find((s) => s.action === 'sign')!;
    const apply = own.find((s) => s.action === 'deploy-aks')!;
    expect(verify.step.with).toMatchObject({ mode: 'verify', images: '${{ inputs.image }}' });
    expect(apply.step.with).toMatchObject({
      images: '${{ inputs.image-name }}=${{ inputs.image }}',
      'require-digest': true,
      'verify-signatures': true,
    });
    expect(verify.index).toBeLessThan(apply.index);
  });

  it('sign.yml verifies exactly what it signed, in its own optional environment', () => {
    const sign = workflows['sign']!.jobs['sign']!;
    const [signStep, verifyStep] = ownActionSteps(sign).filter((s) => s.action === 'sign');
    expect(signStep!.step.with?.['mode']).toBe('sign');
    expect(verifyStep!.step.with).toMatchObject({
      mode: 'verify',
      images: `\${{ steps.${signStep!.step.id}.outputs.digests }}`,
    });
    expect(sign.environment).toBe('${{ inputs.environment }}');
  });
});

describe('the example pipeline', () => {
  const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };

  function requested(name: string): Record<string, string> {
    const most: Record<string, string> = {};
    for (const job of Object.values(workflows[name]!.jobs))
      for (const [scope, level] of Object.entries(job.permissions ?? {}))
        if ((LEVEL[level] ?? 0) > (LEVEL[most[scope] ?? 'none'] ?? 0)) most[scope] = level;
    return most;
  }

  it('calls build, sign and deploy at a full commit SHA of the placeholder repository', () => {
    expect(Object.values(example.jobs).map((j) => j.uses)).toEqual(
      REUSABLE_WORKFLOWS.map((n) => `${EXAMPLE_OWNER_REPO}/.github/workflows/${n}.yml@${'0'.repeat(40)}`),
    );
    expect(readFileSync(path.join(repoRoot, 'examples/hello-aks/.github/workflows/pipeline.yml'), 'utf8')).toMatch(
      /PLACEHOLDERS: replace `your-org\/devsecops-actions-aks`/,
    );
  });

  it.each(REUSABLE_WORKFLOWS)('grants the %s call every permission its jobs request, and no more', (name) => {
    const caller = Object.values(example.jobs).find((j) => j.uses?.includes(`/${name}.yml@`))!;
    expect(caller.permissions).toEqual(requested(name));
  });

  it('deploys the digest build produced, after sign', () => {
    const deploy = example.jobs['deploy']!;
    expect(needsOf(deploy)).toEqual(['build', 'sign']);
    expect(deploy.with?.['image']).toBe('${{ needs.build.outputs.image }}');
    expect(example.jobs['sign']!.with?.['image']).toBe('${{ needs.build.outputs.image }}');
    expect(example.jobs['sign']!.with?.['sbom-referrers']).toBe('${{ needs.build.outputs.sbom-referrers }}');
  });

  it('points at files of the example that exist', () => {
    const build = example.jobs['build']!.with!;
    const root = path.join(repoRoot, 'examples/hello-aks');
    expect(existsSync(path.join(root, String(build['context']), 'Dockerfile'))).toBe(true);
    expect(existsSync(path.join(root, String(build['manifests'])))).toBe(true);
    expect(existsSync(path.join(root, String(example.jobs['deploy']!.with!['manifests'])))).toBe(true);
  });
});

describe('docs/pinned-actions.md', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs/pinned-actions.md'), 'utf8');

  it('records every third-party action SHA the workflows pin, with the same version', () => {
    const pins = new Map<string, string>();
    for (const file of ['.github/workflows/ci.yml', ...REUSABLE_WORKFLOWS.map(reusableWorkflowFile)]) {
      for (const m of read(file).matchAll(/uses:\s*([\w.-]+\/[\w.-]+)[^@\s]*@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)/g))
        pins.set(`${m[1]}@${m[2]}`, m[3]!);
    }
    expect(pins.size).toBeGreaterThanOrEqual(7);
    for (const [pin, version] of pins) {
      const [action, sha] = pin.split('@') as [string, string];
      const row = doc.split('\n').find((l) => l.includes(`\`${sha}\``)) ?? '';
      const cells = row.split('|').map((c) => c.trim());
      expect([pin, cells[1]?.startsWith(`\`${action}\``), cells.slice(2, 4)]).toEqual([
        pin,
        true,
        [version, `\`${sha}\``],
      ]);
    }
  });
});

function read(file: string): string {
  return readFileSync(path.join(repoRoot, file), 'utf8');
}
