import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A fake GitHub REST API on 127.0.0.1 for the dependency submission endpoint
 * (POST /repos/{owner}/{repo}/dependency-graph/snapshots). It records every
 * request with its headers and JSON body, and answers as GitHub does: 201 with
 * the snapshot's id, or what a test queues (403 "Resource not accessible by
 * integration" for a token without contents: write).
 */

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}

export interface GitHubApi {
  /** `http://127.0.0.1:<port>`: the GITHUB_API_URL of the runs under test. */
  readonly url: string;
  readonly requests: ApiRequest[];
  /** The next request gets this status and JSON body instead of the normal answer. */
  answerNext(status: number, body: unknown): void;
  close(): Promise<void>;
}

/** GitHub's answer to a token that may not write the dependency graph. */
export const NOT_ACCESSIBLE = {
  message: 'Resource not accessible by integration',
  documentation_url:
    'https://docs.github.com/rest/dependency-graph/dependency-submission#create-a-snapshot-of-dependencies-for-a-repository',
  status: '403',
};

export async function startGitHubApi(): Promise<GitHubApi> {
  const requests: ApiRequest[] = [];
  const queued: Array<{ status: number; body: unknown }> = [];
  let nextId = 1000;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      /* recorded as text */
    }
    const urlPath = new URL(req.url ?? '/', 'http://api').pathname;
    requests.push({ method: req.method ?? 'GET', path: urlPath, headers: { ...req.headers }, body });
    const send = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(payload));
    };
    const next = queued.shift();
    if (next) return send(next.status, next.body);
    if (req.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/dependency-graph\/snapshots$/.test(urlPath)) {
      if (!String(req.headers['authorization'] ?? '').startsWith('Bearer ')) {
        return send(401, { message: 'Requires authentication', status: '401' });
      }
      const id = nextId++;
      return send(201, {
        id,
        created_at: new Date().toISOString(),
        result: 'SUCCESS',
        message: 'Dependency results for the repo have been successfully updated.',
      });
    }
    send(404, { message: 'Not Found', status: '404' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answerNext: (status, body) => {
      queued.push({ status, body });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
