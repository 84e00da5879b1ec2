import { getProxyUrl } from '@actions/http-client/lib/proxy';
import type { Dispatcher } from 'undici';
import { registerSecret } from './secrets.js';

/** The fetch the HTTP clients of lib/ take (a seam for tests). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

const dispatchers = new Map<string, Promise<Dispatcher>>();

/**
 * fetch that goes through the proxy the runner is configured with
 * (HTTPS_PROXY / HTTP_PROXY, NO_PROXY, lower-case too; loopback never), by the
 * same rules as the tool downloads of @actions/http-client. Node's own fetch
 * ignores these variables, so on a self-hosted runner behind a proxy the
 * registry and GitHub API calls would fail without it. undici is loaded
 * only when a proxy applies: runs without one start no slower.
 */
export const proxyAwareFetch: FetchLike = async (url, init) => {
  const proxy = getProxyUrl(new URL(url));
  if (!proxy) return fetch(url, init);
  const [{ fetch: undiciFetch }, dispatcher] = await Promise.all([import('undici'), proxyDispatcher(proxy)]);
  // undici's fetch with its own dispatcher: Node's built-in fetch may be another undici version.
  return (await undiciFetch(url, { ...(init as object), dispatcher } as Parameters<
    typeof undiciFetch
  >[1])) as unknown as Response;
};

function proxyDispatcher(proxy: URL): Promise<Dispatcher> {
  const key = proxy.href;
  let made = dispatchers.get(key);
  if (!made) {
    made = (async () => {
      const { ProxyAgent } = await import('undici');
      const username = decodeURIComponent(proxy.username);
      const password = decodeURIComponent(proxy.password);
      // A proxy password must not reach a log through an error message that quotes the proxy.
      registerSecret(password || undefined);
      const bare = new URL(proxy.href);
      bare.username = '';
      bare.password = '';
      return new ProxyAgent({
        uri: bare.href,
        ...(username || password
          ? { token: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` }
          : {}),
      });
    })();
    dispatchers.set(key, made);
  }
  return made;
}
