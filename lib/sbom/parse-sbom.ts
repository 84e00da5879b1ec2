import { parseCycloneDx, type CycloneDxJson } from './cyclonedx.js';
import type { SbomDocument } from './sbom-model.js';
import { parseSpdx, type SpdxJson } from './spdx.js';
import { parseSyftJson, type SyftJson } from './syft-json.js';

/** Reads an SPDX JSON, CycloneDX JSON or Syft JSON document, told apart by its content. */
export function parseSbom(text: string): SbomDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`the SBOM is not JSON: ${(error as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the SBOM is not a JSON object');
  const record = doc as Record<string, unknown>;
  if (typeof record['spdxVersion'] === 'string') return parseSpdx(record as SpdxJson);
  if (record['bomFormat'] === 'CycloneDX') return parseCycloneDx(record as CycloneDxJson);
  if (Array.isArray(record['artifacts']) && record['descriptor'] !== undefined)
    return parseSyftJson(record as SyftJson);
  throw new Error('the SBOM is neither SPDX JSON, CycloneDX JSON nor Syft JSON');
}
