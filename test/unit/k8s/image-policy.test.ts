import { describe, expect, it } from '@jest/globals';
import { checkImagePolicy, describeImageUse, imageRefusalMessage } from '../../../lib/k8s/image-policy.js';
import { prepareManifests } from '../../../lib/k8s/prepare-manifests.js';

const D = (c: string): string => `sha256:${c.repeat(64)}`;

/** Manifests with a pinned ACR image, a tag-only image, a Docker Hub image by digest and an invalid one. */
const TEXT = [
  'apiVersion: apps/v1', // 1
  'kind: Deployment',
  'metadata: { name: web, namespace: prod }',
  'spec:',
  '  template:', // 5
  '    spec:',
  '      initContainers:',
  '        - name: migrate',
  '          image: team/migrate:1.4', // 9
  '      containers:',
  '        - name: web',
  `          image: myacr.azurecr.io/team/web@${D('a')}`, // 12
  '        - name: proxy',
  `          image: nginx@${D('b')}`, // 14
  '---',
  'apiVersion: batch/v1', // 16
  'kind: CronJob',
  'metadata: { name: report }',
  'spec:',
  '  jobTemplate:',
  '    spec:',
  '      template:',
  '        spec:',
  '          containers:',
  '            - name: report',
  '              image: Report:Latest', // 26
  '            - name: empty',
].join('\n');

function images(rules: { name: string; image: string }[] = []) {
  return prepareManifests([{ label: 'k8s/app.yaml', file: 'k8s/app.yaml', text: TEXT }], { rules, annotations: {} })
    .images;
}

describe('checkImagePolicy', () => {
  it('refuses images not pinned by digest and invalid references with require-digest, each with file:line', () => {
    const policy = { requireDigest: true, allowedRegistries: [] };
    const refusals = checkImagePolicy(images(), policy);
    expect(refusals.map((r) => [r.reason, r.use.container, r.use.line])).toEqual([
      ['not-pinned', 'migrate', 9],
      ['invalid', 'report', 26],
      ['invalid', 'empty', 27],
    ]);
    const message = imageRefusalMessage(refusals, policy);
    expect(message).toBe(
      [
        "deploy refused before contacting the cluster: 1 image is not pinned by digest (require-digest): k8s/app.yaml:9: Deployment prod/web, init container 'migrate': 'team/migrate:1.4'; pin them with the 'images' input (name=registry/repository@sha256:…) or in the manifests",
        "2 images are not a valid image reference and cannot be checked: k8s/app.yaml:26: CronJob report, container 'report': 'Report:Latest' is not a valid image reference (repository 'Report' must be lower-case path components (a-z, 0-9, '.', '_', '-')); k8s/app.yaml:27: CronJob report, container 'empty': (no image) is not a valid image reference (the container has no image)",
      ].join('. '),
    );
  });

  it('substitution happens first: a substituted image is checked as it will run', () => {
    const refusals = checkImagePolicy(
      images([
        { name: 'team/migrate', image: `myacr.azurecr.io/team/migrate@${D('c')}` },
        { name: 'Report', image: `myacr.azurecr.io/team/report@${D('d')}` },
      ]),
      { requireDigest: true, allowedRegistries: [] },
    );
    expect(refusals.map((r) => [r.reason, r.use.container])).toEqual([['invalid', 'empty']]);
    expect(describeImageUse(images([{ name: 'team/migrate', image: `x.io/m@${D('c')}` }])[0]!)).toBe(
      `k8s/app.yaml:9: Deployment prod/web, init container 'migrate': 'x.io/m@${D('c')}' (substituted for 'team/migrate:1.4')`,
    );
  });

  it('refuses images from registries outside allowed-registries, Docker Hub included, naming the registry', () => {
    const policy = { requireDigest: false, allowedRegistries: ['myacr.azurecr.io'] };
    const refusals = checkImagePolicy(images(), policy).filter((r) => r.reason === 'registry');
    expect(refusals.map((r) => [r.use.container, r.use.line])).toEqual([
      ['migrate', 9],
      ['proxy', 14],
    ]);
    expect(imageRefusalMessage(refusals, policy)).toBe(
      `deploy refused before contacting the cluster: 2 images come from a registry outside allowed-registries (myacr.azurecr.io): k8s/app.yaml:9: Deployment prod/web, init container 'migrate': 'team/migrate:1.4' from docker.io; k8s/app.yaml:14: Deployment prod/web, container 'proxy': 'nginx@${D('b')}' from docker.io`,
    );
  });

  it('checks nothing when neither rule is on', () => {
    expect(checkImagePolicy(images(), { requireDigest: false, allowedRegistries: [] })).toEqual([]);
  });
});
