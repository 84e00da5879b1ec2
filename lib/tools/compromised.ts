import type { ToolName } from './types.js';

/**
 * Releases that were published by attackers and must never run. Trivy
 * v0.69.4 to v0.69.6 were pushed during the March 2026 supply-chain attack
 * on the Trivy release pipeline (GHSA advisories of aquasecurity/trivy and
 * aquasecurity/trivy-action); the project withdrew them.
 */
const COMPROMISED: Readonly<Partial<Record<ToolName, readonly string[]>>> = {
  trivy: ['0.69.4', '0.69.5', '0.69.6'],
};

export function isCompromisedRelease(tool: ToolName, version: string): boolean {
  return COMPROMISED[tool]?.includes(version.replace(/^v/, '')) ?? false;
}
