import type { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRule, webhookPayload } from '../../../src/alerting/index.js';
import { textBody } from '../../../src/alerting/channels/email.js';
import { slackPayload } from '../../../src/alerting/channels/slack.js';
import { createRecorder } from '../../../src/alerting/record.js';
import { traceOf } from '../../../src/alerting/trace-of.js';
import type { AlertInstance, Notification } from '../../../src/alerting/index.js';
import { alertEvents } from '../../../src/store/index.js';
import { freshStore } from '../store/helpers.js';
import { tempDb } from './helpers.js';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

const NOW = 1_700_000_000_000;
const tid = (i: number) => i.toString(16).padStart(32, '0');
let n = 0;
function span(db: DatabaseSync, s: { trace: number; ago: number; ms: number; kind?: number; attrs?: Record<string, unknown>; failed?: boolean; name?: string }): void {
  db.prepare(
    `INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms, duration_ms, status_code, attributes, remote_parent) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 0)`,
  ).run(tid(s.trace), (++n).toString(16).padStart(16, '0'), s.name ?? 'GET', s.kind ?? 1, NOW - s.ago, NOW - s.ago + s.ms, s.ms, s.failed ? 2 : 0, JSON.stringify(s.attrs ?? {}));
}
const alert = (labels: Record<string, string> = {}): AlertInstance => ({ fingerprint: 'f', rule: 'r', state: 'firing', severity: 'ERROR', labels, annotations: { title: 'T' }, activeAtMs: NOW });

function store(): DatabaseSync {
  const f = freshStore();
  dispose = f.dispose;
  return f.store.db;
}

describe('the trace behind an alert', () => {
  it('a latency rule: the slowest matching request of its window, not a client span nor an older one', () => {
    const db = store();
    const http = { 'http.request.method': 'GET', 'http.route': '/a', 'http.response.status_code': 200 };
    span(db, { trace: 1, ago: 60_000, ms: 900, attrs: http });
    span(db, { trace: 2, ago: 30_000, ms: 1500, attrs: http });
    span(db, { trace: 3, ago: 20_000, ms: 5000, kind: 2, attrs: { 'db.system.name': 'sqlite' } }); // a query, not a request
    span(db, { trace: 4, ago: 10 * 60_000, ms: 9000, attrs: http }); // before the window
    span(db, { trace: 5, ago: 10_000, ms: 3000, attrs: { ...http, 'http.route': '/b' } });
    expect(traceOf(db, loadRule({ name: 'Slow', expr: 'p99(http.server.request.duration) > 0.5' }), alert(), NOW)).toBe(tid(5));
    expect(traceOf(db, loadRule({ name: 'SlowA', expr: 'p99(http.server.request.duration{http.route="/a"}) > 0.5' }), alert(), NOW)).toBe(tid(2));
    // by (http.route): the alert of /a links /a's slowest.
    expect(traceOf(db, loadRule({ name: 'ByRoute', expr: 'max(http.server.request.duration) by (http.route) > 0.5' }), alert({ 'http.route': '/a' }), NOW)).toBe(tid(2));
    // Two label sets of one rule firing in one evaluation: one read of the window, each its own trace.
    const byRoute = loadRule({ name: 'ByRoute', expr: 'max(http.server.request.duration) by (http.route) > 0.5' });
    const cache = new Map();
    expect([traceOf(db, byRoute, alert({ 'http.route': '/b' }), NOW, cache), traceOf(db, byRoute, alert({ 'http.route': '/a' }), NOW, cache)]).toEqual([tid(5), tid(2)]);
    expect(cache.size).toBe(1);
    expect(traceOf(db, loadRule({ name: 'Db', expr: 'max(db.client.operation.duration) > 1' }), alert(), NOW)).toBe(tid(3));
    expect(traceOf(db, loadRule({ name: 'Mem', expr: 'max(vigil.health.observed) > 1' }), alert(), NOW)).toBeUndefined();
  });

  it('an error-count rule: the newest matching failed request; an error group: its newest event', () => {
    const db = store();
    span(db, { trace: 1, ago: 50_000, ms: 5, attrs: { 'http.response.status_code': 500 }, failed: true });
    span(db, { trace: 2, ago: 40_000, ms: 5, attrs: { 'http.response.status_code': 503 }, failed: true });
    span(db, { trace: 3, ago: 30_000, ms: 5, attrs: { 'http.response.status_code': 200 } });
    expect(traceOf(db, loadRule({ name: 'Api', expr: 'increase(http.server.request.duration{http.response.status_code=~"5.."}[5m]) >= 1' }), alert(), NOW)).toBe(tid(2));
    const ev = db.prepare('INSERT INTO error_events (id, fingerprint, time_ms, trace_id) VALUES (?, ?, ?, ?)');
    ev.run('e1', 'fp', NOW - 9000, tid(7));
    ev.run('e2', 'fp', NOW - 1000, tid(8));
    ev.run('e3', 'other', NOW, tid(9));
    expect(traceOf(db, loadRule({ name: 'New', kind: 'error_group' }), alert({ error_group: 'fp' }), NOW)).toBe(tid(8));
    span(db, { trace: 10, ago: 1000, ms: 4000, kind: 0, name: 'nightly import' });
    expect(traceOf(db, loadRule({ name: 'Slow', kind: 'slow_operation' }), alert({ operation: 'nightly import' }), NOW)).toBe(tid(10));
  });

  it('is recorded with the alert (migration 8), and a table without the column still records the rest', () => {
    const db = store();
    const record = createRecorder(() => db);
    record('firing', { ...alert(), traceId: tid(4) }, undefined, 'value 2', NOW);
    expect(alertEvents(db, {})[0]).toMatchObject({ event: 'firing', traceId: tid(4) });
    const old = tempDb();
    try {
      expect(createRecorder(() => old.db)('firing', { ...alert(), traceId: tid(4) }, undefined, 'value 2', NOW)).toBe(1);
    } finally {
      old.close();
    }
  });

  it('reaches the notifications: a URL to the trace with a public URL, else its id', () => {
    const a = { ...alert({ alertname: 'Slow' }), traceId: tid(6) };
    const n = (externalURL: string): Notification => ({ receiver: 'x', status: 'firing', groupKey: 'g', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, alerts: [a], truncatedAlerts: 0, severity: 'ERROR', externalURL });
    const url = `http://127.0.0.1:9464/monitoring#trace=${tid(6)}`;
    expect(webhookPayload(n('http://127.0.0.1:9464/')).alerts[0]!.annotations).toEqual({ title: 'T', trace_id: tid(6), trace_url: url });
    expect(webhookPayload(n('')).alerts[0]!.annotations).toEqual({ title: 'T', trace_id: tid(6) });
    expect(JSON.stringify(slackPayload(n('http://127.0.0.1:9464')))).toContain(`<${url}|trace>`);
    expect(JSON.stringify(slackPayload(n('')))).toContain(`(trace ${tid(6)})`);
    expect(textBody(n('http://127.0.0.1:9464'))).toContain(`trace: ${url}`);
    const plain = { ...n(''), alerts: [alert()] };
    expect(webhookPayload(plain).alerts[0]!.annotations).toEqual({ title: 'T' });
  });
});
