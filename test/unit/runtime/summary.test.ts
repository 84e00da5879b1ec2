import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { clearRegisteredSecrets, registerSecret } from '../../../lib/runtime/secrets.js';
import { cell, details, markdownTable, writeSummary } from '../../../lib/runtime/summary.js';
import { captureOutput, setEnv } from '../../harness/capture.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  clearRegisteredSecrets();
});

describe('cell', () => {
  it.each([
    ['plain', 'plain'],
    ['a|b', 'a\\|b'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['AT&T', 'AT&amp;T'],
    ['&lt;', '&amp;lt;'],
    ['use `rm -rf`', 'use \\`rm -rf\\`'],
    ['line 1\nline 2', 'line 1 line 2'],
    ['line 1  \r\n   line 2', 'line 1 line 2'],
    ['  padded  ', 'padded'],
    ['', ''],
    [undefined, ''],
    [42, '42'],
    [0, '0'],
  ])('%j → %j', (value, expected) => {
    expect(cell(value)).toBe(expected);
  });
});

describe('markdownTable and details', () => {
  it('builds a table whose cells cannot break its structure', () => {
    const table = markdownTable(
      ['Severity', 'Title'],
      [
        ['high', 'a | b\nc'],
        ['low', undefined],
      ],
    );
    expect(table).toBe(['| Severity | Title |', '| --- | --- |', '| high | a \\| b c |', '| low |  |'].join('\n'));
    for (const line of table.split('\n')) expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(4);
  });

  it('escapes the title of a collapsed section, not its body', () => {
    expect(details('<b>More</b>', '| a |')).toBe(
      '<details><summary>&lt;b&gt;More&lt;/b&gt;</summary>\n\n| a |\n\n</details>',
    );
  });
});

describe('writeSummary', () => {
  it('appends markdown to GITHUB_STEP_SUMMARY with registered secrets redacted', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'summary-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'summary.md');
    await writeFile(file, '');
    cleanups.push(setEnv({ GITHUB_STEP_SUMMARY: file }));
    await captureOutput(() => registerSecret('summary-secret-123'));

    await writeSummary('# Scan\nleaked summary-secret-123\n');
    await writeSummary('second part');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('# Scan\nleaked ***\n');
    expect(text).toContain('second part');
    expect(text).not.toContain('summary-secret-123');
    expect(text.indexOf('# Scan')).toBeLessThan(text.indexOf('second part'));
  });

  it('does nothing, quietly, without GITHUB_STEP_SUMMARY', async () => {
    cleanups.push(setEnv({ GITHUB_STEP_SUMMARY: undefined }));
    const captured = await captureOutput(() => writeSummary('# nothing'));
    expect(captured.error).toBeUndefined();
    expect(captured.stdout).not.toContain('# nothing');
  });
});
