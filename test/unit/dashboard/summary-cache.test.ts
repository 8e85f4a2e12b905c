import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSummary } from '../../../src/dashboard/index.js';
import { closedHoursStats } from '../../../src/dashboard/closed-hours.js';
import { windowOf } from '../../../src/dashboard/window.js';
import { aggregateHourly, cleanup, ledgerStats, openReadOnly, rawFromMs, rawPass, spanPass } from '../../../src/store/index.js';
import type { RawPass } from '../../../src/store/index.js';
import type { WindowName } from '../../../src/dashboard/types.js';
import { insertSpan, tempStore } from '../../fixtures/dashboard/db.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 2, 3, 12, 30, 0);
const OPS = ['GET /patients', 'POST /visits', 'SELECT clinic.db', 'chat llama3.2:1b'];

let store: ReturnType<typeof tempStore>;
let warm: DatabaseSync;
const fresh: DatabaseSync[] = [];
beforeEach(() => {
  store = tempStore();
  warm = openReadOnly(store.path); // the read thread's connection: kept between refreshes
});
afterEach(() => {
  warm.close();
  for (const db of fresh.splice(0)) db.close();
  store.remove();
});

/** A deterministic spread of spans over `hours` hours before `end`: several operations, roots and children, errors, slow ones. */
function spans(end: number, hours: number, perHour: number, seed = 1): void {
  let s = seed;
  const next = () => ((s = (s * 48271) % 2147483647) / 2147483647);
  for (let h = 0; h < hours; h++) {
    for (let i = 0; i < perHour; i++) {
      const name = OPS[Math.floor(next() * OPS.length)]!;
      insertSpan(store, {
        name,
        startMs: end - h * HOUR - Math.floor(next() * HOUR),
        durationMs: Math.round(next() * (name.startsWith('chat') ? 3000 : 40) * 100) / 100,
        error: next() < 0.05,
        root: !name.includes(' clinic.db') && !name.startsWith('chat'),
        attributes: next() < 0.02 ? { 'vigil.slow': true } : {},
        // Two services' requests side by side, one of them unnamed (unknown_service).
        service: name.startsWith('GET') ? 'front' : name.startsWith('POST') ? null : 'test',
      });
    }
  }
}

/** The uncached answer: a connection opened for this one question. */
function uncached(window: WindowName, now: number) {
  const db = openReadOnly(store.path);
  fresh.push(db);
  return buildSummary(db, { window, now });
}

/** A pass with each bucket's durations sorted: the order rows were read in is not part of the answer. */
function sorted({ stamp: _stamp, ...p }: RawPass) {
  const ops = [...p.operations.values()].map((o) => ({ ...o, durations: [...o.durations].map(([b, ds]) => [b, [...ds].sort((x, y) => x - y)]) }));
  return { ...p, operations: ops, rootDurations: [...p.rootDurations].map(([b, ds]) => [b, [...ds].sort((x, y) => x - y)]) };
}

function expectSamePass(db: DatabaseSync, window: WindowName, now: number): void {
  const w = windowOf(window, now);
  const from = rawFromMs(db, w);
  expect(sorted(spanPass(db, w, from, 1000))).toEqual(sorted(rawPass(db, w, from, 1000)));
}

