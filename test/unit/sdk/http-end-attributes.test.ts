import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Context } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EndAttributeSets } from '../../../src/sdk/http/end-attributes.js';
import { createHttpServerInstrumentation } from '../../../src/sdk/http/instrumentation.js';
import { setRoute } from '../../../src/sdk/http/route.js';
import { setupOtel } from '../instrumentations/otel.js';

const instrumentation = createHttpServerInstrumentation();
// What span processors see when a request's span starts (the breadcrumbs of the error tracker read it there).
const atStart: Record<string, unknown>[] = [];
const otel = setupOtel(
  [instrumentation],
  [{ onStart: (span) => void atStart.push({ ...span.attributes }), onEnd: () => {}, forceFlush: async () => {}, shutdown: async () => {} }],
);
let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const [, first, id] = (req.url ?? '').split('/');
    if (first === 'patients') setRoute(req, '/patients/:id');
    if (first === 'visits') setRoute(req, '/visits/:id');
    if (first === 'slow') {
      setTimeout(() => res.end('late'), 150);
      return;
    }
    res.statusCode = id === 'boom' ? 500 : id === 'gone' ? 404 : 200;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await otel.shutdown();
});

test('the reused attribute sets keep every route, status and error type apart', async () => {
  const paths = ['/patients/1', '/patients/2', '/visits/1', '/patients/gone', '/visits/boom', '/patients/boom', '/patients/3', '/other', '/visits/gone'];
  for (const p of paths) await (await fetch(base + p)).text();
  await new Promise((r) => setTimeout(r, 50));
  const metric = (await otel.collect()).get('http.server.request.duration')!;
  const got = metric.dataPoints
    .map((p) => `${p.attributes['http.route'] ?? '-'} ${p.attributes['http.response.status_code']} ${p.attributes['error.type'] ?? '-'} ×${(p.value as Histogram).count}`)
    .sort();
  expect(got).toEqual(['- 200 - ×1', '/patients/:id 200 - ×3', '/patients/:id 404 - ×1', '/patients/:id 500 500 ×1', '/visits/:id 200 - ×1', '/visits/:id 404 - ×1', '/visits/:id 500 500 ×1']);
  const spans = otel.spans.getFinishedSpans().map((s) => `${s.name} ${s.attributes['http.response.status_code']} ${s.attributes['error.type'] ?? '-'}`);
  expect(spans).toContain('GET /visits/:id 500 500');
  expect(spans).toContain('GET 200 -');
});

test('one frozen set per combination; a route with the name of a status or error type does not collide', () => {
  const sets = new EndAttributeSets();
  const a = sets.get('GET', 'http', '1.1', 200, '/a', false);
  expect(sets.get('GET', 'http', '1.1', 200, '/a', false)).toBe(a);
  expect(Object.isFrozen(a)).toBe(true);
  expect(sets.get('GET', 'http', '1.1', 200, undefined, false)).not.toHaveProperty('http.route');
  expect(sets.get('GET', 'http', '1.1', 200, '-', false)['http.route']).toBe('-');
  expect(sets.get('GET', 'http', '1.1', 500, '/a', false)).toMatchObject({ 'http.route': '/a', 'error.type': '500', 'http.response.status_code': 500 });
  expect(sets.get('GET', 'http', '1.1', 200, '/a', true)).toMatchObject({ 'error.type': 'aborted', 'http.response.status_code': 200 });
  expect(sets.get('GET', 'https', '2.0', 200, '/a', false)).toMatchObject({ 'url.scheme': 'https', 'network.protocol.version': '2.0' });
  // Every part of the combination keeps sets apart; none is kept twice.
  const parts: [string, string, string, number, string | undefined, boolean][] = [
    ['GET', 'http', '1.1', 200, '/a', false],
    ['POST', 'http', '1.1', 200, '/a', false],
    ['GET', 'https', '1.1', 200, '/a', false],
    ['GET', 'http', '1.0', 200, '/a', false],
    ['GET', 'http', '1.1', 201, '/a', false],
    ['GET', 'http', '1.1', 200, '/b', false],
    ['GET', 'http', '1.1', 200, '/a', true],
  ];
  const built = parts.map((p) => sets.get(...p));
  expect(new Set(built).size).toBe(parts.length);
  expect(parts.map((p) => sets.get(...p))).toEqual(built);
  for (const [i, p] of parts.entries()) expect(sets.get(...p)).toBe(built[i]);
  // An unexpected method or scheme still gets a correct set, built apart.
  expect(sets.get('BREW', 'coap', '1.1', 200, '/a', false)).toMatchObject({ 'http.request.method': 'BREW', 'url.scheme': 'coap' });
  // One name string per set, whatever route string a request brings.
  expect(sets.spanName(a, 'GET', '/a')).toBe('GET /a');
  expect(sets.spanName(a, 'GET', ['/', 'a'].join(''))).toBe(sets.spanName(a, 'GET', '/a'));
  expect(sets.spanName(sets.get('POST', 'http', '1.1', 200, '/a', false), 'POST', '/a')).toBe('POST /a');
});

