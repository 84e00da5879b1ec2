import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  KUBE_SCORE_CHECKS_DOC,
  kubeScoreRows,
  parseKubeScoreReport,
  type ManifestSource,
} from '../../../lib/cli/kube-score-report.js';
import type { Finding } from '../../../lib/findings/finding.js';
import { buildSarif } from '../../../lib/findings/sarif.js';
import { githubSarifProblems, sarifSchemaErrors } from '../../support/sarif-validation.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/kube-score');
const report = readFileSync(path.join(FIXTURES, 'workloads.json'), 'utf8');
const manifest = readFileSync(path.join(FIXTURES, 'manifests', 'workloads.yaml'), 'utf8');
const REPORTED_FILE = '/home/runner/work/shop/shop/k8s/workloads.yaml';

const inWorkspace = (text = manifest): ManifestSource => ({
  file: 'k8s/workloads.yaml',
  label: 'k8s/workloads.yaml',
  text,
});
const withSource =
  (source: ManifestSource) =>
  (name: string): ManifestSource | undefined =>
    name === REPORTED_FILE ? source : undefined;

/** rule, summary start, file, line, severity: what a reader checks. */
const brief = (f: Finding): [string, string, string | undefined, number | undefined, string] => [
  f.ruleId,
  f.title,
  f.location.file,
  f.location.startLine,
  f.severity,
];

describe('parseKubeScoreReport on kube-score JSON (output version v2)', () => {
  const { objects, findings } = parseKubeScoreReport(report, { source: withSource(inWorkspace()) });

  it('makes one finding per comment of a failing check, and none of OK or skipped checks', () => {
    expect(objects).toBe(6);
    expect(findings.map(brief)).toEqual([
      [
        'container-security-context-privileged',
        'The container is privileged (Deployment shop/api, container api)',
        'k8s/workloads.yaml',
        21,
        'high',
      ],
      [
        'container-resources',
        'CPU limit is not set (Deployment shop/api, init container migrate)',
        'k8s/workloads.yaml',
        18,
        'high',
      ],
      [
        'container-resources',
        'Memory request is not set (Deployment shop/api, container sidecar)',
        'k8s/workloads.yaml',
        26,
        'high',
      ],
      [
        'deployment-has-poddisruptionbudget',
        'No matching PodDisruptionBudget was found (Deployment shop/api)',
        'k8s/workloads.yaml',
        4,
        'medium',
      ],
      ['pod-probes', 'Container is missing a livenessProbe (Deployment shop/api)', 'k8s/workloads.yaml', 4, 'low'],
      [
        'container-image-tag',
        'Image with latest tag (CronJob shop/report, container report)',
        'k8s/workloads.yaml',
        46,
        'high',
      ],
      [
        'container-resources',
        'CPU limit is not set (CronJob shop/report, init container wait-for-db)',
        'k8s/workloads.yaml',
        43,
        'high',
      ],
      [
        'cronjob-has-deadline',
        'The CronJob should have startingDeadlineSeconds configured (CronJob shop/report)',
        'k8s/workloads.yaml',
        30,
        'medium',
      ],
      [
        'statefulset-has-poddisruptionbudget',
        'No matching PodDisruptionBudget was found (StatefulSet shop/db)',
        'k8s/workloads.yaml',
        49,
        'medium',
      ],
      [
        'container-security-context-user-group-id',
        'Container has no configured security context (StatefulSet shop/db, container postgres)',
        'k8s/workloads.yaml',
        63,
        'high',
      ],
      [
        'container-security-context-readonlyrootfilesystem',
        'Container has no configured security context (Pod shop/debug, container shell)',
        'k8s/workloads.yaml',
        73,
        'high',
      ],
      [
        'container-image-pull-policy',
        'ImagePullPolicy is not set to Always (Job shop/seed, container seed)',
        'k8s/workloads.yaml',
        85,
        'high',
      ],
      // The DaemonSet's privileged container is skipped by its kube-score/ignore annotation: only its resources remain.
      [
        'container-resources',
        'Memory limit is not set (DaemonSet shop/log-agent, container agent)',
        'k8s/workloads.yaml',
        103,
        'high',
      ],
    ]);
  });

  it('carries what SARIF rules need: the check name, its comment with the advice, remediation and a help link', () => {
    const privileged = findings[0]!;
    expect(privileged).toMatchObject({
      tool: 'kube-score',
      kind: 'manifest',
      ruleTitle: 'Container Security Context Privileged',
      description:
        'Makes sure that all pods have a unprivileged security context set\n\nSet securityContext.privileged to false. Privileged containers can access all devices on the host, and grants almost the same access as non-containerized processes on the host.',
      remediation:
        'Set securityContext.privileged to false. Privileged containers can access all devices on the host, and grants almost the same access as non-containerized processes on the host.',
      helpUri: KUBE_SCORE_CHECKS_DOC,
      target: 'k8s/workloads.yaml',
    });
    // A comment's own documentation link wins.
    expect(findings.find((f) => f.ruleId === 'pod-probes')!.helpUri).toBe(
      'https://github.com/zegl/kube-score/blob/master/README_PROBES.md',
    );
  });

  it('gives fingerprints that are unique, and stable when lines move', () => {
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
    const shifted = `# a new header line\n# and another\n${manifest}`;
    const again = parseKubeScoreReport(report, { source: withSource(inWorkspace(shifted)) }).findings;
    expect(again.map((f) => f.fingerprint)).toEqual(findings.map((f) => f.fingerprint));
    expect(again[0]!.location.startLine).toBe(23);
  });

  it('produces SARIF that passes the SARIF 2.1.0 schema and GitHub’s rules as it is', () => {
    const out = buildSarif(findings, {
      tool: { name: 'kube-score', version: '1.20.0', informationUri: 'https://github.com/zegl/kube-score' },
      category: 'kube-score-k8s',
    });
    const doc = JSON.parse(out.text) as {
      runs: Array<{ tool: { driver: { rules: Array<Record<string, { text: string; markdown?: string }>> } } }>;
    };
    expect(sarifSchemaErrors(doc)).toEqual([]);
    expect(githubSarifProblems(out.text)).toEqual([]);
    const rule = doc.runs[0]!.tool.driver.rules.find(
      (r) => (r['id'] as unknown) === 'container-security-context-privileged',
    )!;
    expect(rule['shortDescription']!.text).toBe('Container Security Context Privileged');
    expect(rule['fullDescription']!.text).toContain('unprivileged security context');
    expect(rule['help']!.text).toContain('Remediation: Set securityContext.privileged to false.');
  });
});

