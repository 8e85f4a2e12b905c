import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSummary } from '../../../src/dashboard/index.js';
import { exactQuantile } from '../../../src/store/index.js';
import { insertCheck, insertErrorEvent, insertSpan, tempStore } from '../../fixtures/dashboard/db.js';

const NOW = Date.UTC(2025, 2, 3, 12, 30, 0);
const MIN = 60_000;
let store: ReturnType<typeof tempStore>;
beforeEach(() => (store = tempStore()));
afterEach(() => store.remove());

describe('buildSummary over raw spans (1h)', () => {
  beforeEach(() => {
    // 100 requests with durations 1..100 ms, one a minute apart from the newest back; every 20th fails.
    for (let i = 1; i <= 100; i++) insertSpan(store, { name: 'GET /patients/:id', startMs: NOW - (i % 50) * MIN - 1000, durationMs: i, error: i % 20 === 0 });
    for (let i = 0; i < 10; i++) insertSpan(store, { name: 'SELECT clinic.db', startMs: NOW - 2 * MIN, durationMs: 2, root: false });
    insertSpan(store, { name: 'POST /visits/:id/prescription', startMs: NOW - 5 * MIN, durationMs: 1500 });
    insertSpan(store, { name: 'chat llama', startMs: NOW - 5 * MIN, durationMs: 300, root: false, attributes: { 'vigil.slow': true } });
    insertSpan(store, { name: 'GET /old', startMs: NOW - 2 * 3_600_000, durationMs: 5 }); // outside the window
  });

  it('counts, rates and exact percentiles per operation', () => {
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    const op = s.operations.find((o) => o.name === 'GET /patients/:id')!;
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(op.count).toBe(100);
    expect(op.errors).toBe(5);
    expect(op.errorRate).toBeCloseTo(0.05);
    expect(op.p50).toBeCloseTo(exactQuantile(sorted, 0.5)!);
    expect(op.p90).toBeCloseTo(exactQuantile(sorted, 0.9)!);
    expect(op.p95).toBeCloseTo(exactQuantile(sorted, 0.95)!);
    expect(op.p99).toBeCloseTo(exactQuantile(sorted, 0.99)!);
    expect(op.maxMs).toBe(100);
    expect(op.root).toBe(true);
    expect(op.ratePerSec).toBeCloseTo(100 / ((s.window.toMs - s.window.fromMs) / 1000));
    expect(s.operations.map((o) => o.name)).not.toContain('GET /old');
    expect(s.operations.find((o) => o.name === 'SELECT clinic.db')!.root).toBe(false);
  });

  it('trends: each bucket holds the spans started in it', () => {
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    const op = s.operations.find((o) => o.name === 'GET /patients/:id')!;
    expect(op.trend.reduce((a, b) => a + b, 0)).toBe(100);
    // i and i+50 share a minute: two spans per minute for the last 50 minutes.
    const nonEmpty = op.trend.filter((n) => n > 0);
    expect(nonEmpty).toHaveLength(50);
    expect(new Set(nonEmpty)).toEqual(new Set([2]));
    expect(op.trend.at(-1)).toBe(0); // NOW - 1 s lies in the previous minute: 12:29
  });

  it('requests are the root spans only, with their own series', () => {
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    expect(s.requests.count).toBe(101);
    expect(s.requests.errors).toBe(5);
    expect(s.requests.series.reduce((n, p) => n + p.count, 0)).toBe(101);
    expect(s.requests.series.reduce((n, p) => n + p.errors, 0)).toBe(5);
    const durations = [...Array.from({ length: 100 }, (_, i) => i + 1), 1500].sort((a, b) => a - b);
    expect(s.requests.p99).toBeCloseTo(exactQuantile(durations, 0.99)!);
    expect(s.usedRollups).toBe(false);
  });

  it('slow operations: above the threshold or flagged by Vigil, slowest first', () => {
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    expect(s.slow.map((o) => [o.name, o.durationMs, o.flagged])).toEqual([
      ['POST /visits/:id/prescription', 1500, false],
      ['chat llama', 300, true],
    ]);
    expect(s.slow[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(buildSummary(store.db, { window: '1h', now: NOW, slowMs: 90 }).slow.length).toBe(2 + 11);
  });
});

describe('buildSummary: errors, health, alerts, jobs', () => {
  it('error groups with window counts, trends and direction', () => {
    insertErrorEvent(store, { fingerprint: 'old', timeMs: NOW - 3 * 86_400_000, message: 'old one' });
    for (let i = 0; i < 6; i++) insertErrorEvent(store, { fingerprint: 'old', timeMs: NOW - (5 + i) * MIN, message: 'old one' });
    for (let i = 0; i < 3; i++) insertErrorEvent(store, { fingerprint: 'fresh', timeMs: NOW - 50 * MIN + i * MIN, message: 'new one' });
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    expect(s.errors.events).toBe(9);
    expect(s.errors.series.reduce((a, b) => a + b, 0)).toBe(9);
    const [first, second] = s.errors.groups;
    expect(first).toMatchObject({ fingerprint: 'old', count: 6, total: 7, isNew: false, direction: 'rising' });
    expect(second).toMatchObject({ fingerprint: 'fresh', count: 3, total: 3, isNew: true, direction: 'new' });
    expect(first!.trend.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('health: the latest result of every check, a score, the worst status', () => {
    insertCheck(store, 'disk', 'fail', NOW - 10 * MIN, 97, 'disk 97% full');
    insertCheck(store, 'disk', 'pass', NOW - MIN, 40);
    insertCheck(store, 'memory', 'warn', NOW - MIN, 85, 'memory above 80%');
    insertCheck(store, 'database', 'pass', NOW - MIN);
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    expect(s.health.checks.map((c) => [c.name, c.status])).toEqual([
      ['database', 'pass'],
      ['disk', 'pass'],
      ['memory', 'warn'],
    ]);
    expect(s.health.status).toBe('warn');
    expect(s.health.score).toBe(83); // (1 + 1 + 0.5) / 3
    const live = buildSummary(store.db, {
      window: '1h',
      now: NOW,
      live: { health: { verdict: () => ({ score: 42, status: 'fail' as const }), results: () => [{ name: 'ollama', result: { status: 'fail', output: 'down' }, timeMs: NOW, durationMs: 3 }] } },
    });
    expect(live.health).toMatchObject({ score: 42, status: 'fail', checks: [{ name: 'ollama', status: 'fail', output: 'down' }] });
  });

  it('alerts: active ones derived from the table, or from the live engine', () => {
    const ins = store.db.prepare('INSERT INTO alerts (time_ms, event, rule, fingerprint, severity, title, labels) VALUES (?, ?, ?, ?, ?, ?, ?)');
    ins.run(NOW - 30 * MIN, 'firing', 'HighErrorRate', 'a1', 'ERROR', 'Errors above 5%', '{"alertname":"HighErrorRate"}');
    ins.run(NOW - 20 * MIN, 'resolved', 'HighErrorRate', 'a1', 'ERROR', 'Errors above 5%', '{}');
    ins.run(NOW - 10 * MIN, 'firing', 'OllamaDown', 'a2', 'WARNING', 'Ollama down', '{"alertname":"OllamaDown"}');
    ins.run(NOW - 9 * MIN, 'notified', 'OllamaDown', 'a2', 'WARNING', 'Ollama down', '{}');
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    expect(s.alerts.source).toBe('table');
    expect(s.alerts.active).toEqual([{ fingerprint: 'a2', rule: 'OllamaDown', state: 'firing', severity: 'WARNING', title: 'Ollama down', labels: { alertname: 'OllamaDown' }, sinceMs: NOW - 10 * MIN }]);
    expect(s.alerts.recent.map((a) => a.event)).toEqual(['notified', 'firing', 'resolved', 'firing']);
    const live = buildSummary(store.db, {
      window: '1h',
      now: NOW,
      live: { alerting: { active: () => [{ fingerprint: 'x', rule: 'R', state: 'pending', severity: 'INFO', labels: { alertname: 'R' }, annotations: { title: 'T' }, activeAtMs: 5 }] } },
    });
    expect(live.alerts).toMatchObject({ source: 'live', active: [{ fingerprint: 'x', state: 'pending', title: 'T', sinceMs: 5 }] });
  });

  it('jobs: running first with percent and ETA; crash reports of the window', () => {
    const job = store.db.prepare('INSERT INTO progress (job_id, name, state, total, processed, successful, failed, rate, eta_s, started_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    job.run('done', 'import', 'completed', 10, 10, 9, 1, 5, 0, NOW - 50 * MIN, NOW - 40 * MIN);
    job.run('run', 'import', 'running', 200, 50, 50, 0, 10, 15, NOW - MIN, NOW - 1000);
    job.run('ancient', 'import', 'completed', 10, 10, 10, 0, 5, 0, NOW - 90 * 86_400_000, NOW - 90 * 86_400_000);
    store.db.prepare("INSERT INTO crash_reports (id, time_ms, type, message, sent_ms) VALUES ('c1', ?, 'TypeError', 'boom', NULL)").run(NOW - MIN);
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    expect(s.jobs.map((j) => [j.jobId, j.percent, j.etaSeconds])).toEqual([
      ['run', 25, 15],
      ['done', 100, null],
    ]);
    expect(s.crashes).toEqual([{ id: 'c1', timeMs: NOW - MIN, type: 'TypeError', message: 'boom', sent: false }]);
  });
});
