import * as core from '@actions/core';
import path from 'node:path';
import { runContextFromEnv, submitDependencySnapshot } from '../../../lib/github/dependency-submission.js';
import type { Descriptor } from '../../../lib/oci/media-types.js';
import { parseImageReference, pinnedReference } from '../../../lib/oci/reference.js';
import { RegistryClient } from '../../../lib/oci/registry-client.js';
import { registryCredentials } from '../../../lib/oci/registry-credentials.js';
import { defaultArtifactName, uploadArtifact } from '../../../lib/runtime/artifact.js';
import { workspaceDir } from '../../../lib/runtime/inputs.js';
import { setListOutput, setOutput } from '../../../lib/runtime/outputs.js';
import { writeSummary } from '../../../lib/runtime/summary.js';
import { attachSboms, type AttachedSbom } from '../../../lib/sbom/attach-sboms.js';
import { buildDependencySnapshot } from '../../../lib/sbom/dependency-snapshot.js';
import { generateSbom, type SbomSource } from '../../../lib/sbom/generate-sbom.js';
import { packageStats } from '../../../lib/sbom/package-stats.js';
import { pickSbom, readGeneratedSboms } from '../../../lib/sbom/read-generated.js';
import { sbomSummaryMarkdown } from '../../../lib/sbom/summary-markdown.js';
import { getInputs, type Inputs } from './inputs.js';

const DETECTOR_URLS = { syft: 'https://github.com/anchore/syft', trivy: 'https://github.com/aquasecurity/trivy' };

export async function main(): Promise<void> {
  const inputs = getInputs();
  const workspace = workspaceDir();
  const label = targetLabel(inputs, workspace);
  const outDir =
    inputs['output-dir'] ?? path.join(process.env['RUNNER_TEMP'] || workspace, 'devsecops-sbom', label.slice(0, 100));
  const given =
    inputs['registry-username'] && inputs['registry-password']
      ? { username: inputs['registry-username'], password: inputs['registry-password'] }
      : undefined;

  // An image is resolved to its digest first: the SBOM, the output and every attachment name that one image.
  let image: { client: RegistryClient; repository: string; subject: Descriptor } | undefined;
  let source: SbomSource;
  if (inputs.target.kind === 'image') {
    const ref = parseImageReference(inputs.target.reference);
    const creds = registryCredentials(ref.registry, given);
    core.info(`registry ${ref.registry}: ${creds ? `credentials from ${creds.origin}` : 'anonymous'}`);
    const client = new RegistryClient(ref.registry, creds ? { credentials: creds.credentials } : {});
    const subject = await client.resolve(ref.repository, ref.digest ?? ref.tag ?? 'latest');
    setOutput('image-digest', subject.digest);
    source = { kind: 'image', registry: ref.registry, reference: pinnedReference(ref, subject.digest) };
    image = { client, repository: ref.repository, subject };
  } else {
    source = inputs.target;
  }

  const generated = await generateSbom({
    generator: inputs.generator,
    source,
    formats: inputs.formats,
    outDir,
    tool: inputs.tool,
    ...(inputs['tool-mirror'] ? { mirror: inputs['tool-mirror'] } : {}),
    timeoutMs: inputs.timeoutMs,
    ...(given ? { auth: given } : {}),
  });

  const parsed = await readGeneratedSboms(generated.files, generated.tool);
  const primary = pickSbom(parsed, ['spdx-json', 'cyclonedx-json', 'syft-json'])!;
  const stats = packageStats(primary.doc);
  setListOutput(
    'files',
    parsed.map((p) => p.file),
  );
  const spdx = parsed.find((p) => p.format === 'spdx-json');
  const cyclonedx = parsed.find((p) => p.format === 'cyclonedx-json');
  if (spdx) setOutput('spdx-file', spdx.file);
  if (cyclonedx) setOutput('cyclonedx-file', cyclonedx.file);
  setOutput('packages', stats.packages);
  core.info(`${stats.packages} packages in the ${primary.format} SBOM`);

  let referrers: AttachedSbom[] = [];
  if (inputs.attach && image) {
    referrers = await attachSboms(image.client, image.repository, image.subject, generated.files, generated.tool);
    setListOutput(
      'referrers',
      referrers.map((r) => r.digest),
    );
  }

  let artifactName: string | undefined;
  if (inputs['upload-artifact']) {
    artifactName = inputs['artifact-name'] ?? defaultArtifactName(`sbom-${label}`);
    await uploadArtifact(
      parsed.map((p) => p.file),
      `sbom-${label}`,
      artifactName,
    );
  }

  let snapshot: { manifests: number; result?: string; id?: number } | undefined;
  if (inputs['dependency-snapshot']) {
    const context = runContextFromEnv();
    // CycloneDX carries the dependency graph (direct or indirect); otherwise the primary document.
    const doc = (pickSbom(parsed, ['cyclonedx-json', 'spdx-json', 'syft-json']) ?? primary).doc;
    const [name = inputs.generator, version = 'unknown'] = generated.tool.split(' ');
    const built = buildDependencySnapshot(doc, {
      job: {
        correlator: `${context.workflow ?? 'workflow'}_${context.job}_sbom-${label}`,
        id: context.runId,
        ...(context.serverUrl
          ? { html_url: `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}` }
          : {}),
      },
      sha: context.sha,
      ref: context.ref,
      detector: { name, version, url: DETECTOR_URLS[inputs.generator] },
      scanned: new Date().toISOString(),
      defaultManifest: describeTarget(inputs, source),
    });
    if (built.skipped.length) {
      core.warning(`${built.skipped.length} package URLs that do not parse were left out of the dependency snapshot`);
    }
    const result = await submitDependencySnapshot(context, inputs['github-token']!, built.snapshot);
    const manifests = Object.keys(built.snapshot.manifests).length;
    core.info(
      `dependency snapshot submitted: ${manifests} manifests${result.id !== undefined ? `, id ${result.id}` : ''}`,
    );
    snapshot = { manifests, ...result };
  }

  await writeSummary(
    sbomSummaryMarkdown({
      target: describeTarget(inputs, source),
      tool: generated.tool,
      stats,
      files: parsed.map((p) => ({ format: p.format, file: p.file, spec: p.doc.specVersion, bytes: p.bytes })),
      ...(image
        ? { imageDigest: image.subject.digest, attachedTo: `${image.client.registry}/${image.repository}` }
        : {}),
      ...(referrers.length ? { referrers } : {}),
      ...(artifactName ? { artifactName } : {}),
      ...(snapshot ? { snapshot } : {}),
    }),
  );
}

/** How the target is shown: the image reference as given (its digest is output apart), or `kind:relative/path`. */
function describeTarget(inputs: Inputs, source: SbomSource): string {
  const t = inputs.target;
  if (t.kind === 'image') return t.reference;
  const relative = path.relative(workspaceDir(), source.kind === 'image' ? '' : source.path) || '.';
  return `${t.kind}:${relative.split(path.sep).join('/')}`;
}

/** A file-name-safe label of the target, for the output directory, the artifact name and the snapshot correlator. */
function targetLabel(inputs: Inputs, workspace: string): string {
  const t = inputs.target;
  const text =
    t.kind === 'image'
      ? parseImageReference(t.reference).repository
      : `${t.kind}-${path.relative(workspace, t.path).split(path.sep).join('-') || 'workspace'}`;
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'target';
}
