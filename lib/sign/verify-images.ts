import { OperationError } from '../runtime/errors.js';
import type { ToolVersionChoice } from '../tools/tool-version.js';
import type { TrustInputs } from './trust-inputs.js';

/*
 * Signature verification of images by digest with notation: shared by
 * actions/sign (mode verify) and actions/deploy-aks (verify-signatures).
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
}

/** Verifies every image; never stops at the first failure, so the caller can name them all. */
export async function verifyImageSignatures(request: VerifyImagesRequest): Promise<VerifyImagesResult> {
  void request;
  throw new OperationError('signature verification is not available in this build yet');
}
