/** What a caller reads of an HTTP answer; a fetch Response has it too, so tests can hand one in. */
export interface HttpAnswer {
  readonly status: number;
  readonly ok: boolean;
  text(): Promise<string>;
}

/** The request fields a POST uses (a subset of fetch's RequestInit). */
export interface HttpPostInit {
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Aborts the request (AbortSignal.timeout for a deadline). */
  readonly signal?: AbortSignal;
}

/** A POST: fetch itself, or httpPost below. */
export type HttpPost = (url: string, init: HttpPostInit & { method: 'POST' }) => Promise<HttpAnswer>;

/**
 * A POST through @actions/http-client (node:https), which the login step has
 * loaded already for the GitHub ID token: it honours the runner's proxy
 * settings, and it spares the step Node's fetch, whose first use loads and
 * compiles Node's bundled HTTP client (about 25 ms of a 300 ms login).
 * Redirects are not followed: the answer is returned as it is.
 */
export const httpPost: HttpPost = async (url, init) => {
  const { HttpClient } = await import('@actions/http-client');
  const client = new HttpClient('devsecops-actions-aks', undefined, { allowRedirects: false, keepAlive: false });
  const signal = init.signal;
  signal?.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      client.dispose();
      reject(signal?.reason instanceof Error ? signal.reason : new Error('the request was aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const answer = await Promise.race([
      (async () => {
        const response = await client.post(url, init.body ?? '', init.headers ?? {});
        const text = await response.readBody();
        const status = response.message.statusCode ?? 0;
        return { status, ok: status >= 200 && status < 300, text: () => Promise.resolve(text) };
      })(),
      aborted,
    ]);
    return answer;
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    client.dispose();
  }
};
