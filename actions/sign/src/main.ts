import * as core from '@actions/core';
import { OperationError } from '../../../lib/runtime/errors.js';
import { setListOutput, setOutput } from '../../../lib/runtime/outputs.js';
import { writeSummary } from '../../../lib/runtime/summary.js';
import { resolveImages, type ResolvedImage } from '../../../lib/sign/resolve-images.js';
import { signatureAnnotations } from '../../../lib/sign/signature-annotations.js';
import { signImages } from '../../../lib/sign/sign-images.js';
import { signSummaryMarkdown, verifySummaryMarkdown } from '../../../lib/sign/summary-markdown.js';
import { verifyImageSignatures } from '../../../lib/sign/verify-images.js';
import { prepareWorkloadIdentity, type WorkloadIdentity } from '../../../lib/sign/workload-identity.js';
import { getInputs, type Inputs } from './inputs.js';

export async function main(): Promise<void> {
  const inputs = getInputs();
  if (inputs.mode === 'sign') await sign(inputs);
  else await verify(inputs);
}

async function sign(inputs: Inputs): Promise<void> {
  // The workload identity is checked before any work: without it nothing can be signed.
  const identity = await prepareWorkloadIdentity({
    clientId: inputs['azure-client-id']!,
    tenantId: inputs['azure-tenant-id']!,
  });
  try {
    await signWith(inputs, identity);
  } finally {
    await identity.remove();
  }
}

async function signWith(inputs: Inputs, identity: WorkloadIdentity): Promise<void> {
  const images = await resolveImages(inputs.images);
  setListOutput(
    'digests',
    images.map((i) => i.pinned),
  );
  const annotations = signatureAnnotations(inputs.annotations);
  const keyId = inputs['key-id']!.href;
  const result = await signImages({
    images,
    keyId,
    ...(inputs['certificate-chain'] ? { certificateChain: inputs['certificate-chain'] } : {}),
    selfSigned: inputs['self-signed'],
    signatureFormat: inputs['signature-format'],
    ...(inputs['timestamp-url'] && inputs['timestamp-root-cert']
      ? { timestamp: { url: inputs['timestamp-url'].href, rootCertificate: inputs['timestamp-root-cert'] } }
      : {}),
    annotations,
    identity,
    notation: inputs.notation,
    plugin: inputs.plugin,
    ...(inputs['tool-mirror'] ? { mirror: inputs['tool-mirror'] } : {}),
    timeoutMs: inputs.timeoutMs,
  });
  await writeSummary(
    signSummaryMarkdown({
      keyId,
      signatureFormat: inputs['signature-format'],
      ...(inputs['timestamp-url'] ? { timestampUrl: inputs['timestamp-url'].href } : {}),
      notationVersion: result.notationVersion,
      pluginVersion: result.pluginVersion,
      results: result.results,
      annotations,
    }),
  );
  const failed = result.results.filter((r) => !r.signature);
  if (failed.length > 0) {
    throw new OperationError(
      `signing failed for ${failed.length} of ${images.length} ${plural(images.length)}: ${failed
        .map((r) => `${named(r.image)}: ${r.error ?? 'not signed'}`)
        .join('; ')}`,
    );
  }
  setListOutput(
    'signatures',
    result.results.map((r) => r.signature!.digest!),
  );
}

async function verify(inputs: Inputs): Promise<void> {
  const images = await resolveImages(inputs.images);
  setListOutput(
    'digests',
    images.map((i) => i.pinned),
  );
  const result = await verifyImageSignatures({
    images: images.map((i) => i.pinned),
    trust: inputs,
    notation: inputs.notation,
    ...(inputs['tool-mirror'] ? { mirror: inputs['tool-mirror'] } : {}),
    timeoutMs: inputs.timeoutMs,
  });
  await writeSummary(verifySummaryMarkdown(images, result));
  setOutput('verified', result.failures.length === 0);
  if (result.failures.length > 0) {
    const byPinned = new Map(images.map((i) => [i.pinned, i]));
    throw new OperationError(
      `signature verification failed for ${result.failures.length} of ${images.length} ${plural(images.length)}: ${result.failures
        .map((f) => `${byPinned.has(f.image) ? named(byPinned.get(f.image)!) : f.image}: ${f.reason}`)
        .join('; ')}`,
    );
  }
  core.info(`every image has a valid signature: ${result.verified.join(', ')}`);
}

/** The image as given, and its digest when the input was a tag. */
function named(image: ResolvedImage): string {
  return image.input === image.pinned ? image.pinned : `${image.input} (${image.pinned})`;
}

function plural(n: number): string {
  return n === 1 ? 'image' : 'images';
}
