import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { RetryableError, parseRetryAfter, withRetry } from './retry.js';
import type { RetryOptions } from './retry.js';

export interface PostOptions extends RetryOptions {
  timeoutMs?: number;
  headers?: Record<string, string> | ((body: string) => Record<string, string>);
}

/**
 * POST a JSON body with retries. Errors name the status or the network
 * failure, never the URL: webhook and Slack URLs are secrets.
 */
export async function postJson(url: string, payload: unknown, o: PostOptions = {}): Promise<void> {
  const body = JSON.stringify(payload);
  await withRetry(async () => {
    const headers = { 'content-type': 'application/json', ...(typeof o.headers === 'function' ? o.headers(body) : (o.headers ?? {})) };
    let res: Response;
    try {
      // Our own delivery must not show up as the application's outgoing HTTP.
      res = await context.with(suppressTracing(context.active()), () =>
        fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(o.timeoutMs ?? 10_000), redirect: 'error' }),
      );
    } catch (err) {
      throw new RetryableError(networkReason(err));
    }
    // Drain the body so the connection can be reused.
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return;
    const msg = `HTTP ${res.status}`;
    if (res.status === 408 || res.status === 429 || res.status >= 500) throw new RetryableError(msg, parseRetryAfter(res.headers.get('retry-after')));
    throw new Error(msg);
  }, o);
}

function networkReason(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  const code = e?.cause?.code;
  return code ? `connection failed (${code})` : 'connection failed';
}
