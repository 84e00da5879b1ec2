import { describe, expect, it } from '@jest/globals';
import { formatAnnotation, TerminalLog } from '../../../bin/src/terminal-log.js';

/** A log that collects what it prints; `feed` writes each chunk then ends the output. */
function terminal(options: { verbose?: boolean } = {}): { log: TerminalLog; printed: string[] } {
  const printed: string[] = [];
  return { log: new TerminalLog((line) => printed.push(line), options), printed };
}

function shown(text: string, options: { verbose?: boolean } = {}): string[] {
  const { log, printed } = terminal(options);
  log.write(text);
  log.end();
  return printed;
}

describe('TerminalLog', () => {
  it('prints plain lines as they are', () => {
    expect(shown('first\n\n  indented\nlast\n')).toEqual(['first', '', '  indented', 'last']);
  });

  it('shows annotations as file:line:col: level: title: message, and keeps them', () => {
    const { log, printed } = terminal();
    log.write(
      [
        '::error file=k8s/deployment.yaml,line=12,col=3,endLine=14,endColumn=9,title=Privileged::container runs privileged',
        '::warning file=src/app.ts,line=7::unused variable',
        '::notice file=README.md::file only',
        '::error file=a.ts,col=4::a column without a line is not shown',
        '::error::fail: 2 findings at or above high',
        '::warning title=Policy::exception expires soon',
        '',
      ].join('\n'),
    );
    log.end();
    expect(printed).toEqual([
      'k8s/deployment.yaml:12:3: error: Privileged: container runs privileged',
      'src/app.ts:7: warning: unused variable',
      'README.md: notice: file only',
      'a.ts: error: a column without a line is not shown',
      'error: fail: 2 findings at or above high',
      'warning: Policy: exception expires soon',
    ]);
    expect(log.annotations[0]).toEqual({
      level: 'error',
      message: 'container runs privileged',
      file: 'k8s/deployment.yaml',
      line: 12,
      endLine: 14,
      col: 3,
      endColumn: 9,
      title: 'Privileged',
    });
    expect(log.annotations.map((a) => a.level)).toEqual(['error', 'warning', 'notice', 'error', 'error', 'warning']);
  });

  it('decodes escaped properties and messages', () => {
    expect(shown('::error file=dir%2Cx/a%3Ab.ts,line=1,title=T%3A x::100%25 sure%0Asecond line\n')).toEqual([
      'dir,x/a:b.ts:1: error: T: x: 100% sure\nsecond line',
    ]);
  });

  it('reads a command after leading whitespace, and not in the middle of a line', () => {
    expect(shown('   ::warning::indented\nsee ::error::this\n')).toEqual(['warning: indented', 'see ::error::this']);
  });

  it('masks add-mask values in every later line, not the command itself, and masks stderr through mask()', () => {
    const { log, printed } = terminal();
    log.write('token s3cr3t-value before\n::add-mask::s3cr3t-value\n::add-mask::s3cr3t\n');
    log.write('token s3cr3t-value after, and s3cr3t alone\n');
    log.write('::error file=s3cr3t.env,line=1::leaked s3cr3t-value\n');
    log.end();
    expect(printed).toEqual([
      'token s3cr3t-value before',
      'token *** after, and *** alone',
      '***.env:1: error: leaked ***',
    ]);
    expect(log.mask('stderr: s3cr3t-value\nagain s3cr3t')).toBe('stderr: ***\nagain ***');
    expect(log.mask('nothing secret')).toBe('nothing secret');
  });

  it('ignores an empty add-mask', () => {
    const { log, printed } = terminal();
    log.write('::add-mask::\nplain text\n');
    log.end();
    expect(printed).toEqual(['plain text']);
    expect(log.mask('plain text')).toBe('plain text');
  });

  it('hides debug lines unless verbose, and masks them when shown', () => {
    const text = '::add-mask::hunter2\n::debug::trivy args: --token hunter2\nafter\n';
    expect(shown(text)).toEqual(['after']);
    expect(shown(text, { verbose: true })).toEqual(['debug: trivy args: --token ***', 'after']);
  });

  it('prints a group title and nothing for endgroup', () => {
    expect(shown('::group::Installing trivy\ninside\n::endgroup::\nafter\n')).toEqual([
      'Installing trivy',
      'inside',
      'after',
    ]);
  });

  it('swallows the commands that only the runner acts on', () => {
    const commands = [
      '::set-output name=x::1',
      '::save-state name=y::2',
      '::set-env name=Z::3',
      '::add-path::/opt/bin',
      '::add-matcher::matcher.json',
      '::remove-matcher owner=x::',
      '::echo::on',
    ];
    expect(shown(`${commands.join('\n')}\nvisible\n`)).toEqual(['visible']);
  });

  it('prints an annotation whose line or column is not a number as it is, masked, and goes on', () => {
    const { log, printed } = terminal();
    log.write('::add-mask::hunter2\n::error file=a.ts,line=x1::bad line hunter2\n::warning col=2.5::bad col\n');
    log.write('::error file=b.ts,line=4::fine\n');
    log.end();
    expect(printed).toEqual([
      '::error file=a.ts,line=x1::bad line ***',
      '::warning col=2.5::bad col',
      'b.ts:4: error: fine',
    ]);
    expect(log.annotations).toEqual([{ level: 'error', message: 'fine', file: 'b.ts', line: 4 }]);
  });

  it('prints a line with an unknown command as it is', () => {
    expect(shown('::frobnicate::value\n::no end\n')).toEqual(['::frobnicate::value', '::no end']);
  });

  it('prints commands between stop-commands and its token verbatim, and acts on them again after', () => {
    const { log, printed } = terminal();
    log.write(
      [
        'before',
        '::stop-commands::pause-7d2f',
        '::error file=a.ts,line=1::only text',
        '::add-mask::not-a-mask',
        '::other-token::',
        '::pause-7d2f::',
        '::warning::a command again',
        'not-a-mask',
        '',
      ].join('\n'),
    );
    log.end();
    expect(printed).toEqual([
      'before',
      '::error file=a.ts,line=1::only text',
      '::add-mask::not-a-mask',
      '::other-token::',
      'warning: a command again',
      'not-a-mask',
    ]);
    expect(log.annotations).toEqual([{ level: 'warning', message: 'a command again' }]);
  });

  it('shows a line split across chunks once it is complete, and a command split across chunks', () => {
    const { log, printed } = terminal();
    log.write('hel');
    expect(printed).toEqual([]);
    log.write('lo\nwor');
    expect(printed).toEqual(['hello']);
    log.write(Buffer.from('ld\n::err'));
    log.write(Buffer.from('or file=x,line=2::split\n'));
    expect(printed).toEqual(['hello', 'world', 'x:2: error: split']);
    log.end();
    expect(printed).toHaveLength(3);
  });

  it('decodes a UTF-8 character split between chunks', () => {
    const { log, printed } = terminal();
    const bytes = Buffer.from('naïve ✓ résumé\n', 'utf8');
    const check = bytes.indexOf(Buffer.from('✓'));
    // Split inside the ï (2 bytes) and inside the ✓ (3 bytes).
    const cuts = [bytes.indexOf(Buffer.from('ï')) + 1, check + 1, check + 2, bytes.length];
    let from = 0;
    for (const cut of cuts) {
      log.write(bytes.subarray(from, cut));
      from = cut;
    }
    log.end();
    expect(printed).toEqual(['naïve ✓ résumé']);
  });

  it('drops the carriage return of CRLF lines', () => {
    expect(shown('one\r\n::warning::two\r\n')).toEqual(['one', 'warning: two']);
  });

  it('shows a last line without a newline at the end, including a command and a partial character', () => {
    expect(shown('a\nno newline')).toEqual(['a', 'no newline']);
    expect(shown('::error::last')).toEqual(['error: last']);
    const { log, printed } = terminal();
    log.write(Buffer.from('end ✓', 'utf8').subarray(0, 5));
    log.end();
    expect(printed).toEqual(['end \ufffd']);
  });

  it('prints nothing more at the end when the output ended with a newline', () => {
    const { log, printed } = terminal();
    log.write('done\n');
    log.end();
    log.end();
    expect(printed).toEqual(['done']);
  });
});

describe('formatAnnotation', () => {
  it('joins the parts that are present', () => {
    expect(formatAnnotation({ level: 'error', message: 'm', file: 'f', line: 1, col: 2, title: 't' })).toBe(
      'f:1:2: error: t: m',
    );
    expect(formatAnnotation({ level: 'notice', message: 'm', line: 3 })).toBe('notice: m');
    expect(formatAnnotation({ level: 'warning', message: 'm', file: 'f', line: 0 })).toBe('f:0: warning: m');
  });
});
