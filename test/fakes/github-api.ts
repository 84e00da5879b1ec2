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

/*
 * The Actions artifact service as @actions/artifact (v2+) talks to it: Twirp
 * JSON calls CreateArtifact and FinalizeArtifact on ACTIONS_RESULTS_URL, and
 * between them an Azure Blob block upload (Put Block, Put Block List) to the
 * signed URL CreateArtifact returned. Uploaded artifacts are kept in memory.
 */

export interface UploadedArtifact {
  readonly name: string;
  /** The zip the client uploaded. */
  readonly bytes: Buffer;
  readonly finalized: boolean;
}

export interface ArtifactService {
  /** `http://127.0.0.1:<port>/`: ACTIONS_RESULTS_URL. */
  readonly resultsUrl: string;
  /** An ACTIONS_RUNTIME_TOKEN the client accepts (a JWT whose scp names the run and job backend ids). */
  readonly runtimeToken: string;
  readonly artifacts: Map<string, UploadedArtifact>;
  close(): Promise<void>;
}

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/';

export async function startArtifactService(): Promise<ArtifactService> {
  const artifacts = new Map<string, UploadedArtifact>();
  const blocks = new Map<string, Map<string, Buffer>>();
  let base = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://artifacts');
    const json = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.method === 'POST' && url.pathname === `${TWIRP}CreateArtifact`) {
      const { name } = JSON.parse(body.toString('utf8')) as { name: string };
      artifacts.set(name, { name, bytes: Buffer.alloc(0), finalized: false });
      return json(200, { ok: true, signed_upload_url: `${base}blob/${encodeURIComponent(name)}?sig=test-signature` });
    }
    if (req.method === 'POST' && url.pathname === `${TWIRP}FinalizeArtifact`) {
      const { name } = JSON.parse(body.toString('utf8')) as { name: string };
      const artifact = artifacts.get(name);
      if (!artifact) return json(404, { code: 'not_found', msg: `no artifact ${name}` });
      artifacts.set(name, { ...artifact, finalized: true });
      return json(200, { ok: true, artifact_id: '4242' });
    }
    const blob = /^\/blob\/(.+)$/.exec(url.pathname);
    if (req.method === 'PUT' && blob) {
      const name = decodeURIComponent(blob[1]!);
      const azureHeaders = {
        'x-ms-request-id': '00000000-0000-0000-0000-000000000001',
        'x-ms-version': '2024-08-04',
        'x-ms-request-server-encrypted': 'true',
        date: new Date().toUTCString(),
      };
      const comp = url.searchParams.get('comp');
      if (comp === 'block') {
        const id = url.searchParams.get('blockid') ?? '';
        const staged = blocks.get(name) ?? new Map<string, Buffer>();
        staged.set(id, body);
        blocks.set(name, staged);
        res.writeHead(201, azureHeaders);
        return void res.end();
      }
      if (comp === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map(
          (m) => m[1]!,
        );
        const staged = blocks.get(name) ?? new Map<string, Buffer>();
        const bytes = Buffer.concat(ids.map((id) => staged.get(id) ?? Buffer.alloc(0)));
        const artifact = artifacts.get(name);
        if (artifact) artifacts.set(name, { ...artifact, bytes });
        res.writeHead(201, {
          ...azureHeaders,
          etag: '"0x8DC0000000000000"',
          'last-modified': new Date().toUTCString(),
        });
        return void res.end();
      }
      // A single Put Blob.
      const artifact = artifacts.get(name);
      if (artifact) artifacts.set(name, { ...artifact, bytes: body });
      res.writeHead(201, { ...azureHeaders, etag: '"0x8DC0000000000001"', 'last-modified': new Date().toUTCString() });
      return void res.end();
    }
    json(404, { msg: `unexpected ${req.method ?? ''} ${url.pathname}` });
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
  base = `http://127.0.0.1:${port}/`;
  const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const runtimeToken = [
    b64url({ alg: 'none', typ: 'JWT' }),
    b64url({ scp: 'Actions.GenericRead Actions.Results:run-backend-1:job-backend-1' }),
    'unsigned',
  ].join('.');
  return {
    resultsUrl: base,
    runtimeToken,
    artifacts,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
