import * as core from '@actions/core';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A default artifact name that does not collide across the cells of a
 * matrix: the job id, a label, and a short hash of what tells cells apart on
 * the runner (runner name, OS, architecture, run attempt, the label).
 */
export function defaultArtifactName(label: string): string {
  const env = process.env;
  const cell = [
    env['GITHUB_JOB'],
    env['RUNNER_NAME'],
    env['RUNNER_OS'],
    env['RUNNER_ARCH'],
    env['GITHUB_RUN_ATTEMPT'],
    label,
  ].join('|');
  const hash = createHash('sha256').update(cell).digest('hex').slice(0, 8);
  // The hash goes last and is never cut: it is what keeps the cells apart.
  const prefix = `${env['GITHUB_JOB'] ?? 'job'}-${label}`.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 110);
  return `${prefix}-${hash}`;
}

/** Uploads files as one workflow artifact; the artifact client is loaded only on this path. */
export async function uploadArtifact(files: readonly string[], label: string, name?: string): Promise<void> {
  const existing = files.filter((f) => existsSync(f));
  if (!existing.length) return;
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  const artifactName = name ?? defaultArtifactName(label);
  const root = commonDirectory(existing);
  const { id, size } = await client.uploadArtifact(artifactName, existing, root);
  core.info(`uploaded artifact ${artifactName} (id ${id ?? '?'}, ${size ?? 0} bytes)`);
}

function commonDirectory(files: readonly string[]): string {
  const parts = files.map((f) => path.dirname(path.resolve(f)).split(path.sep));
  const first = parts[0] ?? [];
  let i = 0;
  while (i < first.length && parts.every((p) => p[i] === first[i])) i++;
  return first.slice(0, i).join(path.sep) || path.sep;
}
