import { describe, expect, it } from '@jest/globals';
import { parse, parseAllDocuments } from 'yaml';
import {
  parseManifestObjects,
  stringifyManifestObjects,
  type ManifestSource,
} from '../../../lib/k8s/manifest-documents.js';
import { prepareManifests, type ImageUse } from '../../../lib/k8s/prepare-manifests.js';

const DIGEST = (c: string): string => `sha256:${c.repeat(64)}`;
const WEB = `myacr.azurecr.io/team/web@${DIGEST('a')}`;
const JOB = `myacr.azurecr.io/team/job@${DIGEST('b')}`;
const TOOLS = `myacr.azurecr.io/tools@${DIGEST('c')}`;

function source(label: string, lines: string[]): ManifestSource {
  return { label, file: label, text: `${lines.join('\n')}\n` };
}

/** A workload of `kind` whose pod spec is at `specPath`, with an init container `init` and a container `main`. */
function workload(kind: string, apiVersion: string, specPath: readonly string[]): string[] {
  const lines = [`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', `  name: ${kind.toLowerCase()}`];
  let indent = '';
  for (const key of specPath) {
    lines.push(`${indent}${key}:`);
    indent += '  ';
  }
  lines.push(
    `${indent}initContainers:`,
    `${indent}  - name: init`,
    `${indent}    image: tools:1.0`,
    `${indent}containers:`,
    `${indent}  - name: main`,
    `${indent}    image: web`,
  );
  return lines;
}

const KINDS: Array<[string, string, string[]]> = [
  ['Deployment', 'apps/v1', ['spec', 'template', 'spec']],
  ['StatefulSet', 'apps/v1', ['spec', 'template', 'spec']],
  ['DaemonSet', 'apps/v1', ['spec', 'template', 'spec']],
  ['ReplicaSet', 'apps/v1', ['spec', 'template', 'spec']],
  ['Job', 'batch/v1', ['spec', 'template', 'spec']],
  ['CronJob', 'batch/v1', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
  ['Pod', 'v1', ['spec']],
];

const RULES = [
  { name: 'web', image: WEB },
  { name: 'tools', image: TOOLS },
];

function imageAt(value: Record<string, unknown>, path: readonly (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) current = (current as Record<string | number, unknown>)[key];
  return current;
}

describe('prepareManifests: image substitution', () => {
  it.each(KINDS)(
    'substitutes every container and init container of a %s, with their lines',
    (kind, apiVersion, specPath) => {
      const text = workload(kind, apiVersion, specPath);
      const prepared = prepareManifests([source('k8s/app.yaml', text)], { rules: RULES, annotations: {} });
      const initLine = text.indexOf(text.find((l) => l.trim() === 'image: tools:1.0')!) + 1;
      const mainLine = text.indexOf(text.find((l) => l.trim() === 'image: web')!) + 1;
      expect(prepared.images.map((i) => [i.list, i.container, i.original, i.image, i.rule, i.line])).toEqual([
        ['initContainers', 'init', 'tools:1.0', TOOLS, 'tools', initLine],
        ['containers', 'main', 'web', WEB, 'web', mainLine],
      ]);
      const value = prepared.objects[0]!.value;
      expect(imageAt(value, [...specPath, 'initContainers', 0, 'image'])).toBe(TOOLS);
      expect(imageAt(value, [...specPath, 'containers', 0, 'image'])).toBe(WEB);
      // What is applied carries the substitution.
      const applied = parse(prepared.text) as Record<string, unknown>;
      expect(imageAt(applied, [...specPath, 'containers', 0, 'image'])).toBe(WEB);
      expect(prepared.unusedRules).toEqual([]);
    },
  );

  it('substitutes ephemeral containers and leaves images no line names', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: debug }',
      'spec:',
      '  containers: [{ name: app, image: "web:2" }]',
      '  ephemeralContainers:',
      '    - name: shell',
      '      image: busybox:1.36',
      '    - name: probe',
      '      image: tools',
    ];
    const prepared = prepareManifests([source('pod.yaml', text)], { rules: RULES, annotations: {} });
    expect(prepared.images.map((i) => [i.list, i.container, i.image, i.line])).toEqual([
      ['containers', 'app', WEB, 5],
      ['ephemeralContainers', 'shell', 'busybox:1.36', 8],
      ['ephemeralContainers', 'probe', TOOLS, 10],
    ]);
  });

  it('substitutes in every document and in the items of a List, and reports lines that matched nothing', () => {
    const text = [
      '# leading comment',
      '---',
      '--- # an empty document',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: batch/v1',
      '    kind: Job',
      '    metadata: { name: seed }',
      '    spec:',
      '      template:',
      '        spec:',
      '          containers:',
      '            - name: seed',
      '              image: team/job:1',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: settings }',
      'data: { mode: "fast" }',
    ];
    const prepared = prepareManifests([source('all.yaml', text)], {
      rules: [...RULES, { name: 'team/job', image: JOB }],
      annotations: { 'devsecops.github.io/run-url': 'https://github.com/o/r/actions/runs/1' },
    });
    expect(prepared.objects.map((o) => [o.kind, o.name, o.line])).toEqual([
      ['Job', 'seed', 7],
      ['ConfigMap', 'settings', 17],
    ]);
    expect(prepared.images.map((i) => [i.kind, i.image, i.line])).toEqual([['Job', JOB, 15]]);
    expect(prepared.unusedRules.map((r) => r.name)).toEqual(['web', 'tools']);
    // A List is applied as its items, one document each.
    const docs = parseAllDocuments(prepared.text).map((d) => d.toJS() as Record<string, unknown>);
    expect(docs.map((d) => d['kind'])).toEqual(['Job', 'ConfigMap']);
  });

  it('finds pod templates of other kinds where the workloads keep theirs (Argo Rollouts, Knative)', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Rollout',
      'metadata: { name: web }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{ name: web, image: web }]',
      '---',
      'apiVersion: example.com/v1',
      'kind: Widget',
      'metadata: { name: w }',
      'spec: { containers: [{ name: x, image: nginx }] }',
    ];
    const prepared = prepareManifests([source('crd.yaml', text)], { rules: RULES, annotations: {} });
    // The Rollout's template is read; a custom `spec.containers` is not a pod template.
    expect(prepared.images.map((i) => [i.kind, i.image, i.line])).toEqual([['Rollout', WEB, 7]]);
  });
});

describe('prepareManifests: metadata and refusals', () => {
  const deployment = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  annotations: { team: shop }',
    'spec:',
    '  template:',
    '    metadata: { labels: { app: web } }',
    '    spec: { containers: [{ name: web, image: web }] }',
  ];

  it("adds the run's annotations to each object's metadata, not to the pod template", () => {
    const prepared = prepareManifests([source('d.yaml', deployment)], {
      rules: [],
      annotations: { 'devsecops.github.io/commit-sha': 'abc' },
    });
    const value = prepared.objects[0]!.value as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
    expect(value.metadata['annotations']).toEqual({ team: 'shop', 'devsecops.github.io/commit-sha': 'abc' });
    expect(JSON.stringify(value.spec)).not.toContain('commit-sha');
  });

  it('refuses an object that names another namespace than the input, with its line', () => {
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: a, namespace: staging }'];
    expect(() =>
      prepareManifests([source('k8s/cm.yaml', text)], { rules: [], annotations: {}, namespace: 'prod' }),
    ).toThrow(
      "k8s/cm.yaml:1: the ConfigMap 'a' names namespace 'staging', but input 'namespace' is 'prod'; remove one of them",
    );
    // Without the input, or with the same namespace, it is fine.
    expect(prepareManifests([source('k8s/cm.yaml', text)], { rules: [], annotations: {} }).objects[0]!.namespace).toBe(
      'staging',
    );
  });

  it('refuses objects without a name, YAML errors and documents that are not objects, with their lines', () => {
    const noName = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: { generateName: a- }'];
    expect(() => prepareManifests([source('a.yaml', noName)], { rules: [], annotations: {} })).toThrow(
      'a.yaml:1: the ConfigMap has no metadata.name (generateName cannot be applied)',
    );
    const broken = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: a', '   bad: indentation'];
    expect(() => prepareManifests([source('b.yaml', broken)], { rules: [], annotations: {} })).toThrow(
      'b.yaml:4: not valid YAML: Nested mappings are not allowed in compact mappings',
    );
    expect(() => prepareManifests([source('c.yaml', ['- a', '- b'])], { rules: [], annotations: {} })).toThrow(
      'c.yaml:1: a document is not a Kubernetes object (a mapping)',
    );
    expect(() =>
      prepareManifests([source('d.yaml', ['kind: ConfigMap', 'metadata: { name: a }'])], {
        rules: [],
        annotations: {},
      }),
    ).toThrow('d.yaml:1: the object has no apiVersion');
    expect(() => prepareManifests([source('e.yaml', ['# nothing here'])], { rules: [], annotations: {} })).toThrow(
      'hold no Kubernetes object to deploy',
    );
  });
});

describe('manifest documents: read as kubectl reads them', () => {
  it('keeps YAML 1.1 meanings when writing the objects back (octal modes, yes/no, times that are strings)', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: a }',
      'data:',
      '  opening: 10:30',
      '  date: 2024-01-01',
      '  quoted: "yes"',
      '  version: "1.10"',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: p }',
      'spec:',
      '  containers: [{ name: c, image: x, tty: yes }]',
      '  volumes: [{ name: v, secret: { secretName: s, defaultMode: 0400 } }]',
    ];
    const objects = parseManifestObjects({ label: 'x.yaml', text: text.join('\n') });
    const [cm, pod] = objects.map((o) => o.value) as [Record<string, unknown>, Record<string, unknown>];
    expect(cm['data']).toEqual({ opening: '10:30', date: '2024-01-01', quoted: 'yes', version: '1.10' });
    const spec = pod['spec'] as {
      containers: Array<{ tty: unknown }>;
      volumes: Array<{ secret: { defaultMode: unknown } }>;
    };
    expect(spec.containers[0]!.tty).toBe(true);
    expect(spec.volumes[0]!.secret.defaultMode).toBe(0o400);
    // Written back, a YAML 1.2 reader and kubectl both see the same values.
    const written = stringifyManifestObjects([cm, pod]);
    const reread = parseAllDocuments(written).map((d) => d.toJS() as Record<string, unknown>);
    expect(reread[0]!['data']).toEqual(cm['data']);
    expect(JSON.stringify(reread[1])).toBe(JSON.stringify(pod));
  });

  it('gives the line of any path in an object, and none for a path it does not have', () => {
    const [object] = parseManifestObjects({
      label: 'x.yaml',
      text: [
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: p',
        'spec:',
        '  containers:',
        '    - name: c',
        '      image: x',
      ].join('\n'),
    });
    expect(object!.line).toBe(2);
    expect(object!.lineAt(['spec', 'containers', 0, 'image'])).toBe(9);
    expect(object!.lineAt(['metadata', 'name'])).toBe(5);
    expect(object!.lineAt(['spec', 'nothing'])).toBeUndefined();
  });
});

/** For other tests: a use of an image at a line. */
export function imageUse(overrides: Partial<ImageUse> & Pick<ImageUse, 'image'>): ImageUse {
  return {
    source: { label: 'k8s/app.yaml', file: 'k8s/app.yaml', text: '' },
    line: 10,
    kind: 'Deployment',
    object: 'web',
    list: 'containers',
    container: 'web',
    original: overrides.image,
    ...overrides,
  };
}
