import { describe, expect, it } from '@jest/globals';
import { findImageRule, imageNameMatches, parseImageName } from '../../../lib/k8s/image-rules.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('imageNameMatches: which images an `images` name stands for', () => {
  it.each([
    // The tag and digest never matter.
    ['app', 'app', true],
    ['app', 'app:1.0', true],
    ['app', `app@${D}`, true],
    ['app', `app:1.0@${D}`, true],
    // A name without a registry: that repository in any registry; Docker Hub's library/ is implicit.
    ['app', 'docker.io/library/app:1.0', true],
    ['app', 'library/app', true],
    ['app', 'myacr.azurecr.io/app:2', true],
    ['app', 'localhost:5000/app', true],
    ['team/app', 'team/app:1', true],
    ['team/app', 'myacr.azurecr.io/team/app:1', true],
    ['app', 'myacr.azurecr.io/team/app', false],
    ['team/app', 'app', false],
    ['app', 'application', false],
    ['app', 'app-web:1', false],
    // A name with a registry: only that registry (Docker Hub spelled out or not).
    ['myacr.azurecr.io/team/app', 'myacr.azurecr.io/team/app:1', true],
    ['myacr.azurecr.io/team/app', 'other.azurecr.io/team/app:1', false],
    ['myacr.azurecr.io/team/app', 'team/app:1', false],
    ['docker.io/library/nginx', 'nginx:1.27', true],
    ['docker.io/nginx', 'index.docker.io/library/nginx', true],
    ['localhost:5000/app', 'localhost:5000/app:dev', true],
    // An image that is not a valid reference matches only its own text up to the tag.
    ['{{ .Values.image }}', '{{ .Values.image }}', true],
    ['App', 'App:1', true],
    ['app', 'App:1', false],
  ])('%s matches %s: %s', (name, image, expected) => {
    expect(imageNameMatches(name, image)).toBe(expected);
  });

  it('prefers a line that names the registry over one that does not', () => {
    const rules = [
      { name: 'app', image: `any.example.com/app@${D}` },
      { name: 'myacr.azurecr.io/app', image: `myacr.azurecr.io/app@${D}` },
    ];
    expect(findImageRule(rules, 'myacr.azurecr.io/app:1')?.name).toBe('myacr.azurecr.io/app');
    expect(findImageRule(rules, 'app:1')?.name).toBe('app');
    expect(findImageRule(rules, 'nginx')).toBeUndefined();
  });

  it('reads a name: the registry only when it is spelled out', () => {
    expect(parseImageName('app')).toEqual({ path: 'app' });
    expect(parseImageName('library/app')).toEqual({ path: 'app' });
    expect(parseImageName('team/app')).toEqual({ path: 'team/app' });
    expect(parseImageName('myacr.azurecr.io/team/app')).toEqual({ registry: 'myacr.azurecr.io', path: 'team/app' });
    expect(parseImageName('docker.io/library/app')).toEqual({ registry: 'docker.io', path: 'app' });
    expect(parseImageName('Not Valid')).toBeUndefined();
  });
});