describe('parseKubeScoreReport positions', () => {
  it('uses kube-score’s row, and no file, when the manifest is not available', () => {
    const { findings } = parseKubeScoreReport(report);
    expect(findings[0]!.location).toEqual({ startLine: 4 });
    expect(findings[0]!.target).toBe(REPORTED_FILE);
    expect(findings.find((f) => f.ruleId === 'cronjob-has-deadline')!.location).toEqual({ startLine: 28 });
  });

  it('keeps the path and the line, but no file location, for a manifest outside the workspace', () => {
    const rendered: ManifestSource = { label: '/runner/temp/rendered-manifests.yaml', text: manifest };
    const { findings } = parseKubeScoreReport(report, { source: () => rendered });
    expect(findings[0]!.location).toEqual({ startLine: 21 });
    expect(findings[0]!.target).toBe('/runner/temp/rendered-manifests.yaml');
  });

  it('points into a guessed file only for objects found in it', () => {
    const guessed: ManifestSource = {
      ...inWorkspace('apiVersion: v1\nkind: Pod\nmetadata: { name: other }\n'),
      guessed: true,
    };
    const { findings } = parseKubeScoreReport(report, { source: () => guessed });
    expect(findings[0]!.location).toEqual({ startLine: 4 });
    expect(findings[0]!.target).toBe(REPORTED_FILE);
  });

  it('tells apart two objects with the same name by kube-score’s row', () => {
    const text = [
      'apiVersion: apps/v1', // 1
      'kind: Deployment',
      'metadata: { name: web }',
      'spec: { template: { spec: { containers: [{ name: web, image: "nginx:1.27" }] } } }',
      '---', // 5
      '# the same Deployment again, for another team',
      'apiVersion: apps/v1', // 7
      'kind: Deployment',
      'metadata: { name: web }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web', // 14
      '          image: nginx:1.27',
      '',
    ].join('\n');
    const json = (row: number): string =>
      JSON.stringify([
        {
          object_name: 'Deployment/apps/v1//web',
          type_meta: { kind: 'Deployment', apiVersion: 'apps/v1' },
          object_meta: { name: 'web', creationTimestamp: null },
          checks: [
            {
              check: {
                name: 'Container Image Pull Policy',
                id: 'container-image-pull-policy',
                target_type: 'Pod',
                comment: '',
                optional: false,
              },
              grade: 1,
              skipped: false,
              comments: [{ path: 'web', summary: 'ImagePullPolicy is not set to Always', description: '' }],
            },
          ],
          file_name: '/w/app.yaml',
          file_row: row,
        },
      ]);
    expect(kubeScoreRows(text)).toEqual([1, 6]);
    const source: ManifestSource = { file: 'app.yaml', label: 'app.yaml', text };
    expect(parseKubeScoreReport(json(1), { source: () => source }).findings[0]!.location.startLine).toBe(4);
    expect(parseKubeScoreReport(json(6), { source: () => source }).findings[0]!.location.startLine).toBe(14);
  });

  it('counts rows as kube-score does: after a leading `---`, comments and empty documents included', () => {
    expect(kubeScoreRows(manifest)).toEqual([1, 4, 28, 49, 66, 75, 88]);
    expect(kubeScoreRows('---\na: 1\n---\n\n---\nb: 2\n')).toEqual([2, 6]);
  });
});

