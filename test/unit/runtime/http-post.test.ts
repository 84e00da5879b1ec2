import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { httpPost } from '../../../lib/runtime/http-post.js';

/* httpPost against a real HTTP server on 127.0.0.1. */

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end('late'), 5_000).unref();
      else if (req.url === '/denied') res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[]}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(`{"echo":${JSON.stringify(body)}}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('httpPost', () => {
  it('POSTs the body with the headers and returns the status and the text', async () => {
    const answer = await httpPost(`${base}/oauth2/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=access_token&service=r',
    });
    expect(answer.status).toBe(200);
    expect(answer.ok).toBe(true);
    expect(JSON.parse(await answer.text())).toEqual({ echo: 'grant_type=access_token&service=r' });
    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/oauth2/exchange');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers['accept']).toBe('application/json');
  });

  it('returns an error status as an answer, not an exception', async () => {
    const answer = await httpPost(`${base}/denied`, { method: 'POST', body: 'x' });
    expect(answer.status).toBe(401);
    expect(answer.ok).toBe(false);
    expect(await answer.text()).toBe('{"errors":[]}');
  });

  it('does not follow a redirect', async () => {
    const before = seen.length;
    const answer = await httpPost(`${base}/moved`, { method: 'POST', body: 'x' });
    expect(answer.status).toBe(302);
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/moved']);
  });

  it('is aborted by its signal', async () => {
    const started = Date.now();
    await expect(
      httpPost(`${base}/slow`, { method: 'POST', body: 'x', signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow(/timeout|aborted/i);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('fails with the connection error when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpPost(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
