import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** One input of an action, as its action.yml declares it. */
export interface ActionInput {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** The default the runner would pass; undefined when there is none. */
  readonly default?: string;
}

/**
 * The inputs of actions/<name>/action.yml. The command line takes exactly
 * these as its options, so a check that runs locally is configured with the
 * same names, and validated by the same code, as in a workflow.
 */
export async function loadActionInputs(actionDir: string): Promise<ActionInput[]> {
  const file = path.join(actionDir, 'action.yml');
  const doc = parseYaml(await readFile(file, 'utf8')) as { inputs?: Record<string, Record<string, unknown>> } | null;
  return Object.entries(doc?.inputs ?? {}).map(([name, spec]) => ({
    name,
    description: typeof spec['description'] === 'string' ? spec['description'] : '',
    required: spec['required'] === true,
    ...(spec['default'] !== undefined && spec['default'] !== null ? { default: String(spec['default']) } : {}),
  }));
}

/**
 * The INPUT_* variables the runner sets for a step: every declared input, the
 * given value over the default, '' when neither. Defaults that are
 * expressions (`${{ github.token }}`) have no value outside a workflow.
 */
export function inputEnvironment(
  declared: readonly ActionInput[],
  given: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const input of declared) {
    const fallback = input.default !== undefined && !input.default.includes('${{') ? input.default : '';
    env[inputEnvName(input.name)] = given[input.name] ?? fallback;
  }
  return env;
}

/** INPUT_<NAME>: spaces become `_`, upper-cased, dashes kept (as @actions/core reads them). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
