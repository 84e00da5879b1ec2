import * as core from '@actions/core';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Notation } from '../cli/notation.js';
import { isLoopbackHost, parseImageReference } from '../oci/reference.js';
import { ConfigurationError } from '../runtime/errors.js';
import type { ToolVersionChoice } from '../tools/tool-version.js';
import { Deadline } from './deadline.js';
import { failureReason } from './failure-reason.js';
import { installNotation } from './install-notation.js';
import { createNotationHome } from './notation-home.js';
import type { TrustInputs } from './trust-inputs.js';
import { planTrust } from './trust-policy.js';

/*
 * Signature verification of images by digest with notation: shared by
 * actions/sign (mode verify) and actions/deploy-aks (verify-signatures).
 * notation runs with a configuration of its own (see notation-home.ts): the
 * trust store gets the given certificates, the trust policy is the given file
 * or one generated from the trusted identities (see trust-policy.ts), and
 * every image is verified, so that every failure can be named.
 */

export interface VerifyImagesRequest {
  /** References pinned by digest (`registry/repo@sha256:…`); tags are refused. */
  readonly images: readonly string[];
  readonly trust: TrustInputs;
  readonly notation: ToolVersionChoice;
  readonly mirror?: string;
  readonly timeoutMs: number;
}

export interface VerifyImagesResult {
  /** Images whose signature was verified, in the order given. */
  readonly verified: readonly string[];
  /** Images that failed, each with notation's reason (one line). */
  readonly failures: readonly { readonly image: string; readonly reason: string }[];
  /** The notation version that verified. */
  readonly notationVersion?: string;
  /** The trust policy notation used: generated (its JSON) or the given file. */
  readonly trustPolicy?: { readonly generated: boolean; readonly text: string; readonly file?: string };
}

/** Verifies every image; never stops at the first failure, so the caller can name them all. */
export async function verifyImageSignatures(request: VerifyImagesRequest): Promise<VerifyImagesResult> {
  for (const image of request.images) {
    if (!parseImageReference(image).digest) {
      throw new ConfigurationError(`${image} is not pinned by digest: only digests are verified`);
    }
  }
  if (request.images.length === 0) return { verified: [], failures: [] };
  // The trust material is checked before anything is installed or run.
  const trust = await planTrust(request.trust, request.images);

  const home = await createNotationHome();
  try {
    const installed = await installNotation(request.notation, request.mirror);
    const notation = new Notation(installed.path, home.env);
    const version = await notation.version();
    core.info(`notation ${version}; configuration in ${home.dirs.config}`);

    const deadline = new Deadline(request.timeoutMs, 'signature verification');
    for (const store of trust.stores) {
      await notation.addCertificates(store.type, store.name, store.files, deadline.remaining());
    }
    let policyFile = trust.policyFile;
    if (trust.generated || policyFile === undefined) {
      policyFile = path.join(home.root, 'trustpolicy.generated.json');
      await writeFile(policyFile, trust.policyText, { mode: 0o600 });
      core.info(`generated trust policy:\n${trust.policyText.trimEnd()}`);
    }
    await notation.importTrustPolicy(policyFile, deadline.remaining());

    const verified: string[] = [];
    const failures: Array<{ image: string; reason: string }> = [];
    for (const image of request.images) {
      const insecureRegistry = isLoopbackHost(parseImageReference(image).registry);
      try {
        const outcome = await notation.verify(
          image,
          { insecureRegistry, verbose: core.isDebug() },
          deadline.remaining(),
        );
        for (const warning of outcome.warnings) core.warning(`${image}: ${warning}`);
        if (outcome.verified) {
          core.info(`${image}: signature verified`);
          verified.push(image);
        } else {
          failures.push({ image, reason: (outcome.reason ?? 'not verified').split(/\r?\n/)[0]!.trim() });
        }
      } catch (error) {
        // A run that timed out or could not start fails this image; the others are still verified.
        failures.push({ image, reason: failureReason(error) });
      }
    }
    for (const f of failures) core.info(`${f.image}: NOT verified: ${f.reason}`);
    return {
      verified,
      failures,
      notationVersion: version,
      trustPolicy: {
        generated: trust.generated,
        text: trust.policyText,
        ...(trust.policyFile ? { file: trust.policyFile } : {}),
      },
    };
  } finally {
    await home.remove();
  }
}
