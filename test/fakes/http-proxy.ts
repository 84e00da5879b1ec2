import { createServer, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';

/** One request the proxy was asked to carry. */
export interface ProxiedRequest {
  /** `CONNECT` (a tunnel) or the method of a plain proxied request. */
  readonly method: string;
  /** `host:port` of a tunnel, or the absolute URL of a plain request. */
  readonly target: string;
  readonly proxyAuthorization?: string;
}

export interface HttpProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * A forward proxy on 127.0.0.1 that tunnels CONNECT requests, the way a
 * corporate proxy does. Every host name resolves to 127.0.0.1 here, so a test
 * can name a host no DNS knows (`registry.example.test`) and reach a server of
 * its own through the proxy only. With `requireAuthorization`, a request
 * without that Proxy-Authorization value is answered 407.
 */
export async function startHttpProxy(options: { requireAuthorization?: string } = {}): Promise<HttpProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    // Plain (non-tunnelled) proxying is not needed by the clients under test: refuse it visibly.
    record(req);
    res.writeHead(501).end('only CONNECT');
  });
  const record = (req: IncomingMessage): ProxiedRequest => {
    const auth = req.headers['proxy-authorization'];
    const entry = { method: req.method ?? '', target: req.url ?? '', ...(auth ? { proxyAuthorization: auth } : {}) };
    requests.push(entry);
    return entry;
  };
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const entry = record(req);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (options.requireAuthorization && entry.proxyAuthorization !== options.requireAuthorization) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const port = Number(entry.target.split(':').pop());
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