describe('summaries are kept between refreshes', () => {
  it.each(['1h', '7d'] as const)('a second %s refresh with no new data reads no span row and rebuilds nothing', (window) => {
    spans(NOW, 3 * 24, 20);
    const first = buildSummary(warm, { window, now: NOW });
    expect(first.services.map((x) => x.name)).toEqual(['front', 'unknown_service']);
    const before = { ...ledgerStats };
    const second = buildSummary(warm, { window, now: NOW + 1000 });
    expect(ledgerStats.rowsRead - before.rowsRead).toBe(0);
    expect(ledgerStats.builds - before.builds).toBe(0);
    expect(second.requests.count).toBe(first.requests.count);
    expect(second).toEqual(uncached(window, NOW + 1000));
  });

  it('the rolled-up hours are read again only when their rollups or the spans before the open hours change', () => {
    spans(NOW, 3 * 24, 20);
    aggregateHourly(store.db, { now: NOW - 3 * HOUR });
    const first = buildSummary(warm, { window: '7d', now: NOW });
    expect(first.usedRollups).toBe(true);
    let reads = closedHoursStats.reads;
    insertSpan(store, { name: 'GET /patients', startMs: NOW + 100, durationMs: 3 }); // in the open hour
    buildSummary(warm, { window: '7d', now: NOW + 1000 });
    expect(closedHoursStats.reads).toBe(reads);
    aggregateHourly(store.db, { now: NOW }); // two more hours rolled up
    const rolled = buildSummary(warm, { window: '7d', now: NOW + 2000 });
    expect(closedHoursStats.reads).toBe(reads + 1);
    expect(rolled).toEqual(uncached('7d', NOW + 2000));
    // A late span of a rolled-up hour: its rollup stays, but the raw spans read there (slowest, request or not) may change.
    insertSpan(store, { name: 'GET /patients', startMs: NOW - 20 * HOUR, durationMs: 30_000 });
    reads = closedHoursStats.reads;
    const late = buildSummary(warm, { window: '7d', now: NOW + 3000 });
    expect(closedHoursStats.reads).toBe(reads + 1);
    expect(late).toEqual(uncached('7d', NOW + 3000));
  });

  it('a new span reads that row only', () => {
    spans(NOW, 24, 20);
    buildSummary(warm, { window: '7d', now: NOW });
    const before = { ...ledgerStats };
    insertSpan(store, { name: 'GET /patients', startMs: NOW + 500, durationMs: 3 });
    const s = buildSummary(warm, { window: '7d', now: NOW + 1000 });
    expect(ledgerStats.rowsRead - before.rowsRead).toBe(1);
    expect(s).toEqual(uncached('7d', NOW + 1000));
  });

  it('a late span in a closed hour changes the answer (raw hours and rolled-up ones alike agree with the uncached summary)', () => {
    spans(NOW, 3 * 24, 20);
    aggregateHourly(store.db, { now: NOW - 3 * HOUR }); // rolled up until 3 h ago: two closed hours are raw
    const w = windowOf('7d', NOW);
    const closed = Math.floor(NOW / HOUR) * HOUR - 2 * HOUR;
    const b = (closed - w.fromMs) / HOUR;
    const before = buildSummary(warm, { window: '7d', now: NOW });
    expect(before.usedRollups).toBe(true);
    insertSpan(store, { name: 'GET /patients', startMs: closed + 60_000, durationMs: 9000, error: true });
    const after = buildSummary(warm, { window: '7d', now: NOW + 1000 });
    expect(after.requests.series[b]!.count).toBe(before.requests.series[b]!.count + 1);
    expect(after.requests.series[b]!.errors).toBe(before.requests.series[b]!.errors + 1);
    expect(after.slow[0]!.durationMs).toBe(9000);
    expect(after).toEqual(uncached('7d', NOW + 1000));
    // In an hour already rolled up, the rollup answers (as the uncached summary does): the same answer either way.
    insertSpan(store, { name: 'GET /patients', startMs: closed - 10 * HOUR, durationMs: 5 });
    expect(buildSummary(warm, { window: '7d', now: NOW + 2000 })).toEqual(uncached('7d', NOW + 2000));
  });

  it('equals the uncached computation over several days for every window, step by step: new hours, rollups, spans ahead of the clock, retention', () => {
    spans(NOW, 4 * 24, 15);
    insertSpan(store, { name: 'GET /patients', startMs: NOW - 1000, durationMs: 1 }); // the newest row stays: the deletion is found by start times
    const steps: Array<[string, () => number]> = [
      ['first', () => NOW],
      ['same data', () => NOW + 5000],
      ['new spans in the open hour', () => (spans(NOW + 60_000, 1, 30, 7), NOW + 120_000)],
      ['a span ahead of the clock', () => (insertSpan(store, { name: 'POST /visits', startMs: NOW + 10 * 60_000, durationMs: 2 }), NOW + 180_000)],
      ['its time came', () => NOW + 11 * 60_000],
      ['an hour later, rolled up', () => (aggregateHourly(store.db, { now: NOW + HOUR }), spans(NOW + HOUR, 1, 10, 9), NOW + HOUR)],
      ['retention deleted the oldest raw hours', () => (cleanup(store.db, { days: 3.5, now: NOW + HOUR }), NOW + HOUR + 1000)],
    ];
    for (const [step, act] of steps) {
      const now = act();
      for (const window of ['1h', '24h', '7d'] as const) {
        expect(buildSummary(warm, { window, now }), `${window}: ${step}`).toEqual(uncached(window, now));
        expectSamePass(warm, window, now);
      }
    }
  });

  it('without rollups a week is all raw, and retention inside it rebuilds the ledger', () => {
    spans(NOW, 4 * 24, 10);
    insertSpan(store, { name: 'GET /patients', startMs: NOW - 1000, durationMs: 1 }); // the newest row stays: the deletion is found by start times
    buildSummary(warm, { window: '7d', now: NOW });
    const builds = ledgerStats.builds;
    cleanup(store.db, { days: 2, now: NOW });
    const s = buildSummary(warm, { window: '7d', now: NOW + 1000 });
    expect(ledgerStats.builds).toBe(builds + 1);
    expect(s.usedRollups).toBe(false);
    expect(s).toEqual(uncached('7d', NOW + 1000));
  });
});
