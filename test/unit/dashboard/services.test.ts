import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSummary, renderTextReport } from '../../../src/dashboard/index.js';
import { aggregateHourly } from '../../../src/store/index.js';
import { insertSpan, tempStore } from '../../fixtures/dashboard/db.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 2, 3, 12, 30, 0);
let store: ReturnType<typeof tempStore>;
beforeEach(() => (store = tempStore()));
afterEach(() => store.remove());

function span(service: string, startMs: number, durationMs: number, opts: { error?: boolean; root?: boolean } = {}): void {
  const id = insertSpan(store, { name: 'GET /x', startMs, durationMs, ...opts });
  store.db.prepare('UPDATE spans SET service_name = ? WHERE span_id = ?').run(service, id);
}

/** One service's health rows: two workers, the second failing when asked (its row written first: the newest row per name would hide it). */
function checks(service: string, status: 'pass' | 'fail', timeMs: number): void {
  const ins = store.db.prepare("INSERT INTO health_checks (time_ms, check_name, status, output, critical, service_name, pid) VALUES (?, 'db', ?, ?, 1, ?, ?)");
  ins.run(timeMs - 1000, status, status === 'fail' ? 'down' : null, service, 2);
  ins.run(timeMs, 'pass', null, service, 1);
}

describe('services side by side', () => {
  beforeEach(() => {
    // api: 6 requests over three complete hours, 2 failed, plus 2 in the current hour; its inner spans are not requests.
    for (let h = 1; h <= 3; h++) {
      span('api', NOW - 30 * 60_000 - h * HOUR + 60_000, 10 * h, { error: h === 1 });
      span('api', NOW - 30 * 60_000 - h * HOUR + 120_000, 10 * h + 5, { error: h === 2 });
      span('api', NOW - 30 * 60_000 - h * HOUR + 120_000, 3, { root: false });
    }
    span('api', NOW - 60_000, 100);
    span('api', NOW - 120_000, 200);
    // lab: 3 requests in the current hour, none failed.
    for (let i = 1; i <= 3; i++) span('lab', NOW - i * 60_000, i);
  });

  it('counts each service\'s requests and failures, the same from raw spans and from rollups', () => {
    const raw = buildSummary(store.db, { window: '24h', now: NOW });
    aggregateHourly(store.db, { now: NOW });
    const rolled = buildSummary(store.db, { window: '24h', now: NOW });
    expect(rolled.usedRollups).toBe(true);
    for (const s of [raw, rolled]) {
      expect(s.services.map((v) => [v.name, v.count, v.errors])).toEqual([
        ['api', 8, 2],
        ['lab', 3, 0],
      ]);
    }
    expect(raw.services[1]).toMatchObject({ p50: 2, p99: expect.closeTo(2.98, 1) });
    expect(rolled.services[0]!.p95).toBeGreaterThan(30);
  });

  it('shows each service\'s health from its rows, a failing worker named, unknown once it is stale, and both in vigil report', () => {
    checks('api', 'fail', NOW - 5_000);
    checks('lab', 'pass', NOW - 10 * 60_000);
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    expect(s.services.map((v) => [v.name, v.health.status, v.health.score])).toEqual([
      ['api', 'fail', 50],
      ['lab', 'unknown', null],
    ]);
    expect(s.services[1]!.health.output).toContain('last heard at');
    const text = renderTextReport(s);
    expect(text).toMatch(/SERVICES\n.*\n\s+api\s+2\s+0\s.*50 fail\n\s+db \(pid 2\): down\n\s+lab\s+3\s+0\s.*unknown/);
  });

  it('says nothing of services when there is one', () => {
    store.db.exec("DELETE FROM spans WHERE service_name = 'lab'");
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    expect(s.services).toHaveLength(1);
    expect(renderTextReport(s)).not.toContain('SERVICES');
  });
});

