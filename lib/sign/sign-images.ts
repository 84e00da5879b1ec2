import * as core from '@actions/core';
import { Notation, type NotationSignature, type NotationSignatureFormat } from '../cli/notation.js';
import type { ToolVersionChoice } from '../tools/tool-version.js';
import { Deadline } from './deadline.js';
import { failureReason } from './failure-reason.js';
import { AZURE_KV_PLUGIN, installAzureKvPlugin, installNotation } from './install-notation.js';
import { createNotationHome } from './notation-home.js';
import type { ResolvedImage } from './resolve-images.js';
import type { WorkloadIdentity } from './workload-identity.js';

/*
 * Signing images by digest with notation and a key that stays in Azure Key
 * Vault: the notation-azure-kv plugin asks Key Vault to sign (as the workload
 * identity of actions/azure-login, with a fresh federated token for each
 * signature when the job can request one) and notation pushes the signature to the
 * registry as a referrer of the image. notation does not print the digest of
 * the signature it pushed, so the signatures of each image are listed
 * (`notation inspect`) before and after signing: the new one is ours.
 */

export interface SignImagesRequest {
  readonly images: readonly ResolvedImage[];
  /** The Key Vault key (or certificate) identifier, with its version. */
  readonly keyId: string;
  /** A PEM bundle of the chain (intermediates to root), unless the certificate is self-signed. */
  readonly certificateChain?: string;
  readonly selfSigned: boolean;
  readonly signatureFormat: NotationSignatureFormat;
  readonly timestamp?: { readonly url: string; readonly rootCertificate: string };
  /** User metadata of every signature, in order. */
  readonly annotations: ReadonlyArray<readonly [string, string]>;
  readonly identity: WorkloadIdentity;
  readonly notation: ToolVersionChoice;
  readonly plugin: ToolVersionChoice;
  readonly mirror?: string;
  /** The longest notation may run for all images. */
  readonly timeoutMs: number;
}

export interface SignedImage {
  readonly image: ResolvedImage;
  /** The signature pushed, as `notation inspect` lists it. */
  readonly signature?: NotationSignature;
  /** Why the image was not signed (one line). */
  readonly error?: string;
}

export interface SignImagesResult {
  readonly notationVersion: string;
  readonly pluginVersion: string;
  /** One entry per image, in order. */
  readonly results: readonly SignedImage[];
}

/** The plugin configuration: the certificate chain (or self-signed) and workload identity credentials. */
export function azureKvPluginConfig(
  request: Pick<SignImagesRequest, 'certificateChain' | 'selfSigned'>,
): Array<[string, string]> {
  const chain: [string, string] = request.selfSigned
    ? ['self_signed', 'true']
    : ['ca_certs', request.certificateChain ?? ''];
  if (!request.selfSigned && !request.certificateChain)
    throw new Error('a certificate chain or self-signed is required');
  return [chain, ['credential_type', 'workloadid']];
}

/** Signs every image (all of them, even after a failure, so that every failure is named). */
export async function signImages(request: SignImagesRequest): Promise<SignImagesResult> {
  const home = await createNotationHome();
  try {
    const installed = await installNotation(request.notation, request.mirror);
    const plugin = await installAzureKvPlugin(request.plugin, request.mirror, home.dirs.libexec);
    // Only `sign` needs Azure: it alone gets AZURE_FEDERATED_TOKEN_FILE (a fresh token file per call, when possible).
    const baseEnv: NodeJS.ProcessEnv = { ...home.env, ...request.identity.env };
    delete baseEnv['AZURE_FEDERATED_TOKEN_FILE'];
    const notation = new Notation(installed.path, baseEnv);
    const notationVersion = await notation.version();
    core.info(`notation ${notationVersion} with notation-azure-kv ${plugin.version}`);

    const deadline = new Deadline(request.timeoutMs, 'signing');
    const pluginConfig = azureKvPluginConfig(request);
    const results: SignedImage[] = [];
    for (const image of request.images) {
      const registry = { insecureRegistry: image.loopback };
      try {
        const before = await notation.inspect(image.pinned, registry, deadline.remaining());
        await request.identity.withTokenFile((azure) =>
          new Notation(installed.path, { ...baseEnv, ...azure }).sign(
            {
              reference: image.pinned,
              keyId: request.keyId,
              plugin: AZURE_KV_PLUGIN,
              pluginConfig,
              signatureFormat: request.signatureFormat,
              ...(request.timestamp ? { timestamp: request.timestamp } : {}),
              userMetadata: request.annotations,
              insecureRegistry: image.loopback,
            },
            deadline.remaining(),
          ),
        );
        const after = await notation.inspect(image.pinned, registry, deadline.remaining());
        const signature = newSignature(before.signatures, after.signatures, request.annotations);
        if (!signature) {
          results.push({ image, error: `notation signed it, but no new signature of it is listed in the registry` });
          continue;
        }
        core.info(`${image.pinned}: signed; signature ${signature.digest ?? ''}`);
        const tsError = signature.timestamp?.error;
        if (request.timestamp && tsError)
          core.warning(`${image.pinned}: the timestamp of the signature cannot be read: ${tsError}`);
        results.push({ image, signature });
      } catch (error) {
        results.push({ image, error: failureReason(error) });
      }
    }
    return { notationVersion, pluginVersion: plugin.version, results };
  } finally {
    await home.remove();
  }
}

/**
 * The signature that was not there before. Should another signer have added
 * one at the same moment, the one carrying this step's user metadata, and of
 * those the most recent, is ours.
 */
export function newSignature(
  before: readonly NotationSignature[],
  after: readonly NotationSignature[],
  annotations: ReadonlyArray<readonly [string, string]>,
): NotationSignature | undefined {
  const known = new Set(before.map((s) => s.digest));
  const added = after.filter((s) => !known.has(s.digest));
  if (added.length <= 1) return added[0];
  const ours = added.filter((s) => annotations.every(([k, v]) => s.userDefinedAttributes[k] === v));
  const candidates = ours.length > 0 ? ours : added;
  return [...candidates].sort((a, b) =>
    (b.signedAttributes['signingTime'] ?? '').localeCompare(a.signedAttributes['signingTime'] ?? ''),
  )[0];
}
