import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/*
 * Each action's README documents every input and output its action.yml
 * declares, in a table row of its own, so the docs cannot drift from the
 * contract unnoticed.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ACTIONS = readdirSync(path.join(ROOT, 'actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

interface ActionYml {
  inputs?: Record<string, { required?: boolean }>;
  outputs?: Record<string, unknown>;
}

/** The names in the first column of the README's tables: `| \`name\` | …`. */
function documentedNames(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^\|\s*`([a-z0-9-]+)`\s*\|/gm)].map((m) => m[1]!));
}

describe.each(ACTIONS)('actions/%s README', (action) => {
  const yml = parse(readFileSync(path.join(ROOT, 'actions', action, 'action.yml'), 'utf8')) as ActionYml;
  const readme = readFileSync(path.join(ROOT, 'actions', action, 'README.md'), 'utf8');
  const documented = documentedNames(readme);

  it('has a row for every input of action.yml', () => {
    expect(Object.keys(yml.inputs ?? {}).filter((name) => !documented.has(name))).toEqual([]);
  });

  it('has a row for every output of action.yml', () => {
    expect(Object.keys(yml.outputs ?? {}).filter((name) => !documented.has(name))).toEqual([]);
  });

  it('is found at all (the table parser reads it)', () => {
    expect(documented.size).toBeGreaterThanOrEqual(Object.keys(yml.inputs ?? {}).length);
  });
});

describe('the README table reader', () => {
  it('finds names only in the first column of a table', () => {
    const names = documentedNames('| `fail-on` | no | high |\n| Output | x |\ntext `gate` here\n|`gate`|pass|');
    expect([...names].sort()).toEqual(['fail-on', 'gate']);
  });
});
