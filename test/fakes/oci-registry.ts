import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/*
 * A real OCI registry for tests: Debian's `docker-registry` (distribution
 * 2.8) on 127.0.0.1, with filesystem storage in a temp dir, no auth and
 * deletes enabled. It has no referrers API (use the referrers tag schema).
 */

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export interface Registry {
  /** `127.0.0.1:<port>`: the host part of image references. */
  readonly host: string;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Kills the registry and removes its storage. */
  stop(): Promise<void>;
}

export interface StartRegistryOptions {
  /** Milliseconds to wait for `GET /v2/` to answer 200 (default 15000). */
  readonly startTimeoutMs?: number;
}

/** A port that was free a moment ago: listens on port 0 on 127.0.0.1 and closes. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function registryConfig(storageDir: string, addr: string): string {
  // distribution's YAML config; JSON-quoted strings are valid YAML scalars.
  return [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storageDir)}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: ${JSON.stringify(addr)}`,
    '',
  ].join('\n');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function answers200(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function startOnce(dir: string, timeoutMs: number): Promise<Registry | 'port-taken'> {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const storageDir = path.join(dir, 'storage');
  const configFile = path.join(dir, 'config.yml');
  writeFileSync(configFile, registryConfig(storageDir, host));

  const child = spawn(REGISTRY_BINARY, ['serve', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));

  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await waitForExit(child, 5000);
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) throw new Error(`cannot start ${REGISTRY_BINARY}: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      if (/address already in use/i.test(stderr)) return 'port-taken';
      throw new Error(`docker-registry exited (${child.exitCode ?? child.signalCode}): ${stderr.trim()}`);
    }
    if (await answers200(`${url}/v2/`)) return { host, url, stop };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await waitForExit(child, 2000);
      throw new Error(`docker-registry did not answer GET ${url}/v2/ within ${timeoutMs} ms: ${stderr.trim()}`);
    }
    await sleep(50);
  }
}

/** Starts a registry on a free port and waits until `GET /v2/` answers 200. */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<Registry> {
  const timeoutMs = options.startTimeoutMs ?? 15000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oci-registry-'));
  try {
    // The port can be taken between closing the probe and the registry binding it: retry then.
    for (let attempt = 1; ; attempt++) {
      const started = await startOnce(dir, timeoutMs);
      if (started !== 'port-taken') return started;
      if (attempt >= 5) throw new Error('docker-registry: no free port after 5 attempts');
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
