import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadActionInputs } from '../../../bin/src/action-metadata.js';
import { COMMANDS } from '../../../bin/src/main.js';
import { parseArguments } from '../../../bin/src/parse-args.js';
import { REPO_ROOT } from '../../harness/run-action.js';

/*
 * The hooks this repository publishes for the pre-commit framework run the
 * `devsecops` command that package.json declares, with options the scan
 * command accepts: a renamed input or option would break every user's hook.
 */

interface Hook {
  id: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
}

const hooks = parseYaml(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const SCAN_OPTIONS = COMMANDS['scan']!.options;

describe('.pre-commit-hooks.yaml', () => {
  it('declares hooks', () => {
    expect(hooks.map((h) => h.id)).toEqual(['devsecops-secrets', 'devsecops-misconfigurations']);
  });

  it.each(hooks.map((h) => [h.id, h] as const))(
    '%s runs a declared command with valid scan options',
    async (_, hook) => {
      const [command, subcommand, ...args] = hook.entry.split(/\s+/);
      expect(Object.keys(pkg.bin)).toContain(command);
      expect(subcommand).toBe('scan');
      // File names are not passed: --staged reads the index itself.
      expect(hook.pass_filenames).toBe(false);
      expect(args).toContain('--staged');
      const inputs = (await loadActionInputs(path.join(REPO_ROOT, 'actions', 'scan'))).map((i) => i.name);
      expect(() => parseArguments('scan', args, inputs, SCAN_OPTIONS)).not.toThrow();
      expect(() => parseArguments('scan', [...args, '--no-such-input', 'x'], inputs, SCAN_OPTIONS)).toThrow(
        /unknown option --no-such-input/,
      );
    },
  );
});
