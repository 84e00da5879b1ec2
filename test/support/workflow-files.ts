import { readdirSync } from 'node:fs';
import path from 'node:path';

/*
 * The workflow and action metadata files of the repository that the workflow
 * tests check, found on disk so that a new file is checked without being
 * listed anywhere.
 */

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** The reusable workflows (on: workflow_call) this repository publishes. */
export const REUSABLE_WORKFLOWS = ['build', 'sign', 'deploy'] as const;
export type ReusableWorkflowName = (typeof REUSABLE_WORKFLOWS)[number];

/** The repository as callers name it in the example (a documented placeholder). */
export const EXAMPLE_OWNER_REPO = 'your-org/devsecops-actions-aks';

/** Where this workflow's own actions are checked out in the reusable workflows' jobs. */
export const SELF_CHECKOUT_PATH = '.devsecops-actions';

function yamlFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir))
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Every workflow: the project's own, and the example service's. Paths relative to the repository root. */
export function workflowFiles(): string[] {
  return [...yamlFiles('.github/workflows'), ...yamlFiles('examples/hello-aks/.github/workflows')];
}

/** Every action.yml of actions/*. Paths relative to the repository root. */
export function actionFiles(): string[] {
  return readdirSync(path.join(repoRoot, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join('actions', d.name, 'action.yml'))
    .sort();
}

export function reusableWorkflowFile(name: ReusableWorkflowName): string {
  return `.github/workflows/${name}.yml`;
}
