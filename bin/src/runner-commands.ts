/*
 * Parsers for what an action hands back to the GitHub runner: the file
 * commands (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, GITHUB_PATH) and the
 * workflow commands it prints (`::error file=a.ts,line=3::message`,
 * `::add-mask::value`). They follow the runner's rules, and are strict where
 * the runner is: a malformed file command fails the step on a real runner, so
 * it fails the test here too instead of being silently dropped.
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
 * Finds the workflow commands in a log. Like the runner, it looks at each line
 * (leading whitespace ignored) and honours `::stop-commands::TOKEN` …
 * `::TOKEN::`, during which nothing is a command.
 */
export function parseWorkflowCommands(log: string): WorkflowCommands {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const rawLine of log.split(/\r?\n/)) {
    const line = rawLine.trimStart();
    if (!line.startsWith('::')) continue;
    const end = line.indexOf('::', 2);
    if (end < 0) continue;
    const head = line.slice(2, end);
    const data = line.slice(end + 2);
    if (stopToken !== undefined) {
      if (head === stopToken) stopToken = undefined;
      continue;
    }
    const space = head.indexOf(' ');
    const command = (space < 0 ? head : head.slice(0, space)).trim();
    if (command === '') continue;
    const properties: Record<string, string> = {};
    if (space >= 0) {
      for (const pair of head.slice(space + 1).split(',')) {
        const eq = pair.indexOf('=');
        if (eq <= 0) continue;
        properties[pair.slice(0, eq).trim()] = decodeCommandValue(pair.slice(eq + 1));
      }
    }
    if (command === 'stop-commands') {
      stopToken = data;
      continue;
    }
    commands.push({ command, properties, message: decodeCommandValue(data) });
  }

  const annotations: Annotation[] = [];
  const masked: string[] = [];
  const debug: string[] = [];
  for (const { command, properties, message } of commands) {
    if (command === 'add-mask') masked.push(message);
    else if (command === 'debug') debug.push(message);
    else if ((LEVELS as readonly string[]).includes(command)) {
      annotations.push({
        level: command as AnnotationLevel,
        message,
        ...(properties['file'] !== undefined ? { file: properties['file'] } : {}),
        ...numberProperty('line', properties['line']),
        ...numberProperty('endLine', properties['endLine']),
        ...numberProperty('col', properties['col']),
        ...numberProperty('endColumn', properties['endColumn']),
        ...(properties['title'] !== undefined ? { title: properties['title'] } : {}),
      });
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

/** Fails with the offending lines when a log holds a JavaScript stack trace. */
export function assertNoStackTrace(log: string): void {
  const frames = log.split(/\r?\n/).filter((line) => STACK_FRAME.test(line));
  if (frames.length > 0) throw new Error(`expected no stack trace in the log, found:\n${frames.join('\n')}`);
}

/** `    at foo (file:///a/b.js:1:2)`, `    at /a/b.js:1:2`, `    at async Promise.all (index 0)`. */
const STACK_FRAME = /^\s+at\s+(?:.*\(.*:\d+:\d+\)|\S+:\d+:\d+|async\s.+|.*\(<anonymous>\)|.*\(index \d+\))\s*$/;
