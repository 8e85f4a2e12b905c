import type { CheckOptions, HealthCheck } from '../types.js';
import { INTERVALS, round, schedule } from './defaults.js';

export interface HttpCheckOptions extends CheckOptions {
  url: string;
  /** Expected status code(s); default any status below 400. */
  expectStatus?: number | number[];
  /** Same as `timeout`, under the name the issue uses. */
  timeoutMs?: number;
  /** Latency (ms) above which the check warns; default 1000. */
  slowMs?: number;
  method?: string;
  headers?: Record<string, string>;
}

/** An HTTP endpoint: the expected status (else fail) within `slowMs` (else warn). */
export function httpCheck(o: HttpCheckOptions): HealthCheck {
  const url = new URL(o.url);
  const shown = safeUrl(url);
  const expected = o.expectStatus === undefined ? undefined : [o.expectStatus].flat();
  const slowMs = o.slowMs ?? 1000;
  return {
    ...schedule({ ...o, timeout: o.timeout ?? o.timeoutMs }, { name: `http:${shown}`, critical: false, interval: INTERVALS.http }),
    component: 'http',
    measurement: 'responseTime',
    componentId: shown,
    componentType: 'component',
    async run(signal) {
      const started = performance.now();
      const res = await fetch(url, { method: o.method ?? 'GET', headers: o.headers, signal, redirect: 'manual' });
      await res.body?.cancel();
      const ms = round(performance.now() - started);
      const ok = expected ? expected.includes(res.status) : res.status < 400;
      if (!ok) {
        const want = expected ? expected.join(' or ') : 'below 400';
        return { status: 'fail', observedValue: ms, observedUnit: 'ms', output: `${shown} answered ${res.status} (expected ${want})`, details: { statusCode: res.status } };
      }
      if (ms > slowMs) return { status: 'warn', observedValue: ms, observedUnit: 'ms', output: `${shown} took ${ms} ms (slow above ${slowMs} ms)`, details: { statusCode: res.status } };
      return { status: 'pass', observedValue: ms, observedUnit: 'ms', details: { statusCode: res.status } };
    },
  };
}

/** The URL without credentials or query: it lands in reports, metrics attributes and the database. */
function safeUrl(u: URL): string {
  return `${u.protocol}//${u.host}${u.pathname}`;
}
