import * as core from '@actions/core';
import { createHash } from 'node:crypto';

/*
 * The vulnerability database is kept in the Actions cache, keyed by day and
 * database repository: restored before the scan, saved right after the
 * download (before any gate can fail the step), so a failing scan never
 * throws the database away.
 */

export function dbCacheKey(
  repositories: readonly string[],
  today: Date = new Date(),
): { key: string; restorePrefix: string } {
  const repoHash = createHash('sha256').update(repositories.join(',')).digest('hex').slice(0, 12);
  const restorePrefix = `devsecops-trivy-db-${process.platform}-${repoHash}-`;
  return { key: `${restorePrefix}${today.toISOString().slice(0, 10)}`, restorePrefix };
}

export async function restoreDbCache(cacheDir: string, repositories: readonly string[]): Promise<{ exact: boolean }> {
  const cache = await import('@actions/cache');
  if (!cache.isFeatureAvailable()) {
    core.debug('the Actions cache is not available here; the database is downloaded');
    return { exact: false };
  }
  const { key, restorePrefix } = dbCacheKey(repositories);
  try {
    const hit = await cache.restoreCache([`${cacheDir}/db`], key, [restorePrefix]);
    if (hit) core.info(`vulnerability database restored from the Actions cache (${hit})`);
    return { exact: hit === key };
  } catch (error) {
    core.warning(
      `the vulnerability database could not be restored from the Actions cache: ${(error as Error).message}`,
    );
    return { exact: false };
  }
}

export async function saveDbCache(cacheDir: string, repositories: readonly string[]): Promise<void> {
  const cache = await import('@actions/cache');
  if (!cache.isFeatureAvailable()) return;
  const { key } = dbCacheKey(repositories);
  try {
    await cache.saveCache([`${cacheDir}/db`], key);
    core.info(`vulnerability database saved to the Actions cache as ${key}`);
  } catch (error) {
    // Another job of the same day may have saved it first: that is fine.
    core.info(`the vulnerability database was not saved to the Actions cache: ${(error as Error).message}`);
  }
}
