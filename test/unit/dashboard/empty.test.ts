import { afterEach, describe, expect, it } from 'vitest';
import { buildSummary, exportJson, renderTextReport } from '../../../src/dashboard/index.js';
import { tempStore } from '../../fixtures/dashboard/db.js';

let store: ReturnType<typeof tempStore> | undefined;
afterEach(() => store?.remove());

describe('an empty database', () => {
  it.each(['1h', '24h', '7d'] as const)('summarises the %s window with zeros and empty lists', (window) => {
    store = tempStore();
    const now = Date.UTC(2025, 2, 1, 12, 30);
    const s = buildSummary(store.db, { window, now });
    expect(s.window.buckets.length).toBe(window === '1h' ? 60 : window === '24h' ? 24 : 168);
    expect(s.window.buckets.at(-1)).toBeLessThanOrEqual(now);
    expect(s.requests.count).toBe(0);
    expect(s.requests.p95).toBeNull();
    expect(s.requests.series).toHaveLength(s.window.buckets.length);
    expect(s.operations).toEqual([]);
    expect(s.errors).toEqual({ events: 0, groups: [], series: s.window.buckets.map(() => 0) });
    expect(s.health).toEqual({ score: null, status: 'unknown', checks: [] });
    expect(s.alerts.active).toEqual([]);
    expect(s.llm.calls).toBe(0);
    expect(s.jobs).toEqual([]);
  });

  it('renders a report and an export', () => {
    store = tempStore();
    const s = buildSummary(store.db, { window: '24h' });
    const text = renderTextReport(s);
    expect(text).toContain('HEALTH  no checks recorded');
    expect(text).toContain('ERRORS  0 events in 0 groups');
    expect(text).not.toContain('\u001b[');
    const doc = exportJson(store.db, { window: '1h' });
    expect(doc.format).toBe('vigil-export');
    expect(doc.summary.window.name).toBe('1h');
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
