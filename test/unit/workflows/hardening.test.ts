import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot, workflowFiles } from '../../support/workflow-files.js';
import {
  formatProblems,
  HARDENING_CHECKS,
  hardeningProblems,
  parseWorkflowText,
} from '../../support/workflow-hardening.js';
import type { HardeningRule } from '../../support/workflow-hardening.js';

/*
 * Every workflow of the project (the reusable workflows, CI, the example's
 * pipeline) follows every hardening rule; and each rule's check fails on a
 * small workflow that breaks it, so a check that silently passes everything
 * cannot hide here.
 */

const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683';

/** A workflow that follows every rule; each bad case below changes one thing in it. */
const GOOD = `on:
  push:
permissions: {}
jobs:
  deploy:
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    environment: production
    concurrency:
      group: deploy-production
      cancel-in-progress: false
    permissions:
      contents: read
      id-token: write # OIDC to Azure
    steps:
      - uses: ${CHECKOUT} # v4.2.2
        with:
          persist-credentials: false
      - env:
          IMAGE: \${{ inputs.image }}
        run: echo "$IMAGE"
      - uses: ./.devsecops-actions/actions/deploy-aks
  call:
    uses: org/repo/.github/workflows/build.yml@0123456789abcdef0123456789abcdef01234567 # v1.0.0
    permissions:
      contents: read
`;

function problemsOf(rule: HardeningRule, source: string): string[] {
  return formatProblems(HARDENING_CHECKS[rule](parseWorkflowText('bad.yml', source)));
}

describe('hardening of the project workflows', () => {
  it('finds every workflow: the three reusable ones, CI and the example pipeline', () => {
    expect(workflowFiles()).toEqual(
      expect.arrayContaining([
        '.github/workflows/build.yml',
        '.github/workflows/sign.yml',
        '.github/workflows/deploy.yml',
        '.github/workflows/ci.yml',
        'examples/hello-aks/.github/workflows/pipeline.yml',
      ]),
    );
  });

  it.each(workflowFiles())('%s follows every hardening rule', (file) => {
    const w = parseWorkflowText(file, readFileSync(path.join(repoRoot, file), 'utf8'));
    expect(formatProblems(hardeningProblems(w))).toEqual([]);
  });
});

describe('each hardening check fails on a workflow that breaks its rule', () => {
  it('the reference workflow passes every check', () => {
    expect(formatProblems(hardeningProblems(parseWorkflowText('good.yml', GOOD)))).toEqual([]);
  });

  const cases: [HardeningRule, number, string, RegExp][] = [
    ['top-level-permissions', 1, GOOD.replace('permissions: {}\n', ''), /no top-level permissions/],
    ['top-level-permissions', 2, GOOD.replace('permissions: {}', 'permissions: write-all'), /write-all/],
    ['top-level-permissions', 3, GOOD.replace('permissions: {}', 'permissions:\n  contents: write'), /contents: write/],
    [
      'job-permissions',
      1,
      GOOD.replace('    permissions:\n      contents: read\n      id-token', '    p:\n      c: r\n      id-token'),
      /job deploy sets no permissions/,
    ],
    [
      'job-permissions',
      2,
      GOOD.replace(/ {4}permissions:\n {6}contents: read\n$/, '    permissions: write-all\n'),
      /job call: permissions 'write-all'/,
    ],
    [
      'write-permission-comment',
      1,
      GOOD.replace('id-token: write # OIDC to Azure', 'id-token: write'),
      /id-token: write has no comment/,
    ],
    [
      'pinned-uses',
      1,
      GOOD.replace(`${CHECKOUT} # v4.2.2`, 'actions/checkout@v4'),
      /actions\/checkout@v4 is not pinned/,
    ],
    [
      'pinned-uses',
      2,
      GOOD.replace(`${CHECKOUT} # v4.2.2`, `${CHECKOUT.slice(0, -1)} # v4.2.2`),
      /not pinned by a full commit SHA/,
    ],
    ['pinned-uses', 3, GOOD.replace(`${CHECKOUT} # v4.2.2`, CHECKOUT), /no '# vX.Y.Z' comment/],
    ['pinned-uses', 4, GOOD.replace(`${CHECKOUT} # v4.2.2`, `${CHECKOUT} # v4`), /no '# vX.Y.Z' comment/],
    [
      'pinned-uses',
      5,
      GOOD.replace('build.yml@0123456789abcdef0123456789abcdef01234567 # v1.0.0', 'build.yml@v1'),
      /job call: .*build.yml@v1 is not pinned/,
    ],
    [
      'pinned-uses',
      6,
      GOOD.replace('./.devsecops-actions/actions/deploy-aks', 'docker://alpine:3.20'),
      /docker:\/\/alpine:3.20 is not pinned by digest/,
    ],
    ['expression-in-run', 1, GOOD.replace('run: echo "$IMAGE"', 'run: echo "${{ inputs.image }}"'), /inside run:/],
    [
      'expression-in-run',
      2,
      GOOD.replace('run: echo "$IMAGE"', 'run: |\n          set -e\n          echo ${{ github.head_ref }}'),
      /inside run:/,
    ],
    ['pull-request-target', 1, GOOD.replace('on:\n  push:', 'on:\n  pull_request_target:'), /pull_request_target/],
    ['pull-request-target', 2, GOOD.replace('on:\n  push:', 'on: [push, pull_request_target]'), /pull_request_target/],
    ['pull-request-target', 3, GOOD.replace('on:\n  push:', 'on: pull_request_target'), /pull_request_target/],
    [
      'secrets-inherit',
      1,
      GOOD.replace(
        / {4}permissions:\n {6}contents: read\n$/,
        '    permissions:\n      contents: read\n    secrets: inherit\n',
      ),
      /job call: secrets: inherit/,
    ],
    [
      'checkout-credentials',
      1,
      GOOD.replace('        with:\n          persist-credentials: false\n', ''),
      /without persist-credentials: false/,
    ],
    [
      'checkout-credentials',
      2,
      GOOD.replace('persist-credentials: false', 'persist-credentials: true'),
      /without persist-credentials: false/,
    ],
    ['job-timeout', 1, GOOD.replace('    timeout-minutes: 10\n', ''), /job deploy: no timeout-minutes/],
    [
      'deploy-concurrency',
      1,
      GOOD.replace('    concurrency:\n      group: deploy-production\n      cancel-in-progress: false\n', ''),
      /without a concurrency group/,
    ],
    [
      'deploy-concurrency',
      2,
      GOOD.replace('cancel-in-progress: false', 'cancel-in-progress: true'),
      /cancel-in-progress: false/,
    ],
    ['deploy-concurrency', 3, GOOD.replace('group: deploy-production', 'group: deploy'), /not per environment/],
    ['deploy-concurrency', 4, GOOD.replace('    environment: production\n', ''), /outside an environment/],
  ];

  it.each(cases)('%s, case %d', (rule, _n, source, expected) => {
    expect(source).not.toEqual(GOOD);
    const problems = problemsOf(rule, source);
    expect(problems.join('\n')).toMatch(expected);
    // The other checks do not mistake the change for theirs.
    expect(problemsOf(rule, GOOD)).toEqual([]);
  });

  it('locates a problem by file and line', () => {
    const source = GOOD.replace(`${CHECKOUT} # v4.2.2`, 'actions/checkout@v4');
    expect(problemsOf('pinned-uses', source)).toEqual([
      'bad.yml:16: [pinned-uses] job deploy step 1: actions/checkout@v4 is not pinned by a full commit SHA',
    ]);
  });
});