describe('parseKubeScoreReport edge cases', () => {
  const one = (check: Record<string, unknown>, meta: Record<string, unknown> = { name: 'p' }): string =>
    JSON.stringify([
      {
        object_name: 'x',
        type_meta: { kind: 'Pod', apiVersion: 'v1' },
        object_meta: meta,
        checks: [check],
        file_name: 'STDIN',
        file_row: 1,
      },
    ]);
  const check = {
    name: 'Label Values',
    id: 'label-values',
    target_type: 'all',
    comment: 'Validates label values',
    optional: false,
  };

  it('makes one finding of a failing check without comments', () => {
    const { findings } = parseKubeScoreReport(one({ check, grade: 5, skipped: false, comments: null }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'label-values',
      title: 'Label Values (Pod p)',
      severity: 'medium',
      description: 'Validates label values',
      target: 'STDIN',
      location: { startLine: 1 },
    });
  });

  it('maps grades: 1 high, 5 medium, 7 low, 10 none', () => {
    const severities = [1, 5, 7, 10].map(
      (grade) => parseKubeScoreReport(one({ check, grade, skipped: false, comments: [] })).findings[0]?.severity,
    );
    expect(severities).toEqual(['high', 'medium', 'low', undefined]);
  });

  it('reads null (no object kube-score scores) as no findings, and refuses anything that is not a report', () => {
    expect(parseKubeScoreReport('null\n')).toEqual({ objects: 0, findings: [] });
    expect(parseKubeScoreReport('[]')).toEqual({ objects: 0, findings: [] });
    expect(() => parseKubeScoreReport('')).toThrow('the kube-score report is empty');
    expect(() => parseKubeScoreReport('{"runs": []}')).toThrow('the file is SARIF, not a kube-score JSON report');
    expect(() =>
      parseKubeScoreReport(JSON.stringify({ 'Pod/v1//p': { TypeMeta: { Kind: 'Pod' }, Checks: [] } })),
    ).toThrow('JSON output version v1, which is not supported');
    expect(() => parseKubeScoreReport('{"a": 1}')).toThrow('not a kube-score JSON report');
    expect(() => parseKubeScoreReport('[1]')).toThrow('item 0 is not an object');
    expect(() => parseKubeScoreReport('[{"type_meta": {"kind": "Pod"}}]')).toThrow('no type_meta.kind or no checks');
    expect(() => parseKubeScoreReport(one({ check, grade: 'bad', skipped: false }))).toThrow('no numeric grade');
    expect(() => parseKubeScoreReport('[{')).toThrow('not valid JSON');
  });

  it('keeps the fingerprints of two identical comments distinct', () => {
    const comment = { path: 'c', summary: 'CPU limit is not set', description: '' };
    const { findings } = parseKubeScoreReport(one({ check, grade: 1, skipped: false, comments: [comment, comment] }));
    expect(findings).toHaveLength(2);
    expect(findings[0]!.fingerprint).not.toBe(findings[1]!.fingerprint);
  });
});
