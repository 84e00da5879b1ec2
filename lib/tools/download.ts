import { HttpClient } from '@actions/http-client';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OperationError } from '../runtime/errors.js';

/*
 * Downloads with retries and a sha256 computed while the bytes stream to disk.
 * Retried: 429, 5xx and connection failures, with exponential backoff that
 * honours Retry-After, within a bounded total time. Anything else (404, 403)
 * fails at once with the URL in the message.
 */

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly attempts: number;
  /** Delay before the first retry; doubled for each further one. */
  readonly baseDelayMs: number;
  /** Longest single wait, Retry-After included. */
  readonly maxDelayMs: number;
  /** Give up once this much time has passed since the first attempt. */
  readonly maxTotalMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000, maxTotalMs: 180_000 };

export interface DownloadResult {
  readonly sha256: string;
  readonly bytes: number;
  readonly attempts: number;
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export async function downloadFile(
  url: string,
  destination: string,
  options: { retry?: RetryPolicy; userAgent?: string; sleep?: (ms: number) => Promise<void> } = {},
): Promise<DownloadResult> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const client = new HttpClient(options.userAgent ?? 'devsecops-actions-aks', [], {
    allowRetries: false,
    allowRedirects: true,
    maxRedirects: 10,
  });
  const started = Date.now();
  let lastError = '';
  try {
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      try {
        const result = await downloadOnce(client, url, destination);
        return { ...result, attempts: attempt };
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        lastError = error.message;
        const backoff = Math.min(retry.baseDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
        const wait = Math.min(error.retryAfterMs ?? backoff, retry.maxDelayMs);
        if (attempt === retry.attempts || Date.now() - started + wait > retry.maxTotalMs) break;
        await sleep(wait);
      }
    }
  } finally {
    client.dispose();
  }
  await rm(destination, { force: true });
  throw new OperationError(`download of ${url} failed after retries: ${lastError}`);
}

async function downloadOnce(
  client: HttpClient,
  url: string,
  destination: string,
): Promise<Omit<DownloadResult, 'attempts'>> {
  let response;
  try {
    response = await client.get(url);
  } catch (error) {
    throw new RetryableError(`connection failed (${(error as Error).message})`);
  }
  const status = response.message.statusCode ?? 0;
  if (status !== 200) {
    response.message.resume();
    if (status === 429 || status >= 500) {
      throw new RetryableError(`HTTP ${status}`, parseRetryAfter(response.message.headers['retry-after']));
    }
    throw new OperationError(`download of ${url} failed: HTTP ${status}`);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(response.message, tap, createWriteStream(destination, { mode: 0o600 }));
  } catch (error) {
    await rm(destination, { force: true });
    throw new RetryableError(`transfer interrupted (${(error as Error).message})`);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
