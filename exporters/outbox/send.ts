import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { parseRetryAfterMs } from './backoff.js';
import type { OtlpHttpTarget, SendOutcome } from './types.js';

const gzipAsync = promisify(gzip);
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/**
 * One POST of an already serialized OTLP request. Never throws: every failure
 * becomes a retryable or fatal outcome. Runs under suppressTracing so the
 * undici/http instrumentations do not trace Vigil's own exports (which would
 * feed back into the exporter forever).
 */
export async function postOtlp(
  target: OtlpHttpTarget,
  body: Uint8Array,
  contentType: string,
  abort?: AbortSignal,
): Promise<SendOutcome> {
  try {
    return await context.with(suppressTracing(context.active()), () => attempt(target, body, contentType, abort));
  } catch (err) {
    // Network errors, timeouts and aborts all mean "the backend was not reached": keep the data.
    return { kind: 'retryable', error: describe(err) };
  }
}

async function attempt(
  target: OtlpHttpTarget,
  body: Uint8Array,
  contentType: string,
  abort?: AbortSignal,
): Promise<SendOutcome> {
  const headers: Record<string, string> = { ...target.headers, 'Content-Type': contentType };
  let payload = body;
  if (target.compression === 'gzip') {
    payload = await gzipAsync(body);
    headers['Content-Encoding'] = 'gzip';
  }
  const timeout = AbortSignal.timeout(target.timeoutMillis);
  const response = await fetch(target.url, {
    method: 'POST',
    headers,
    body: payload,
    signal: abort ? AbortSignal.any([timeout, abort]) : timeout,
  });
  // Always read the body so undici can reuse the keep-alive connection.
  const text = await response.text().catch(() => '');
  if (response.ok) return { kind: 'ok' };
  const error = `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (RETRYABLE_STATUS.has(response.status)) {
    return { kind: 'retryable', error, retryAfterMs: parseRetryAfterMs(response.headers.get('retry-after')) };
  }
  return { kind: 'fatal', error };
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? ` (${String(cause.code)})` : '';
    return `${err.name}: ${err.message}${code}`;
  }
  return String(err);
}
