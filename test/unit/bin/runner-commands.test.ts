import { describe, expect, it } from '@jest/globals';
import {
  annotationOf,
  applyMasks,
  parseWorkflowCommands,
  WorkflowCommandReader,
} from '../../../bin/src/runner-commands.js';

/*
 * The file-command parsers and decodeCommandValue are covered with the test
 * harness (test/e2e/harness.test.ts); here the line reader, annotations and masks.
 */

describe('WorkflowCommandReader', () => {
  it('reads the command, its decoded properties and message', () => {
    const reader = new WorkflowCommandReader();
    expect(reader.read('::error file=src/a%2Cb.ts, line=3 ,title=T%3A x::100%25 done%0Anext')).toEqual({
      command: 'error',
      properties: { file: 'src/a,b.ts', line: '3 ', title: 'T: x' },
      message: '100% done\nnext',
    });
    expect(reader.read('::add-mask::value::with::colons')).toEqual({
      command: 'add-mask',
      properties: {},
      message: 'value::with::colons',
    });
  });

  it('ignores leading whitespace, and properties without a name or an `=`', () => {
    expect(new WorkflowCommandReader().read('\t  ::warning =x,flag,k=v=w::m')).toEqual({
      command: 'warning',
      properties: { k: 'v=w' },
      message: 'm',
    });
  });

  it('returns undefined for plain output, an unterminated command and an empty command name', () => {
    const reader = new WorkflowCommandReader();
    for (const line of ['', 'plain', 'x ::error::m', '::error', ':: ::m', '::::m', ': :error::m']) {
      expect(reader.read(line)).toBeUndefined();
    }
  });

  it('between stop-commands and its token reads nothing, then reports resume-commands', () => {
    const reader = new WorkflowCommandReader();
    expect(reader.read('::stop-commands::tok-1')).toEqual({
      command: 'stop-commands',
      properties: {},
      message: 'tok-1',
    });
    expect(reader.read('::error::hidden')).toBeUndefined();
    expect(reader.read('::stop-commands::tok-2')).toBeUndefined();
    expect(reader.read('::tok-2::')).toBeUndefined();
    expect(reader.read('::tok-1:: trailing text')).toEqual({ command: 'resume-commands', properties: {}, message: '' });
    expect(reader.read('::notice::visible')).toMatchObject({ command: 'notice', message: 'visible' });
  });

  it('keeps its state per reader', () => {
    const stopped = new WorkflowCommandReader();
    stopped.read('::stop-commands::t');
    expect(stopped.read('::debug::x')).toBeUndefined();
    expect(new WorkflowCommandReader().read('::debug::x')).toMatchObject({ command: 'debug' });
  });
});

describe('annotationOf', () => {
  const reader = (): WorkflowCommandReader => new WorkflowCommandReader();

  it('makes an annotation of error, warning and notice, with the numbers as numbers', () => {
    const command = reader().read('::warning file=a.yaml,line=12,endLine=14,col=3,endColumn=20,title=Tt::msg')!;
    expect(annotationOf(command)).toEqual({
      level: 'warning',
      message: 'msg',
      file: 'a.yaml',
      line: 12,
      endLine: 14,
      col: 3,
      endColumn: 20,
      title: 'Tt',
    });
    expect(annotationOf(reader().read('::notice::n')!)).toEqual({ level: 'notice', message: 'n' });
    expect(annotationOf(reader().read('::error::')!)).toEqual({ level: 'error', message: '' });
  });

  it('makes none of other commands', () => {
    for (const line of [
      '::debug::d',
      '::add-mask::m',
      '::group::g',
      '::Error::capitalised',
      '::set-output name=a::1',
    ]) {
      expect(annotationOf(reader().read(line)!)).toBeUndefined();
    }
  });

  it('refuses a line or column that is not a whole number', () => {
    expect(() => annotationOf(reader().read('::error line=1.5::m')!)).toThrow(
      'workflow command property line=1.5 is not a whole number',
    );
    expect(() => annotationOf(reader().read('::error col=x::m')!)).toThrow(/col=x is not a whole number/);
  });
});

describe('parseWorkflowCommands', () => {
  it('collects commands, annotations, masks and debug lines of a log, leaving out stop/resume', () => {
    const parsed = parseWorkflowCommands(
      [
        '::add-mask::s3cr3t',
        'plain',
        '::debug::looking',
        '::stop-commands::t1',
        '::error::not a command',
        '::t1::',
        '::error file=x,line=1::real',
        '',
      ].join('\r\n'),
    );
    expect(parsed.commands.map((c) => c.command)).toEqual(['add-mask', 'debug', 'error']);
    expect(parsed.masked).toEqual(['s3cr3t']);
    expect(parsed.debug).toEqual(['looking']);
    expect(parsed.annotations).toEqual([{ level: 'error', message: 'real', file: 'x', line: 1 }]);
  });
});

describe('applyMasks', () => {
  it('replaces the longest value first, so no part of a longer secret shows', () => {
    expect(applyMasks('key abcdef and abc', ['abc', 'abcdef'])).toBe('key *** and ***');
    expect(applyMasks('key abcdef', ['abcdef', 'abc'])).toBe('key ***');
  });

  it('replaces every occurrence, and ignores empty values', () => {
    expect(applyMasks('a.b a.b', ['a.b', ''])).toBe('*** ***');
    expect(applyMasks('text', [])).toBe('text');
  });

  it('treats values as text, not patterns', () => {
    expect(applyMasks('x+y (x+y) xxy', ['x+y'])).toBe('*** (***) xxy');
  });
});
