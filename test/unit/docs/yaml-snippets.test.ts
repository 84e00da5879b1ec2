import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadActionInputs } from '../../../bin/src/action-metadata.js';
import { REPO_ROOT } from '../../harness/run-action.js';

/*
 * The workflow snippets in the documentation are what users copy. Every step
 * in them that uses one of this project's actions may only give inputs that
 * action declares, and every call of a reusable workflow only inputs it
 * declares: a renamed input would otherwise live on in the docs.
 */

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory())
      return entry === 'node_modules' || entry.startsWith('.') ? [] : markdownFiles(full);
    return entry.endsWith('.md') ? [full] : [];
  });
}

interface Use {
  readonly file: string;
  readonly uses: string;
  readonly with: Record<string, unknown>;
}

/** The `uses:` + `with:` pairs of the YAML code blocks of a Markdown text (steps and reusable-workflow calls). */
export function usesInMarkdown(file: string, text: string): Use[] {
  const found: Use[] = [];
  for (const m of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
    let doc: unknown;
    try {
      doc = parseYaml(m[1]!);
    } catch {
      continue; // a fragment for reading, not a document
    }
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (typeof o['uses'] === 'string') {
          const given = { ...((o['with'] as Record<string, unknown> | undefined) ?? {}) };
          delete given['...']; // an ellipsis: "and your other inputs"
          found.push({ file, uses: o['uses'], with: given });
        }
        Object.values(o).forEach(visit);
      }
    };
    visit(doc);
  }
  return found;
}

const OWN_ACTION = /\/actions\/(scan|sbom|sign|azure-login|deploy-aks)@/;
const OWN_WORKFLOW = /\/\.github\/workflows\/(build|sign|deploy)\.yml@/;

const files = [
  ...markdownFiles(path.join(REPO_ROOT, 'docs')),
  path.join(REPO_ROOT, 'README.md'),
  ...markdownFiles(path.join(REPO_ROOT, 'actions')),
  ...markdownFiles(path.join(REPO_ROOT, 'examples')),
];
const uses = files.flatMap((f) => usesInMarkdown(path.relative(REPO_ROOT, f), readFileSync(f, 'utf8')));

async function workflowInputs(name: string): Promise<string[]> {
  const doc = parseYaml(readFileSync(path.join(REPO_ROOT, '.github', 'workflows', `${name}.yml`), 'utf8')) as {
    on: { workflow_call: { inputs?: Record<string, unknown>; secrets?: Record<string, unknown> } };
  };
  return Object.keys(doc.on.workflow_call.inputs ?? {});
}

describe('workflow snippets in the documentation', () => {
  it('are found (the reader sees the steps that use our actions and workflows)', () => {
    expect(uses.filter((u) => OWN_ACTION.test(u.uses)).length).toBeGreaterThan(20);
    expect(uses.filter((u) => OWN_WORKFLOW.test(u.uses)).length).toBeGreaterThan(2);
  });

  it('give our actions only inputs their action.yml declares', async () => {
    const problems: string[] = [];
    for (const u of uses) {
      const action = OWN_ACTION.exec(u.uses)?.[1];
      if (!action) continue;
      const declared = new Set((await loadActionInputs(path.join(REPO_ROOT, 'actions', action))).map((i) => i.name));
      for (const key of Object.keys(u.with))
        if (!declared.has(key)) problems.push(`${u.file}: actions/${action} has no input '${key}'`);
    }
    expect(problems).toEqual([]);
  });

  it('give our reusable workflows only inputs they declare', async () => {
    const problems: string[] = [];
    for (const u of uses) {
      const workflow = OWN_WORKFLOW.exec(u.uses)?.[1];
      if (!workflow) continue;
      const declared = new Set(await workflowInputs(workflow));
      for (const key of Object.keys(u.with))
        if (!declared.has(key)) problems.push(`${u.file}: ${workflow}.yml has no input '${key}'`);
    }
    expect(problems).toEqual([]);
  });

  it('the reader reports an undeclared input', () => {
    const text = '```yaml\nsteps:\n  - uses: o/r/actions/scan@abc\n    with:\n      scaner: trivy\n```\n';
    expect(usesInMarkdown('x.md', text)).toEqual([
      { file: 'x.md', uses: 'o/r/actions/scan@abc', with: { scaner: 'trivy' } },
    ]);
  });
});
