import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  actionFiles,
  EXAMPLE_OWNER_REPO,
  repoRoot,
  REUSABLE_WORKFLOWS,
  reusableWorkflowFile,
  workflowFiles,
} from '../../support/workflow-files.js';
import { actionlint, formatFindings, githubSchemaErrors } from '../../support/workflow-lint.js';
import type { SchemaInput } from '../../support/workflow-lint.js';

/*
 * The real linters over every workflow and action.yml: actionlint 1.7.7 and
 * GitHub's own schema (@actions/workflow-parser), which also resolves the
 * example's calls to build.yml, sign.yml and deploy.yml against the files
 * here and checks the inputs it passes. Each linter is also shown to fail on
 * a broken file.
 */

const TIMEOUT = 60_000;

function read(file: string): string {
  return readFileSync(path.join(repoRoot, file), 'utf8');
}

/** The reusable workflows as the example names them (placeholder owner/repo). */
function remoteWorkflows(override: Partial<Record<string, string>> = {}): Record<string, string> {
  return Object.fromEntries(
    REUSABLE_WORKFLOWS.map((n) => {
      const file = reusableWorkflowFile(n);
      return [`${EXAMPLE_OWNER_REPO}/${file}`, override[file] ?? read(file)];
    }),
  );
}

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'workflow-lint-'));
  mkdirSync(path.join(scratch, '.github', 'workflows'), { recursive: true });
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a workflow under a scratch .github/workflows, as actionlint is given paths that exist. */
function scratchWorkflow(name: string, content: string): string {
  const file = path.join(scratch, '.github', 'workflows', name);
  writeFileSync(file, content);
  return file;
}

describe('actionlint', () => {
  it.each(workflowFiles())(
    '%s has no findings',
    async (file) => {
      const findings = await actionlint(path.join(repoRoot, file));
      expect(formatFindings(file, findings)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'reports a broken workflow',
    async () => {
      const bad = read('.github/workflows/deploy.yml')
        .replace('needs: [prepare, deploy]', 'needs: [prepare, deploi]')
        .replace('${{ needs.prepare.outputs.sha }}', '${{ needs.prepare.outputs.shaa }}');
      const file = scratchWorkflow('deploy.yml', bad);
      const messages = (await actionlint(file)).map((f) => f.message).join('\n');
      expect(messages).toMatch(/deploi/);
      expect(messages).toMatch(/shaa/);
    },
    TIMEOUT,
  );
});

describe("GitHub's workflow schema (@actions/workflow-parser)", () => {
  it(
    'accepts every workflow and action.yml, and the inputs the example passes to the reusable workflows',
    async () => {
      const files: SchemaInput[] = [
        ...workflowFiles().map((name) => ({ name, kind: 'workflow' as const, content: read(name) })),
        ...actionFiles().map((name) => ({ name, kind: 'action' as const, content: read(name) })),
      ];
      const errors = await githubSchemaErrors(files, remoteWorkflows());
      expect(Object.keys(errors).sort()).toEqual(files.map((f) => f.name).sort());
      expect(Object.values(errors).flat()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'rejects a broken workflow, a broken action.yml and a call that does not match the called workflow',
    async () => {
      const pipeline = 'examples/hello-aks/.github/workflows/pipeline.yml';
      const errors = await githubSchemaErrors(
        [
          {
            name: 'bad-workflow.yml',
            kind: 'workflow',
            content: read('.github/workflows/sign.yml').replace('timeout-minutes: 30', 'timeout-minutes: soon'),
          },
          {
            name: 'bad-action.yml',
            kind: 'action',
            content: read('actions/scan/action.yml').replace('using: node24', 'using: node99'),
          },
          {
            name: pipeline,
            kind: 'workflow',
            content: read(pipeline).replace('image-name: hello', 'image-nam: hello'),
          },
        ],
        remoteWorkflows(),
      );
      expect(errors['bad-workflow.yml']!.join('\n')).toMatch(/soon/);
      expect(errors['bad-action.yml']!.join('\n')).toMatch(/node99/);
      expect(errors[pipeline]!.join('\n')).toMatch(/image-name is required/);
      expect(errors[pipeline]!.join('\n')).toMatch(/image-nam is not defined/);
    },
    TIMEOUT,
  );

  it(
    'rejects the example when a reusable workflow drops an input it passes',
    async () => {
      const pipeline = 'examples/hello-aks/.github/workflows/pipeline.yml';
      const build = read(reusableWorkflowFile('build')).replace(/^ {6}codeql-languages:\n/m, '      codeql-langs:\n');
      const errors = await githubSchemaErrors(
        [{ name: pipeline, kind: 'workflow', content: read(pipeline) }],
        remoteWorkflows({ [reusableWorkflowFile('build')]: build }),
      );
      expect(errors[pipeline]!.join('\n')).toMatch(/codeql-languages is not defined/);
    },
    TIMEOUT,
  );
});
