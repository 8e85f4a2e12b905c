import { tracingChannel } from 'node:diagnostics_channel';
import { context, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { afterEach, describe, expect, test } from 'vitest';
import { DbChannelInstrumentation } from '../../../../instrumentations/db-client/channel.js';
import { describeDbError } from '../../../../instrumentations/db-client/operation.js';
import { createIoredisInstrumentations } from '../../../../instrumentations/redis/index.js';
import { setupOtel } from '../otel.js';
import type { TestOtel } from '../otel.js';

// The TracingChannel lifecycle as a client library drives it, without the library.
const spec = {
  name: 'vigil-test:query',
  describe: (ctx: Record<string, unknown>) => ({ spanName: `Q ${String(ctx.q)}`, spanAttributes: { 'db.system.name': 'test' }, metricAttributes: { 'db.system.name': 'test' } }),
  rows: (ctx: Record<string, unknown>) => (Array.isArray(ctx.result) ? ctx.result.length : undefined),
};
const channel = tracingChannel('vigil-test:query');

let otel: TestOtel | undefined;
let inst: DbChannelInstrumentation | undefined;
afterEach(async () => {
  inst?.disable();
  await otel?.shutdown();
});

function setup(): TestOtel {
  inst = new DbChannelInstrumentation('test', [spec]);
  otel = setupOtel([inst]);
  return otel;
}

describe('DbChannelInstrumentation', () => {
  test('a promise call: one span under the caller, rows, one histogram point', async () => {
    const { spans, collect, tracerProvider } = setup();
    await tracerProvider.getTracer('t').startActiveSpan('parent', async (parent) => {
      await channel.tracePromise(async () => [1, 2, 3], { q: 'a' } as object);
      parent.end();
    });
    const [span, parentSpan] = spans.getFinishedSpans();
    expect(span.name).toBe('Q a');
    expect(span.parentSpanContext?.spanId).toBe(parentSpan.spanContext().spanId);
    expect(span.attributes['db.response.returned_rows']).toBe(3);
    const point = (await collect()).get('db.client.operation.duration')!.dataPoints[0];
    expect(point.attributes).toEqual({ 'db.system.name': 'test' });
  });

  test('a rejected call and a call that throws at once each end their span once, with error.type', async () => {
    const { spans, collect } = setup();
    await expect(channel.tracePromise(() => Promise.reject(Object.assign(new Error('no table'), { code: '42P01' })), { q: 'b' } as object)).rejects.toThrow('no table');
    expect(() =>
      channel.traceSync(() => {
        throw Object.assign(new Error('bad'), { code: 'ER_PARSE_ERROR' });
      }, { q: 'c' } as object),
    ).toThrow('bad');
    const finished = spans.getFinishedSpans();
    expect(finished.map((s) => [s.name, s.attributes['error.type'], s.status.code])).toEqual([
      ['Q b', '42P01', 2],
      ['Q c', 'ER_PARSE_ERROR', 2],
    ]);
    const points = (await collect()).get('db.client.operation.duration')!.dataPoints;
    expect(points.map((p) => p.attributes['error.type']).sort()).toEqual(['42P01', 'ER_PARSE_ERROR']);
  });

  test('a callback call ends when the callback runs', async () => {
    const { spans } = setup();
    await new Promise<void>((res) => channel.traceCallback((cb: (e: unknown, r: unknown) => void) => setImmediate(() => cb(null, [1])), 0, { q: 'd' } as object, null, () => res()));
    expect(spans.getFinishedSpans()[0].attributes['db.response.returned_rows']).toBe(1);
  });

  test('nothing under suppressed tracing, nothing after disable()', async () => {
    const { spans } = setup();
    await context.with(suppressTracing(context.active()), () => channel.tracePromise(async () => 1, { q: 'e' } as object));
    inst!.disable();
    expect(channel.hasSubscribers).toBe(false);
    await channel.tracePromise(async () => 1, { q: 'f' } as object);
    expect(spans.getFinishedSpans()).toEqual([]);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});

describe('Redis commands', () => {
  const redisChannel = tracingChannel('ioredis:command');

  test('every argument is a placeholder; the client’s own CLIENT SETINFO is not traced', async () => {
    const [channelInst, legacy] = createIoredisInstrumentations();
    legacy.disable();
    inst = channelInst;
    otel = setupOtel([inst]);
    await redisChannel.tracePromise(async () => 'OK', { command: 'set', args: ['patient:MRN-1', 'Jane'], database: 0, serverAddress: '127.0.0.1', serverPort: 6379 } as object);
    await redisChannel.tracePromise(async () => 'OK', { command: 'client', args: ['SETINFO', 'LIB-NAME', 'ioredis'], database: 0 } as object).catch(() => {});
    const [set, ...rest] = otel.spans.getFinishedSpans();
    expect(rest).toEqual([]);
    expect(set.name).toBe('SET');
    expect(set.attributes).toMatchObject({ 'db.system.name': 'redis', 'db.query.text': 'SET ? ?', 'db.namespace': '0', 'server.port': 6379 });
  });
});

describe('describeDbError', () => {
  test.each([
    [Object.assign(new Error('x'), { errcode: 19, code: 'ERR_SQLITE_ERROR' }), '19', '19'],
    [Object.assign(new Error('x'), { code: '23505' }), '23505', '23505'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', syscall: 'connect' }), 'ECONNREFUSED', undefined],
    [Object.assign(new Error('WRONGTYPE Operation against a key'), { name: 'ReplyError' }), 'WRONGTYPE', 'WRONGTYPE'],
    [new TypeError('nope'), 'TypeError', undefined],
    ['a string', '_OTHER', undefined],
  ])('%s', (err, errorType, statusCode) => {
    expect(describeDbError(err)).toEqual({ errorType, statusCode });
  });
});
