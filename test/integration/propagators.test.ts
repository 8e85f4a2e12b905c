import { afterEach, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, startApp } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';

// OTEL_PROPAGATORS: the headers an outgoing call carries, from a real preloaded process.
const APP = resolve(ROOT, 'test/fixtures/apps/propagation-probe.mjs');
let child: Child | undefined;
afterEach(() => child?.kill('SIGKILL'));

async function headersWith(env: Record<string, string>): Promise<{ headers: Record<string, string>; traceId: string }> {
  child = startApp(APP, env);
  const [, json, traceId] = await child.waitFor(/HEADERS (.*) TRACE (\w+)/);
  return { headers: JSON.parse(json!) as Record<string, string>, traceId: traceId! };
}

describe('OTEL_PROPAGATORS', () => {
  it('defaults to W3C trace context', async () => {
    const { headers, traceId } = await headersWith({});
    expect(headers.traceparent).toContain(traceId);
    expect(headers.b3).toBeUndefined();
  });

  it('b3: the single b3 header instead of traceparent', async () => {
    const { headers, traceId } = await headersWith({ OTEL_PROPAGATORS: 'b3' });
    expect(headers.b3).toMatch(new RegExp(`^${traceId}-[0-9a-f]{16}-1$`));
    expect(headers.traceparent).toBeUndefined();
  });

  it('b3multi with tracecontext: both kinds', async () => {
    const { headers, traceId } = await headersWith({ OTEL_PROPAGATORS: 'tracecontext,b3multi' });
    expect(headers['x-b3-traceid']).toBe(traceId);
    expect(headers.traceparent).toContain(traceId);
  });

  it('none: nothing injected', async () => {
    const { headers } = await headersWith({ OTEL_PROPAGATORS: 'none' });
    expect(headers).toEqual({});
  });

  it('an unknown name is one line; the default stays when nothing valid is left', async () => {
    const { headers } = await headersWith({ OTEL_PROPAGATORS: 'jaegr' });
    expect(headers.traceparent).toBeDefined();
    expect(child!.stderr().trim()).toBe('vigil: OTEL_PROPAGATORS: unknown value "jaegr" (accepted: tracecontext, baggage, b3, b3multi, none); using the default tracecontext,baggage');
  });
});
