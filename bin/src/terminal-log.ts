import { StringDecoder } from 'node:string_decoder';
import { annotationOf, applyMasks, WorkflowCommandReader, type Annotation } from './runner-commands.js';

/**
 * Shows an action's log in a terminal the way the runner shows it in the
 * browser: workflow commands are carried out instead of printed. Annotations
 * become `file:line:col: level: message` lines (editors jump to them), values
 * registered with `::add-mask::` are replaced by *** in every later line, and
 * debug lines appear only when asked for.
 */
export class TerminalLog {
  private readonly reader = new WorkflowCommandReader();
  private readonly decoder = new StringDecoder('utf8');
  private readonly masked: string[] = [];
  private pending = '';
  readonly annotations: Annotation[] = [];

  constructor(
    private readonly print: (line: string) => void,
    private readonly options: { verbose?: boolean } = {},
  ) {}

  /** A chunk of the action's standard output; complete lines are shown at once. */
  write(chunk: Buffer | string): void {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.line(line.replace(/\r$/, ''));
  }

  /** The end of the output: a last line without a newline is shown too. */
  end(): void {
    this.pending += this.decoder.end();
    if (this.pending !== '') this.line(this.pending);
    this.pending = '';
  }

  /** A line of the action's standard error: masked, never read for commands (the runner does not either). */
  mask(text: string): string {
    return applyMasks(text, this.masked);
  }

  private line(line: string): void {
    const command = this.reader.read(line);
    if (!command) {
      this.print(this.mask(line));
      return;
    }
    switch (command.command) {
      case 'add-mask':
        if (command.message !== '') this.masked.push(command.message);
        return;
      case 'debug':
        if (this.options.verbose) this.print(this.mask(`debug: ${command.message}`));
        return;
      case 'group':
        this.print(this.mask(command.message));
        return;
      case 'stop-commands':
      case 'resume-commands':
      case 'endgroup':
      case 'save-state':
      case 'set-output':
      case 'set-env':
      case 'add-path':
      case 'add-matcher':
      case 'remove-matcher':
      case 'echo':
        return;
    }
    let annotation: Annotation | undefined;
    try {
      annotation = annotationOf(command);
    } catch {
      // A line or column that is not a number makes no annotation: show the line as it is rather than stop.
      this.print(this.mask(line));
      return;
    }
    if (annotation) {
      this.annotations.push(annotation);
      this.print(this.mask(formatAnnotation(annotation)));
      return;
    }
    this.print(this.mask(line));
  }
}

/** `k8s/deployment.yaml:12:3: error: title: message`; without a file, `error: message`. */
export function formatAnnotation(a: Annotation): string {
  const where = a.file
    ? `${[a.file, a.line, a.line !== undefined ? a.col : undefined].filter((p) => p !== undefined).join(':')}: `
    : '';
  return `${where}${a.level}: ${a.title ? `${a.title}: ` : ''}${a.message}`;
}
