import { UsageError } from './usage-error.js';

/** An option of the command line itself (not an input of the action it runs). */
export interface OwnOption {
  readonly name: string;
  /** A switch takes no value. */
  readonly switch?: boolean;
  readonly description: string;
}

export interface ParsedArguments {
  /** Action inputs by name; a repeated option's values joined by newlines (a list, as inputs take them). */
  readonly inputs: Record<string, string>;
  /** The command line's own options: a switch is true, others their value. */
  readonly own: Record<string, string | true>;
}

/**
 * Parses `--name value` and `--name=value` against the inputs of the action
 * a command runs and the command's own options. Anything else is refused in
 * one line that says what is allowed, before any work.
 */
export function parseArguments(
  command: string,
  argv: readonly string[],
  inputNames: readonly string[],
  ownOptions: readonly OwnOption[],
  fixed: readonly string[] = [],
): ParsedArguments {
  const inputs: Record<string, string> = {};
  const own: Record<string, string | true> = {};
  const known = new Set(inputNames);
  const ownByName = new Map(ownOptions.map((o) => [o.name, o]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`devsecops ${command}: unexpected argument '${arg}'; options are --name value`);
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const option = ownByName.get(name);
    if (option?.switch) {
      if (eq >= 0) throw new UsageError(`devsecops ${command}: --${name} takes no value`);
      own[name] = true;
      continue;
    }
    if (fixed.includes(name)) {
      throw new UsageError(`devsecops ${command}: --${name} is set by the command and cannot be given`);
    }
    if (!option && !known.has(name)) {
      const allowed = [...ownOptions.map((o) => o.name), ...inputNames.filter((n) => !fixed.includes(n))];
      throw new UsageError(
        `devsecops ${command}: unknown option --${name}; allowed: ${allowed.map((n) => `--${n}`).join(', ')}`,
      );
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`devsecops ${command}: --${name} needs a value`);
      value = next;
      i++;
    }
    if (option) own[name] = value;
    else inputs[name] = name in inputs ? `${inputs[name]}\n${value}` : value;
  }
  return { inputs, own };
}
