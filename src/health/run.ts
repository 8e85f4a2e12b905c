import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { isStatus } from './status.js';
import type { CachedResult, CheckResult, CustomCheckFn, HealthCheck } from './types.js';

export function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // fetch() says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND) is in the cause.
  const cause = err.cause as { code?: string; message?: string } | undefined;
  const why = cause?.code ?? cause?.message;
  return why ? `${err.message || err.name} (${why})` : err.message || err.name;
}

/**
 * One run of a check: under its timeout (the signal is aborted and the run
 * counts as failed even if the check ignores the signal), with tracing
 * suppressed (a health probe is not application traffic), never rejecting.
 */
export async function runCheck(check: HealthCheck): Promise<CachedResult> {
  const ac = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      const output = `timed out after ${check.timeoutMs} ms`;
      ac.abort(new Error(output));
      resolve({ status: 'fail', output });
    }, check.timeoutMs);
    timer.unref();
  });
  let result: CheckResult;
  try {
    const run = context.with(suppressTracing(context.active()), () => check.run(ac.signal));
    result = validResult(await Promise.race([run, timedOut]));
  } catch (err) {
    result = { status: 'fail', output: messageOf(err) };
  } finally {
    clearTimeout(timer);
  }
  return { name: check.name, result, timeMs: Date.now(), durationMs: performance.now() - started };
}

function validResult(r: CheckResult): CheckResult {
  if (r && typeof r === 'object' && isStatus(r.status)) return r;
  return { status: 'fail', output: `the check returned ${JSON.stringify(r)}, not { status: 'pass' | 'warn' | 'fail' }` };
}

/** A custom function's return value as a CheckResult (see CustomCheckFn). */
export async function runCustom(fn: CustomCheckFn, signal: AbortSignal): Promise<CheckResult> {
  const v = await fn(signal);
  if (v === undefined || v === true) return { status: 'pass' };
  if (v === false) return { status: 'fail', output: 'the check returned false' };
  return validResult(v);
}
