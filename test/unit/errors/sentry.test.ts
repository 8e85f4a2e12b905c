import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorTracker, createSentryForwarder, parseSentryDsn } from '../../../src/errors/index.js';
import { tempDb } from './helpers.js';
import type { TempDb } from './helpers.js';

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Splits an envelope into its header, item header and payload, checking the declared length. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a decoded Sentry envelope, checked field by field
function parseEnvelope(body: Buffer): { header: Record<string, unknown>; item: Record<string, unknown>; payload: Record<string, any> } {
  const first = body.indexOf(0x0a);
  const second = body.indexOf(0x0a, first + 1);
  const header = JSON.parse(body.subarray(0, first).toString());
  const item = JSON.parse(body.subarray(first + 1, second).toString());
  const payloadBytes = body.subarray(second + 1, second + 1 + Number(item.length));
  expect(body.subarray(second + 1 + Number(item.length)).toString()).toBe('\n');
  return { header, item, payload: JSON.parse(payloadBytes.toString()) };
}

describe('Sentry forwarding', () => {
  let t: TempDb;
  let server: Server;
  let received: Received[];
  let status: number;
  let port: number;
  beforeEach(async () => {
    t = tempDb();
    received = [];
    status = 200;
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(status, status === 429 ? { 'retry-after': '30' } : {}).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    t.close();
  });

  it('parses DSNs and refuses invalid ones', () => {
    expect(parseSentryDsn('https://abc123@o1.ingest.sentry.io/456')).toMatchObject({
      publicKey: 'abc123', projectId: '456', envelopeUrl: 'https://o1.ingest.sentry.io/api/456/envelope/',
    });
    expect(parseSentryDsn('http://k:secret@host:9000/sentry/7')?.envelopeUrl).toBe('http://host:9000/sentry/api/7/envelope/');
    expect(parseSentryDsn('not a dsn')).toBeUndefined();
    expect(parseSentryDsn('https://host/1')).toBeUndefined();
    expect(() => createSentryForwarder('https://host/x')).toThrow(/SENTRY_DSN/);
  });

  it('posts each redacted event as an envelope to the project endpoint', async () => {
    const dsn = `http://publickey@127.0.0.1:${port}/42`;
    const forwarder = createSentryForwarder(dsn);
    const tr = createErrorTracker({ db: () => t.db, forwarders: [forwarder], redact: { text: (s) => s.replaceAll('Jane', '[NAME]') } });
    tr.addBreadcrumb({ category: 'http', message: 'GET /visits' });
    const id = tr.captureException(new Error('visit for Jane failed', { cause: new TypeError('bad row') }), {
      tags: { route: '/visits' }, user: { id: 'jane-1' }, level: 'fatal',
    });
    await tr.flush();
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req.url).toBe('/api/42/envelope/');
    expect(req.headers['content-type']).toBe('application/x-sentry-envelope');
    expect(req.headers['x-sentry-auth']).toMatch(/^Sentry sentry_version=7, sentry_key=publickey, sentry_client=/);
    const { header, item, payload } = parseEnvelope(req.body);
    expect(header).toMatchObject({ event_id: id, dsn });
    expect(item.type).toBe('event');
    expect(payload).toMatchObject({ event_id: id, level: 'fatal', platform: 'node', tags: { route: '/visits' } });
    expect(payload.fingerprint).toHaveLength(1);
    expect(payload.user.id).not.toContain('jane');
    expect(payload.exception.values.map((v: { type: string; value: string }) => [v.type, v.value])).toEqual([
      ['TypeError', 'bad row'],
      ['Error', 'visit for [NAME] failed'],
    ]);
    const frames = payload.exception.values[1].stacktrace.frames;
    expect(frames[frames.length - 1]).toMatchObject({ in_app: true });
    expect(frames[frames.length - 1].filename).toContain('sentry.test.ts');
    expect(payload.breadcrumbs.values[0]).toMatchObject({ category: 'http', message: 'GET /visits' });
    expect(req.body.toString()).not.toContain('Jane');
  });

  it('sends messages as messages, and pauses after a 429', async () => {
    const forwarder = createSentryForwarder(`http://k@127.0.0.1:${port}/1`);
    const tr = createErrorTracker({ db: () => t.db, forwarders: [forwarder] });
    status = 429;
    tr.captureMessage('disk almost full', 'warning');
    await tr.flush();
    expect(parseEnvelope(received[0].body).payload).toMatchObject({ level: 'warning', message: { formatted: 'disk almost full' } });
    tr.captureMessage('second');
    await tr.flush();
    expect(received).toHaveLength(1);
    expect(forwarder.dropped).toBe(2);
  });

  it('does not throw into the application when Sentry is unreachable', async () => {
    const forwarder = createSentryForwarder('http://k@127.0.0.1:1/1', { timeoutMs: 2000 });
    const tr = createErrorTracker({ db: () => t.db, forwarders: [forwarder] });
    tr.captureException(new Error('x'));
    await tr.flush();
    expect(forwarder.dropped).toBe(1);
  });
});
