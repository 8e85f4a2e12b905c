import { context, diag } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { parseSentryDsn, SENTRY_CLIENT, toEnvelope } from './sentry-envelope.js';
import type { SentryDsn } from './sentry-envelope.js';
import type { ErrorEvent, ErrorForwarder } from './types.js';

export interface SentryForwarderOptions {
  /** Per request (default 5 s). */
  timeoutMs?: number;
  /** Requests in flight at most; more events are dropped and counted (default 10). */
  maxInFlight?: number;
}

export interface SentryForwarder extends ErrorForwarder {
  /** Events not delivered: refused, failed, rate-limited or over the in-flight bound. */
  readonly dropped: number;
}

/**
 * Forwards error events to Sentry as envelopes over plain HTTP: no Sentry SDK,
 * so no second OpenTelemetry setup in the process. Events arrive already
 * redacted, with the user as a hash. Honors 429 + Retry-After by pausing.
 * Throws on an invalid DSN (an explicit option); never at run time.
 */
export function createSentryForwarder(dsn: string, opts: SentryForwarderOptions = {}): SentryForwarder {
  const parsed = parseSentryDsn(dsn);
  if (!parsed) throw new Error('SENTRY_DSN is not a valid Sentry DSN (expected https://<key>@<host>/<project id>)');
  const timeoutMs = opts.timeoutMs ?? 5000;
  const maxInFlight = opts.maxInFlight ?? 10;
  const inFlight = new Set<Promise<void>>();
  let pausedUntil = 0;
  let dropped = 0;
  let warned = false;

  function drop(reason: string): void {
    dropped++;
    if (!warned) {
      warned = true;
      diag.warn(`vigil errors: Sentry forwarding dropped an event (${reason}); further drops are counted, not logged`);
    }
  }

  async function post(e: ErrorEvent, target: SentryDsn): Promise<void> {
    try {
      const res = await context.with(suppressTracing(context.active()), () => fetch(target.envelopeUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-sentry-envelope',
          'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${target.publicKey}, sentry_client=${SENTRY_CLIENT}`,
        },
        body: toEnvelope(e, target),
        signal: AbortSignal.timeout(timeoutMs),
      }));
      await res.arrayBuffer();
      if (res.status === 429) {
        const after = Number(res.headers.get('retry-after'));
        pausedUntil = Date.now() + (Number.isFinite(after) && after > 0 ? after * 1000 : 60_000);
        drop('rate limited');
      } else if (!res.ok) {
        drop(`HTTP ${res.status}`);
      }
    } catch (err) {
      drop(err instanceof Error ? err.message : String(err));
    }
  }

  return {
    get dropped() {
      return dropped;
    },
    async send(events: readonly ErrorEvent[]): Promise<void> {
      const started: Promise<void>[] = [];
      for (const e of events) {
        if (Date.now() < pausedUntil) {
          drop('rate limited');
          continue;
        }
        if (inFlight.size >= maxInFlight) {
          drop('too many requests in flight');
          continue;
        }
        const p = post(e, parsed);
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        started.push(p);
      }
      await Promise.all(started);
    },
    async flush(): Promise<void> {
      await Promise.all([...inFlight]);
    },
  };
}
