import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/*
 * A local tool mirror: an HTTP server on 127.0.0.1 laid out like GitHub
 * releases (`/<owner>/<repo>/releases/download/<tag>/<file>`) and, for tools
 * hosted elsewhere, like `/<host>/<path>`. Tests register the files it serves
 * and can make the next requests for a path fail (status codes, connection
 * resets) to exercise retries. Every request is recorded.
 */

export interface MirrorRequest {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

export interface ToolMirror {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly requests: MirrorRequest[];
  /** Serves body at path (which starts with `/`); returns the full URL. */
  serve(urlPath: string, body: string | Buffer): string;
  /** Serves at `/<repo>/releases/download/<tag>/<file>`; returns the full URL. */
  serveRelease(repo: string, tag: string, file: string, body: string | Buffer): string;
  /** Serves at `/<host>/<path>`; returns the full URL. */
  serveHost(host: string, hostPath: string, body: string | Buffer): string;
  /** Answers requests for path with a redirect to location (a path on this server or a URL). */
  redirect(urlPath: string, location: string, status?: 301 | 302 | 307 | 308): void;
  /** The next requests for path get these statuses, one each, in order (with the headers, e.g. Retry-After). */
  failNext(urlPath: string, statuses: readonly number[], headers?: Record<string, string>): void;
  /**
   * The next `count` requests for path have their connection reset: before
   * any response, or with `afterBytes`, after the headers and that many bytes
   * of the body.
   */
  resetConnectionNext(urlPath: string, count: number, options?: { afterBytes?: number }): void;
  /** Requests whose path is urlPath. */
  requestsFor(urlPath: string): MirrorRequest[];
  close(): Promise<void>;
}

type Fault =
  { kind: 'status'; status: number; headers: Record<string, string> } | { kind: 'reset'; afterBytes?: number };

export async function startToolMirror(): Promise<ToolMirror> {
  const files = new Map<string, Buffer>();
  const redirects = new Map<string, { location: string; status: number }>();
  const faults = new Map<string, Fault[]>();
  const requests: MirrorRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://mirror').pathname);
    requests.push({ method: req.method ?? 'GET', path: urlPath, headers: { ...req.headers } });

    const fault = faults.get(urlPath)?.shift();
    if (fault?.kind === 'reset') {
      const body = files.get(urlPath);
      if (fault.afterBytes === undefined || body === undefined) {
        resetSocket(res);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.write(body.subarray(0, Math.min(fault.afterBytes, body.length - 1)), () => resetSocket(res));
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers });
      res.end(`injected failure: HTTP ${fault.status}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const redirect = redirects.get(urlPath);
    if (redirect) {
      res.writeHead(redirect.status, { location: redirect.location });
      res.end();
      return;
    }
    const body = files.get(urlPath);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`not found: ${urlPath}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const normalise = (urlPath: string): string => {
    if (!urlPath.startsWith('/')) throw new Error(`mirror paths start with '/': ${urlPath}`);
    return urlPath;
  };
  const serve = (urlPath: string, body: string | Buffer): string => {
    files.set(normalise(urlPath), typeof body === 'string' ? Buffer.from(body) : body);
    return `${url}${urlPath}`;
  };
  const queue = (urlPath: string, items: Fault[]): void => {
    const key = normalise(urlPath);
    faults.set(key, [...(faults.get(key) ?? []), ...items]);
  };

  return {
    url,
    requests,
    serve,
    serveRelease: (repo, tag, file, body) => serve(`/${repo}/releases/download/${tag}/${file}`, body),
    serveHost: (host, hostPath, body) => serve(`/${host}/${hostPath.replace(/^\/+/, '')}`, body),
    redirect: (urlPath, location, status = 302) => {
      redirects.set(normalise(urlPath), { location, status });
    },
    failNext: (urlPath, statuses, headers = {}) =>
      queue(
        urlPath,
        statuses.map((status) => ({ kind: 'status', status, headers })),
      ),
    resetConnectionNext: (urlPath, count, options = {}) =>
      queue(
        urlPath,
        Array.from({ length: count }, () => ({
          kind: 'reset' as const,
          ...(options.afterBytes !== undefined ? { afterBytes: options.afterBytes } : {}),
        })),
      ),
    requestsFor: (urlPath) => requests.filter((r) => r.path === urlPath),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function resetSocket(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  // A TCP RST where the platform supports it, like a dropped connection in the wild.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/** File modes for archive entries, by path inside the archive (default 0o644; give 0o755 for executables). */
export type ArchiveModes = Record<string, number>;

function stageFiles(files: Record<string, string | Buffer>, modes: ArchiveModes): { dir: string; names: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'archive-stage-'));
  const names = Object.keys(files).sort();
  for (const name of names) {
    if (path.isAbsolute(name) || name.split('/').includes('..'))
      throw new Error(`archive entry must be relative: ${name}`);
    const target = path.join(dir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, files[name] ?? '');
    chmodSync(target, modes[name] ?? 0o644);
  }
  return { dir, names };
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', shell: false });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
}

/** A real .tar.gz (built by the system tar) holding files at the given paths. */
export function makeTarGz(files: Record<string, string | Buffer>, modes: ArchiveModes = {}): Buffer {
  const { dir, names } = stageFiles(files, modes);
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'archive-out-')), 'archive.tar.gz');
  try {
    run('tar', ['-czf', out, '--owner=0', '--group=0', '--', ...names], dir);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

/** A real .zip holding files at the given paths, made by the system zip, or Python's zipfile when zip is missing. */
export function makeZip(files: Record<string, string | Buffer>, modes: ArchiveModes = {}): Buffer {
  const { dir, names } = stageFiles(files, modes);
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'archive-out-')), 'archive.zip');
  try {
    const zip = spawnSync('zip', ['-v'], { encoding: 'utf8' });
    if (!zip.error && zip.status === 0) run('zip', ['-q', '-X', out, '--', ...names], dir);
    // zipfile's command line names an entry by its basename, so give it the top-level entries (it recurses into dirs).
    else run('python3', ['-m', 'zipfile', '-c', out, ...new Set(names.map((n) => n.split('/')[0] ?? n))], dir);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.dirname(out), { recursive: true, force: true });
  }
}