test('the duration point is recorded in the request\'s own context (its server span), whatever is active at close', async () => {
  const seen: (string | undefined)[] = [];
  const provider = new MeterProvider({
    views: [{ instrumentName: 'http.server.request.duration', attributesProcessors: [{ process: (a, ctx?: Context) => (seen.push(ctx && trace.getSpan(ctx)?.spanContext().spanId), a) }] }],
  });
  instrumentation.setMeterProvider(provider);
  try {
    otel.spans.reset();
    for (const p of ['/patients/9', '/visits/9']) await (await fetch(base + p)).text();
    await new Promise((r) => setTimeout(r, 50));
    const ids = otel.spans.getFinishedSpans().map((s) => s.spanContext().spanId);
    expect(ids).toHaveLength(2);
    expect(seen).toEqual(ids);
  } finally {
    instrumentation.setMeterProvider(otel.meterProvider);
    await provider.shutdown();
  }
});

test('span processors see the request attributes when the span starts', async () => {
  atStart.length = 0;
  await (await fetch(`${base}/patients/12?x=1`)).text();
  expect(atStart).toHaveLength(1);
  expect(atStart[0]).toMatchObject({ 'http.request.method': 'GET', 'url.path': '/patients/12', 'url.query': 'x=1', 'url.scheme': 'http' });
});

test('lean start (only Vigil\'s processors): the span ends with the same attributes in the same order; processors still see method and path at the start', async () => {
  const request = async (lean: boolean) => {
    instrumentation.setLeanStart(lean);
    otel.spans.reset();
    atStart.length = 0;
    await (await fetch(`${base}/patients/12?x=1`, { headers: { 'user-agent': 'probe/1' } })).text();
    await new Promise((r) => setTimeout(r, 50));
    const [span] = otel.spans.getFinishedSpans();
    return { start: atStart[0]!, end: Object.entries(span!.attributes) };
  };
  try {
    const full = await request(false);
    const lean = await request(true);
    expect(lean.end).toEqual(full.end);
    expect(lean.end.map(([k]) => k)).toContain('user_agent.original');
    expect(lean.start).toEqual({ 'http.request.method': 'GET', 'url.scheme': 'http', 'url.path': '/patients/12' });
    expect(full.start).toHaveProperty('url.query', 'x=1');
  } finally {
    instrumentation.setLeanStart(false);
  }
});

test('a request carrying a propagator\'s header continues its trace; one carrying none starts a new one', async () => {
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  try {
    otel.spans.reset();
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await (await fetch(`${base}/patients/1`, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } })).text();
    await (await fetch(`${base}/patients/2`, { headers: { 'x-other': '1' } })).text();
    await new Promise((r) => setTimeout(r, 50));
    const [continued, fresh] = otel.spans.getFinishedSpans();
    expect(continued!.spanContext().traceId).toBe(traceId);
    expect(continued!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(fresh!.spanContext().traceId).not.toBe(traceId);
    expect(fresh!.parentSpanContext).toBeUndefined();
  } finally {
    propagation.disable();
  }
});

test('a response the client abandoned: error type `aborted` on the span and the point, status ERROR', async () => {
  otel.spans.reset();
  const ac = new AbortController();
  const pending = fetch(`${base}/slow/1`, { signal: ac.signal }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 40));
  ac.abort();
  await pending;
  await new Promise((r) => setTimeout(r, 300));
  const [span] = otel.spans.getFinishedSpans();
  expect(span!.attributes['error.type']).toBe('aborted');
  expect(span!.status).toMatchObject({ code: 2, message: 'response aborted' });
  const metric = (await otel.collect()).get('http.server.request.duration')!;
  expect(metric.dataPoints.some((p) => p.attributes['error.type'] === 'aborted')).toBe(true);
});
