import { afterEach, describe, expect, it } from '@jest/globals';
import {
  PERMISSION_HINT,
  runContextFromEnv,
  submitDependencySnapshot,
} from '../../../lib/github/dependency-submission.js';
import { ConfigurationError, OperationError } from '../../../lib/runtime/errors.js';
import { clearRegisteredSecrets, containsSecret } from '../../../lib/runtime/secrets.js';
import type { DependencySnapshot } from '../../../lib/sbom/dependency-snapshot.js';
import { captureOutput } from '../../harness/capture.js';

afterEach(() => clearRegisteredSecrets());

const SNAPSHOT: DependencySnapshot = {
  version: 0,
  job: { correlator: 'CI_build_sbom', id: '1' },
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  ref: 'refs/heads/main',
  detector: { name: 'syft', version: '1.40.1', url: 'https://github.com/anchore/syft' },
  scanned: '2026-01-02T03:04:05.000Z',
  manifests: {},
};
const TOKEN = 'ghs_0123456789abcdefghijklmnop';

interface Call {
  url: string;
  init: RequestInit;
}

function answer(
  status: number,
  body: unknown,
): { calls: Call[]; fetch: (url: string, init: RequestInit) => Promise<Response> } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push({ url, init });
      return Promise.resolve(
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
      );
    },
  };
}

async function submit(apiUrl: string, fake: ReturnType<typeof answer>): Promise<unknown> {
  const captured = await captureOutput(() =>
    submitDependencySnapshot({ apiUrl, repository: 'octo-org/octo-repo' }, TOKEN, SNAPSHOT, { fetch: fake.fetch }),
  );
  if (captured.error) throw captured.error;
  return captured.result;
}

describe('submitDependencySnapshot', () => {
  it('POSTs the snapshot with the token as a bearer and returns GitHub’s answer', async () => {
    const fake = answer(201, { id: 7, result: 'SUCCESS', message: 'ok', created_at: '2026-01-02T03:04:06Z' });
    expect(await submit('https://api.github.com', fake)).toEqual({ id: 7, result: 'SUCCESS', message: 'ok' });
    expect(fake.calls).toHaveLength(1);
    const { url, init } = fake.calls[0]!;
    expect(url).toBe('https://api.github.com/repos/octo-org/octo-repo/dependency-graph/snapshots');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(String(init.body))).toEqual(SNAPSHOT);
    expect(containsSecret(TOKEN)).toBe(true);
  });

  it.each([403, 404])(
    'explains contents: write when GitHub answers %d Resource not accessible by integration',
    async (status) => {
      const fake = answer(status, { message: 'Resource not accessible by integration' });
      const error = await submit('https://api.github.com', fake).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toBe(
        `dependency snapshot refused (HTTP ${status}: Resource not accessible by integration): ${PERMISSION_HINT}`,
      );
      expect(PERMISSION_HINT).toContain('permissions: contents: write');
    },
  );

  it('reports other failures with their status and message', async () => {
    const error = await submit('https://ghe.example/api/v3', answer(422, { message: 'Invalid request' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OperationError);
    expect((error as Error).message).toBe(
      'dependency snapshot refused: HTTP 422: Invalid request from POST /api/v3/repos/octo-org/octo-repo/dependency-graph/snapshots',
    );
  });

  it('never sends the token over plain HTTP to another host than loopback', async () => {
    const fake = answer(201, {});
    await expect(submit('http://api.example', fake)).rejects.toThrow(
      "GITHUB_API_URL must be https (http only on loopback); got 'http://api.example'",
    );
    expect(fake.calls).toEqual([]);
    await submit('http://127.0.0.1:8080', fake);
    expect(fake.calls).toHaveLength(1);
  });
});

describe('runContextFromEnv', () => {
  const env = {
    GITHUB_API_URL: 'https://api.github.com/',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_JOB: 'build',
    GITHUB_RUN_ID: '42',
    GITHUB_WORKFLOW: 'CI',
  };
  it('reads the run from the runner’s variables', () => {
    expect(runContextFromEnv(env)).toEqual({
      apiUrl: 'https://api.github.com',
      repository: 'octo-org/octo-repo',
      sha: env.GITHUB_SHA,
      ref: 'refs/heads/main',
      job: 'build',
      runId: '42',
      workflow: 'CI',
    });
  });
  it('names a missing variable', () => {
    expect(() => runContextFromEnv({ ...env, GITHUB_SHA: '' })).toThrow('environment variable GITHUB_SHA is not set');
  });
});
