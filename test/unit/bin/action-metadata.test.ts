import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  inputEnvironment,
  inputEnvName,
  loadActionInputs,
  type ActionInput,
} from '../../../bin/src/action-metadata.js';
import { REPO_ROOT } from '../../harness/run-action.js';

const SCAN = path.join(REPO_ROOT, 'actions', 'scan');

/** Input names of an action.yml read line by line (two-space keys under `inputs:`), independently of any YAML parser. */
function declaredNames(actionDir: string): string[] {
  const names: string[] = [];
  let inInputs = false;
  for (const line of readFileSync(path.join(actionDir, 'action.yml'), 'utf8').split('\n')) {
    if (/^\S/.test(line)) inInputs = line.startsWith('inputs:');
    const key = /^ {2}([A-Za-z0-9_ -]+):\s*$/.exec(line);
    if (inInputs && key) names.push(key[1]!);
  }
  return names;
}

describe('loadActionInputs', () => {
  let scan: ActionInput[];
  beforeAll(async () => {
    scan = await loadActionInputs(SCAN);
  });

  it('reads every input of actions/scan/action.yml, in order', () => {
    const names = declaredNames(SCAN);
    expect(names.length).toBeGreaterThan(30);
    expect(scan.map((i) => i.name)).toEqual(names);
  });

  it('reads required, description and defaults as strings, and no default when there is none', () => {
    const byName = new Map(scan.map((i) => [i.name, i]));
    expect(byName.get('scanner')).toEqual({
      name: 'scanner',
      description: 'Which scanner runs: trivy, kube-score or zap.',
      required: true,
    });
    expect(byName.get('trivy-target-type')).toMatchObject({ required: false, default: 'fs' });
    expect(byName.get('cache')?.default).toBe('true');
    expect(byName.get('zap-max-minutes')?.default).toBe('30');
    expect(byName.get('timeout')?.default).toBe('15m');
    expect(byName.get('fail-on')).not.toHaveProperty('default');
    expect(byName.get('policy')?.required).toBe(false);
  });

  it('keeps an expression default as written (actions/sbom github-token)', async () => {
    const sbom = await loadActionInputs(path.join(REPO_ROOT, 'actions', 'sbom'));
    expect(sbom.find((i) => i.name === 'github-token')?.default).toBe('${{ github.token }}');
  });

  describe('of a hand-written action.yml', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'action-metadata-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const load = async (yaml: string): Promise<ActionInput[]> => {
      writeFileSync(path.join(dir, 'action.yml'), yaml);
      return loadActionInputs(dir);
    };

    it('turns YAML numbers and booleans into the strings the runner passes; a null default is none', async () => {
      expect(
        await load(
          [
            'name: x',
            'inputs:',
            '  minutes:',
            '    default: 30',
            '  flag:',
            '    default: false',
            '  empty:',
            '    default: ""',
            '  none:',
            '    default:',
            '  my input:',
            '    required: true',
            '    description: 7',
            '',
          ].join('\n'),
        ),
      ).toEqual([
        { name: 'minutes', description: '', required: false, default: '30' },
        { name: 'flag', description: '', required: false, default: 'false' },
        { name: 'empty', description: '', required: false, default: '' },
        { name: 'none', description: '', required: false },
        { name: 'my input', description: '', required: true },
      ]);
    });

    it('reads an action without inputs as none, and an empty file too', async () => {
      expect(await load('name: x\nruns:\n  using: node20\n')).toEqual([]);
      expect(await load('')).toEqual([]);
    });

    it('fails when there is no action.yml', async () => {
      await expect(loadActionInputs(path.join(dir, 'missing'))).rejects.toThrow(/action\.yml/);
    });
  });
});

describe('inputEnvironment', () => {
  const declared: ActionInput[] = [
    { name: 'scanner', description: '', required: true },
    { name: 'target', description: '', required: true, default: '.' },
    { name: 'cache', description: '', required: false, default: 'true' },
    { name: 'github-token', description: '', required: false, default: '${{ github.token }}' },
    { name: 'mixed', description: '', required: false, default: 'prefix-${{ runner.temp }}' },
    { name: 'my input', description: '', required: false, default: 'spaced' },
  ];

  it('sets every declared input: the default, or empty when there is none or it is an expression', () => {
    expect(inputEnvironment(declared, {})).toEqual({
      INPUT_SCANNER: '',
      INPUT_TARGET: '.',
      INPUT_CACHE: 'true',
      'INPUT_GITHUB-TOKEN': '',
      INPUT_MIXED: '',
      INPUT_MY_INPUT: 'spaced',
    });
  });

  it('lets a given value win over the default, an empty one too, and leaves out undeclared names', () => {
    expect(
      inputEnvironment(declared, {
        scanner: 'trivy',
        cache: 'false',
        target: '',
        'github-token': 'tok',
        'my input': 'given',
        undeclared: 'x',
      }),
    ).toEqual({
      INPUT_SCANNER: 'trivy',
      INPUT_TARGET: '',
      INPUT_CACHE: 'false',
      'INPUT_GITHUB-TOKEN': 'tok',
      INPUT_MIXED: '',
      INPUT_MY_INPUT: 'given',
    });
  });
});

describe('inputEnvName', () => {
  it('upper-cases, turns spaces into underscores and keeps dashes, as @actions/core reads them', () => {
    expect(inputEnvName('trivy-db-repository')).toBe('INPUT_TRIVY-DB-REPOSITORY');
    expect(inputEnvName('my  input')).toBe('INPUT_MY__INPUT');
    expect(inputEnvName('fail_on')).toBe('INPUT_FAIL_ON');
  });
});
