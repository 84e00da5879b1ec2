import { describe, expect, it } from '@jest/globals';
import { helmTemplateArgs, joinDocuments, kustomizeArgs, releaseName } from '../../../lib/k8s/render-manifests.js';
import { locateManifestObjects } from '../../../lib/k8s/manifest-positions.js';

describe('rendering argv', () => {
  it('builds `kubectl kustomize <dir>`', () => {
    expect(kustomizeArgs('/ws/overlays/prod')).toEqual(['kustomize', '/ws/overlays/prod']);
  });

  it('builds `helm template` with the release, chart, Kubernetes version and values in order', () => {
    expect(
      helmTemplateArgs({
        release: 'app',
        chart: '/ws/charts/app',
        values: ['/ws/values.yaml', '/ws/values-prod.yaml'],
        kubernetesVersion: 'v1.33',
      }),
    ).toEqual([
      'template',
      'app',
      '/ws/charts/app',
      '--kube-version',
      'v1.33.0',
      '--values',
      '/ws/values.yaml',
      '--values',
      '/ws/values-prod.yaml',
    ]);
    expect(helmTemplateArgs({ release: 'r', chart: 'c', values: [], kubernetesVersion: '1.31.2' }).slice(3)).toEqual([
      '--kube-version',
      'v1.31.2',
    ]);
    expect(() => helmTemplateArgs({ release: 'r', chart: 'c', values: [], kubernetesVersion: 'x' })).toThrow(
      'not a Kubernetes version',
    );
  });

  it('names the release after the chart, as a DNS label', () => {
    expect(releaseName('/ws/charts/web-app')).toBe('web-app');
    expect(releaseName('/ws/charts/My_Chart')).toBe('my-chart');
    expect(releaseName('/ws/dist/shop-api-1.4.0.tgz')).toBe('shop-api');
    expect(releaseName('/ws/___')).toBe('release');
    expect(releaseName(`/ws/${'a'.repeat(80)}`)).toHaveLength(53);
  });
});

describe('joinDocuments', () => {
  it('joins renders into one stream that keeps every object', () => {
    const a = 'apiVersion: v1\nkind: Service\nmetadata: { name: a }\n\n';
    const b = '---\n# Source: app/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata: { name: b }';
    const joined = joinDocuments([a, '', b]);
    expect(joined).toBe(
      'apiVersion: v1\nkind: Service\nmetadata: { name: a }\n---\n---\n# Source: app/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata: { name: b }\n',
    );
    expect(locateManifestObjects(joined).map((o) => [o.kind, o.name, o.line])).toEqual([
      ['Service', 'a', 1],
      ['Pod', 'b', 7],
    ]);
    expect(joinDocuments([])).toBe('');
  });
});
