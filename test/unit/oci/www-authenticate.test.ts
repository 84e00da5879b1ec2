import { describe, expect, it } from '@jest/globals';
import { parseWwwAuthenticate } from '../../../lib/oci/www-authenticate.js';

describe('parseWwwAuthenticate', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/alpine:pull',
          },
        },
      ],
    ],
    // ACR; a scope with two actions keeps its comma inside the quotes.
    [
      'Bearer realm="https://myacr.azurecr.io/oauth2/token",service="myacr.azurecr.io",scope="repository:team/app:pull,push"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://myacr.azurecr.io/oauth2/token',
            service: 'myacr.azurecr.io',
            scope: 'repository:team/app:pull,push',
          },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    ['basic realm=registry', [{ scheme: 'basic', params: { realm: 'registry' } }]],
    [
      'Basic realm="a", Bearer realm="https://t.example/token", service=reg',
      [
        { scheme: 'basic', params: { realm: 'a' } },
        { scheme: 'bearer', params: { realm: 'https://t.example/token', service: 'reg' } },
      ],
    ],
    ['Bearer realm="with \\"quotes\\""', [{ scheme: 'bearer', params: { realm: 'with "quotes"' } }]],
    ['', []],
  ])('%s', (header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });
});
