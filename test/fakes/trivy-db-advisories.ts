import type { TrivyDbSpec } from './trivy-db.js';

/**
 * The advisories of the small real Trivy database the tests build: an Alpine
 * 3.18 advisory for musl (HIGH, fixed in 1.2.4-r2) and a GitHub advisory for
 * npm lodash (CRITICAL, fixed in 4.17.21). Images with musl 1.2.4-r1 and
 * lodash 4.17.20 match both.
 */
export const TEST_ADVISORIES: TrivyDbSpec = {
  os: [{ platform: 'alpine 3.18', package: 'musl', id: 'CVE-2099-0001', fixedVersion: '1.2.4-r2' }],
  lang: [
    {
      ecosystem: 'npm',
      package: 'lodash',
      id: 'GHSA-29mw-wpgm-hmr9',
      vulnerableVersions: ['< 4.17.21'],
      patchedVersions: ['4.17.21'],
    },
  ],
  vulnerabilities: {
    'CVE-2099-0001': {
      severity: 'HIGH',
      title: 'musl: test vulnerability',
      description: 'A made-up vulnerability for tests.',
      cweIds: ['CWE-787'],
      cvss: { nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N', V3Score: 9.1 } },
      references: ['https://example.invalid/CVE-2099-0001'],
      publishedDate: '2099-01-01T00:00:00Z',
    },
    'GHSA-29mw-wpgm-hmr9': {
      severity: 'CRITICAL',
      title: 'lodash: test prototype pollution',
      references: ['https://github.com/advisories/GHSA-29mw-wpgm-hmr9'],
    },
  },
};
