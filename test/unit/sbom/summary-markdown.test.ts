import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageStats } from '../../../lib/sbom/package-stats.js';
import { parseSbom } from '../../../lib/sbom/parse-sbom.js';
import { sbomSummaryMarkdown } from '../../../lib/sbom/summary-markdown.js';

const REAL = path.resolve(import.meta.dirname, '../../../../shared/fixtures/real/syft');
const DIGEST = `sha256:${'c'.repeat(64)}`;

describe('sbomSummaryMarkdown', () => {
  const stats = packageStats(parseSbom(readFileSync(path.join(REAL, 'spdx-dir-rust-real-syft0.83.json'), 'utf8')));

  it('leads with the target and the count, lists the files, the referrers and the ecosystems', () => {
    const md = sbomSummaryMarkdown({
      target: 'myacr.azurecr.io/team/app:1.0',
      tool: 'syft 1.40.1',
      stats,
      files: [
        { format: 'spdx-json', file: '/tmp/out/sbom.spdx.json', spec: 'SPDX-2.3', bytes: 75127 },
        { format: 'cyclonedx-json', file: '/tmp/out/sbom.cyclonedx.json', spec: 'CycloneDX 1.6', bytes: 900 },
      ],
      imageDigest: DIGEST,
      attachedTo: 'myacr.azurecr.io/team/app',
      referrers: [
        {
          format: 'spdx-json',
          artifactType: 'application/spdx+json',
          digest: `sha256:${'d'.repeat(64)}`,
          via: 'tag-schema',
        },
      ],
      snapshot: { manifests: 1, id: 12, result: 'SUCCESS' },
    });
    const lines = md.split('\n');
    expect(lines[0]).toBe('### 📦 SBOM of `myacr.azurecr.io/team/app:1.0`: 44 packages');
    expect(md).toContain('| sbom.spdx.json | spdx-json (SPDX-2.3) | 73.4 KiB |');
    expect(md).toContain('Written to `/tmp/out`.');
    expect(md).toContain(`Attached to \`myacr.azurecr.io/team/app@${DIGEST}\` as OCI referrers:`);
    expect(md).toContain(`| spdx-json | application/spdx+json | sha256:${'d'.repeat(64)} | referrers tag schema |`);
    expect(md).toContain('| cargo | — | 44 |');
    expect(md).toContain('| no licence declared | 44 |');
    expect(md).toContain('Submitted to the dependency graph: 1 manifest (snapshot 12, SUCCESS).');
  });

  it('collapses long licence lists after the ten most common', () => {
    const many = {
      packages: 12,
      byEcosystem: [],
      byLicense: Array.from({ length: 12 }, (_, i) => ({ license: `L-${i}`, count: 1 })),
    };
    const md = sbomSummaryMarkdown({ target: 'dir:.', tool: 'trivy dev', stats: many, files: [] });
    expect(md).toContain('| L-9 | 1 |');
    expect(md).toContain('<details><summary>2 more licences</summary>');
    expect(md).toMatch(/<details>[\s\S]*\| L-11 \| 1 \|/);
  });
});
