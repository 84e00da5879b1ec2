import { describe, expect, it } from '@jest/globals';
import {
  formatImageReference,
  imageReferenceProblem,
  isLoopbackHost,
  parseImageReference,
  pinnedReference,
} from '../../../lib/oci/reference.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('parseImageReference normalisation', () => {
  it.each([
    ['alpine', { registry: 'docker.io', repository: 'library/alpine' }],
    ['alpine:3.10', { registry: 'docker.io', repository: 'library/alpine', tag: '3.10' }],
    ['docker.io/alpine', { registry: 'docker.io', repository: 'library/alpine' }],
    ['index.docker.io/library/alpine:3', { registry: 'docker.io', repository: 'library/alpine', tag: '3' }],
    ['registry-1.docker.io/bitnami/nginx', { registry: 'docker.io', repository: 'bitnami/nginx' }],
    ['bitnami/nginx:1.27', { registry: 'docker.io', repository: 'bitnami/nginx', tag: '1.27' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000/a/b:1', { registry: 'localhost:5000', repository: 'a/b', tag: '1' }],
    [`[::1]:5000/x@${DIGEST}`, { registry: '[::1]:5000', repository: 'x', digest: DIGEST }],
    [
      `myacr.azurecr.io/team/app:1.0@${DIGEST}`,
      { registry: 'myacr.azurecr.io', repository: 'team/app', tag: '1.0', digest: DIGEST },
    ],
    ['mirror.gcr.io/aquasec/trivy-db:2', { registry: 'mirror.gcr.io', repository: 'aquasec/trivy-db', tag: '2' }],
  ])('%j', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
  });

  it('formats the canonical form and the pinned form', () => {
    const ref = parseImageReference('alpine:3.10');
    expect(formatImageReference(ref)).toBe('docker.io/library/alpine:3.10');
    expect(pinnedReference(ref, DIGEST)).toBe(`docker.io/library/alpine@${DIGEST}`);
    expect(formatImageReference(parseImageReference(`[::1]:5000/x@${DIGEST}`))).toBe(`[::1]:5000/x@${DIGEST}`);
  });

  it.each([
    ['', 'an image reference is empty'],
    ['   ', 'an image reference is empty'],
    [`a/${'b'.repeat(4100)}`, 'an image reference is longer than 4096 characters'],
    [`example.com/${'a'.repeat(250)}`, 'the repository name is longer than 255 characters'],
    ['exa_mple.com:5000/app', "registry 'exa_mple.com:5000' is not a valid host[:port]"],
  ])('refuses %j', (text, message) => {
    expect(() => parseImageReference(text)).toThrow(message);
    expect(imageReferenceProblem(text)).toBe(message);
  });

  it('reports no problem for a valid reference', () => {
    expect(imageReferenceProblem('alpine')).toBeUndefined();
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['localhost:5000', true],
    ['127.0.0.1:5000', true],
    ['127.1.2.3', true],
    ['[::1]:5000', true],
    ['[::1]', true],
    ['localhost.example.com:5000', false],
    ['128.0.0.1', false],
    ['myacr.azurecr.io', false],
    ['[::2]:5000', false],
  ])('%j → %j', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
