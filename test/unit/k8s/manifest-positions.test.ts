import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { locateManifestObjects, type ManifestObjectPosition } from '../../../lib/k8s/manifest-positions.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/kube-score');
const workloads = readFileSync(path.join(FIXTURES, 'manifests', 'workloads.yaml'), 'utf8');

/** The 1-based line of the first line of `text` that equals `line` after trimming, from `after` on. */
function lineOf(text: string, line: string, after = 0): number {
  const index = text.split('\n').findIndex((l, i) => i >= after && l.trim() === line);
  if (index < 0) throw new Error(`no line ${line}`);
  return index + 1;
}

describe('locateManifestObjects', () => {
  it('finds every object of a multi-document file with comments before the first document and empty documents', () => {
    const objects = locateManifestObjects(workloads);
    expect(objects.map((o) => [o.kind, o.namespace, o.name, o.line, o.document])).toEqual([
      // The comments before the first `---` belong to document 0; `---` twice makes an empty document 1.
      ['Deployment', 'shop', 'api', 4, 0],
      ['CronJob', 'shop', 'report', 30, 2],
      ['StatefulSet', 'shop', 'db', 49, 3],
      ['Pod', 'shop', 'debug', 66, 4],
      ['Job', 'shop', 'seed', 75, 5],
      ['DaemonSet', 'shop', 'log-agent', 88, 6],
    ]);
  });

  it('gives the name line of each container and init container, wherever the pod template is', () => {
    const objects = locateManifestObjects(workloads);
    const byName: Record<string, ManifestObjectPosition> = {};
    for (const o of objects) byName[o.name ?? ''] = o;
    expect(byName['api']!.initContainers).toEqual([
      { name: 'migrate', line: 18, image: 'registry.example.com/shop/migrate:1.4.0', imageLine: 19 },
    ]);
    // A container whose `name:` is not its first key: the line of `name:` itself.
    expect(byName['api']!.containers.map((c) => [c.name, c.line, c.imageLine])).toEqual([
      ['api', 21, 22],
      ['sidecar', 26, 25],
    ]);
    // CronJob: spec.jobTemplate.spec.template.spec.
    expect(byName['report']!.initContainers.map((c) => [c.name, c.line])).toEqual([['wait-for-db', 43]]);
    expect(byName['report']!.containers.map((c) => [c.name, c.line])).toEqual([['report', 46]]);
    expect(byName['db']!.containers.map((c) => [c.name, c.line])).toEqual([['postgres', 63]]);
    // A Pod in flow style: spec.containers.
    expect(byName['debug']!.containers).toEqual([{ name: 'shell', line: 73, image: 'busybox:1.36', imageLine: 73 }]);
    expect(byName['seed']!.containers.map((c) => [c.name, c.line])).toEqual([['seed', 85]]);
    expect(byName['log-agent']!.containers.map((c) => [c.name, c.line])).toEqual([['agent', 103]]);
  });

  it('handles `---` with comments after it, leading `---`, documents without objects, and CRLF', () => {
    const text = [
      '---',
      '# only a comment',
      '--- # a Service',
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: web }',
      'spec: { selector: { app: web } }',
      '---',
      '',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: settings',
      'data: { a: "1" }',
      '...',
      '---',
      '- just',
      '- a list',
      '',
    ].join('\r\n');
    const objects = locateManifestObjects(text);
    expect(objects.map((o) => [o.kind, o.name, o.line, o.endLine])).toEqual([
      ['Service', 'web', 4, 7],
      ['ConfigMap', 'settings', 11, 15],
    ]);
    expect(objects[0]!.containers).toEqual([]);
  });

  it('reads the items of a List, and keeps going past a broken document', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata: { name: one }',
      '    spec:',
      '      containers:',
      '        - name: c1',
      '          image: busybox:1.36',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata: { name: two }',
      '    spec: { containers: [{ name: c2, image: "busybox:1.36" }] }',
      '---',
      'kind: [unclosed',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: after }',
      '',
    ].join('\n');
    const objects = locateManifestObjects(text);
    expect(objects.map((o) => [o.kind, o.name, o.line])).toEqual([
      ['Pod', 'one', 4],
      ['Pod', 'two', 11],
      ['Deployment', 'after', lineOf(text, 'apiVersion: apps/v1')],
    ]);
    expect(objects[0]!.containers.map((c) => [c.name, c.line])).toEqual([['c1', 9]]);
    expect(objects[1]!.containers.map((c) => [c.name, c.line])).toEqual([['c2', 14]]);
  });

  it('finds nothing in an empty file or a file of comments', () => {
    expect(locateManifestObjects('')).toEqual([]);
    expect(locateManifestObjects('# nothing here\n---\n---\n')).toEqual([]);
  });
});
