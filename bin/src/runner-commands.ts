/*
 * Parsers for what an action hands back to the GitHub runner: the file
 * commands (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, GITHUB_PATH) and the
 * workflow commands it prints (`::error file=a.ts,line=3::message`,
 * `::add-mask::value`). The command line plays the runner's part with them,
 * and the tests read actions' runs with them. They follow the runner's rules
 * and are strict where the runner is: a malformed file command fails the step
 * on a real runner, so it fails here too instead of being silently dropped.
 */

/**
 * Parses a key/value file command (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE).
 * Two forms, as the runner accepts them:
 *
 *     name=value
 *     name<<DELIMITER
 *     line 1
 *     line 2
 *     DELIMITER
 *
 * A line is the `name=value` form when it has a `=` before any `<<`. Blank
 * lines between commands are ignored. A later value for a name replaces the
 * earlier one.
 */
export function parseKeyValueFile(text: string, what = 'file command'): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === '') throw new Error(`${what}: line ${i + 1} has no name: ${JSON.stringify(line)}`);
      result[name] = line.slice(equals + 1);
      continue;
    }
    if (heredoc > 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (delimiter === '')
        throw new Error(`${what}: line ${i + 1} has an empty heredoc delimiter: ${JSON.stringify(line)}`);
      const value: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        const next = lines[i] ?? '';
        if (next === delimiter) {
          closed = true;
          break;
        }
        value.push(next);
      }
      if (!closed) throw new Error(`${what}: the value of '${name}' is not terminated by its delimiter '${delimiter}'`);
      result[name] = value.join('\n');
      continue;
    }
    throw new Error(`${what}: line ${i + 1} is neither name=value nor name<<DELIMITER: ${JSON.stringify(line)}`);
  }
  return result;
}

/** GITHUB_PATH: one directory per line, in the order they were added. */
export function parsePathFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Reverses the escaping of workflow command data and properties (%25 %0D %0A %3A %2C). */
export function decodeCommandValue(text: string): string {
  const codes: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n', '%3A': ':', '%2C': ',' };
  return text.replace(/%(?:25|0D|0A|3A|2C)/gi, (code) => codes[code.toUpperCase()] ?? code);
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  readonly level: AnnotationLevel;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly endLine?: number;
  readonly col?: number;
  readonly endColumn?: number;
  readonly title?: string;
}

export interface WorkflowCommand {
  readonly command: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

export interface WorkflowCommands {
  /** Every command in order, decoded. */
  readonly commands: WorkflowCommand[];
  readonly annotations: Annotation[];
  /** Values registered with `::add-mask::`. */
  readonly masked: string[];
  readonly debug: string[];
}

const LEVELS: readonly AnnotationLevel[] = ['error', 'warning', 'notice'];

/**
 * Reads workflow commands line by line, as the runner does: leading
 * whitespace is ignored, and between `::stop-commands::TOKEN` and `::TOKEN::`
 * nothing is a command.
 */
export class WorkflowCommandReader {
  private stopToken: string | undefined;

  /** The command on this line, or undefined when the line is plain output. */
  read(rawLine: string): WorkflowCommand | undefined {
    const line = rawLine.trimStart();
    if (!line.startsWith('::')) return undefined;
    const end = line.indexOf('::', 2);
    if (end < 0) return undefined;
    const head = line.slice(2, end);
    const data = line.slice(end + 2);
    if (this.stopToken !== undefined) {
      if (head === this.stopToken) {
        this.stopToken = undefined;
        return { command: 'resume-commands', properties: {}, message: '' };
      }
      return undefined;
    }
    const space = head.indexOf(' ');
    const command = (space < 0 ? head : head.slice(0, space)).trim();
    if (command === '') return undefined;
    const properties: Record<string, string> = {};
    if (space >= 0) {
      for (const pair of head.slice(space + 1).split(',')) {
        const eq = pair.indexOf('=');
        if (eq <= 0) continue;
        properties[pair.slice(0, eq).trim()] = decodeCommandValue(pair.slice(eq + 1));
      }
    }
    if (command === 'stop-commands') this.stopToken = data;
    return { command, properties, message: decodeCommandValue(data) };
  }
}

/** The annotation a command makes, when it is `::error`, `::warning` or `::notice`. */
export function annotationOf({ command, properties, message }: WorkflowCommand): Annotation | undefined {
  if (!(LEVELS as readonly string[]).includes(command)) return undefined;
  return {
    level: command as AnnotationLevel,
    message,
    ...(properties['file'] !== undefined ? { file: properties['file'] } : {}),
    ...numberProperty('line', properties['line']),
    ...numberProperty('endLine', properties['endLine']),
    ...numberProperty('col', properties['col']),
    ...numberProperty('endColumn', properties['endColumn']),
    ...(properties['title'] !== undefined ? { title: properties['title'] } : {}),
  };
}

/** Finds the workflow commands in a whole log (see WorkflowCommandReader). */
export function parseWorkflowCommands(log: string): WorkflowCommands {
  const reader = new WorkflowCommandReader();
  const commands: WorkflowCommand[] = [];
  for (const line of log.split(/\r?\n/)) {
    const command = reader.read(line);
    if (command && command.command !== 'stop-commands' && command.command !== 'resume-commands') commands.push(command);
  }
  const annotations: Annotation[] = [];
  const masked: string[] = [];
  const debug: string[] = [];
  for (const command of commands) {
    if (command.command === 'add-mask') masked.push(command.message);
    else if (command.command === 'debug') debug.push(command.message);
    else {
      const annotation = annotationOf(command);
      if (annotation) annotations.push(annotation);
    }
  }
  return { commands, annotations, masked, debug };
}

function numberProperty(name: string, value: string | undefined): Record<string, number> {
  if (value === undefined) return {};
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`workflow command property ${name}=${value} is not a whole number`);
  return { [name]: n };
}

/** What the runner shows in its log: every masked value replaced by `***`. */
export function applyMasks(text: string, masked: readonly string[]): string {
  let out = text;
  for (const value of [...masked].sort((a, b) => b.length - a.length)) {
    if (value !== '') out = out.split(value).join('***');
  }
  return out;
}
