import { beforeEach, describe, expect, it, jest } from '@jest/globals';

/*
 * The vulnerability database in the Actions cache. @actions/cache is the
 * boundary here (it talks to GitHub's cache service), so it is replaced by a
 * recording double; what is tested is our use of it: the path, the keys by
 * day and repository list, the fallback to an older day, and that a failure
 * of the cache service never fails the scan.
 */

const calls: Array<{ fn: string; args: unknown[] }> = [];
let available = true;
let restoreResult: string | undefined;
let failWith: Error | undefined;

jest.unstable_mockModule('@actions/cache', () => ({
  isFeatureAvailable: () => available,
  restoreCache: async (...args: unknown[]) => {
    calls.push({ fn: 'restore', args });
    if (failWith) throw failWith;
    return restoreResult;
  },
  saveCache: async (...args: unknown[]) => {
    calls.push({ fn: 'save', args });
    if (failWith) throw failWith;
    return 1;
  },
}));

const { dbCacheKey, restoreDbCache, saveDbCache } = await import('../../../lib/scan/trivy-db-cache.js');

const REPOS = ['mirror.gcr.io/aquasec/trivy-db:2', 'ghcr.io/aquasecurity/trivy-db:2'];

beforeEach(() => {
  calls.length = 0;
  available = true;
  restoreResult = undefined;
  failWith = undefined;
});

describe('Trivy DB cache keys', () => {
  it('are per day and per list of repositories', () => {
    const day = new Date('2026-11-26T10:00:00Z');
    const a = dbCacheKey(REPOS, day);
    expect(a.key).toBe(`${a.restorePrefix}2026-11-26`);
    expect(dbCacheKey(REPOS, new Date('2026-11-26T23:59:00Z')).key).toBe(a.key);
    expect(dbCacheKey(REPOS, new Date('2026-11-27T00:00:00Z')).key).not.toBe(a.key);
    expect(dbCacheKey(['127.0.0.1:5000/db:2'], day).restorePrefix).not.toBe(a.restorePrefix);
  });
});

describe('restore and save', () => {
  it('restores <cache>/db with today’s key and falls back to an older day', async () => {
    const { key, restorePrefix } = dbCacheKey(REPOS);
    restoreResult = key;
    expect(await restoreDbCache('/home/r/.cache/trivy', REPOS)).toEqual({ exact: true });
    expect(calls).toEqual([{ fn: 'restore', args: [['/home/r/.cache/trivy/db'], key, [restorePrefix]] }]);
    restoreResult = `${restorePrefix}2026-01-01`;
    expect(await restoreDbCache('/c', REPOS)).toEqual({ exact: false });
  });

  it('saves under today’s key', async () => {
    await saveDbCache('/c', REPOS);
    expect(calls).toEqual([{ fn: 'save', args: [['/c/db'], dbCacheKey(REPOS).key] }]);
  });

  it('does nothing where the cache service is not available', async () => {
    available = false;
    expect(await restoreDbCache('/c', REPOS)).toEqual({ exact: false });
    await saveDbCache('/c', REPOS);
    expect(calls).toEqual([]);
  });

  it('never fails the scan when the cache service fails', async () => {
    failWith = new Error('cache service unavailable');
    await expect(restoreDbCache('/c', REPOS)).resolves.toEqual({ exact: false });
    await expect(saveDbCache('/c', REPOS)).resolves.toBeUndefined();
  });
});
