/*
 * The runner's file and workflow commands, as the tests read them (the
 * parsers are the command line's, which plays the runner's part locally),
 * and a check that a log holds no stack trace.
 */
export {
  annotationOf,
  applyMasks,
  decodeCommandValue,
  parseKeyValueFile,
  parsePathFile,
  parseWorkflowCommands,
  WorkflowCommandReader,
  type Annotation,
  type AnnotationLevel,
  type WorkflowCommand,
  type WorkflowCommands,
} from '../../bin/src/runner-commands.js';

/** Fails with the offending lines when a log holds a JavaScript stack trace. */
export function assertNoStackTrace(log: string): void {
  const frames = log.split(/\r?\n/).filter((line) => STACK_FRAME.test(line));
  if (frames.length > 0) throw new Error(`expected no stack trace in the log, found:\n${frames.join('\n')}`);
}

/** `    at foo (file:///a/b.js:1:2)`, `    at /a/b.js:1:2`, `    at async Promise.all (index 0)`. */
const STACK_FRAME = /^\s+at\s+(?:.*\(.*:\d+:\d+\)|\S+:\d+:\d+|async\s.+|.*\(<anonymous>\)|.*\(index \d+\))\s*$/;
