import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSummary, renderTextReport } from '../../../src/dashboard/index.js';
import { insertCheck, insertErrorEvent, insertSpan, tempStore } from '../../fixtures/dashboard/db.js';

const NOW = Date.UTC(2025, 2, 3, 12, 30, 0);
let store: ReturnType<typeof tempStore>;
beforeEach(() => {
  store = tempStore();
  for (let i = 1; i <= 20; i++) insertSpan(store, { name: 'GET /patients/:id', startMs: NOW - i * 60_000, durationMs: i });
  insertCheck(store, 'memory', 'warn', NOW - 60_000, 85, 'memory above 80%');
  insertErrorEvent(store, { fingerprint: 'f', timeMs: NOW - 60_000, message: 'boom\nsecond line' });
  store.db.prepare("INSERT INTO progress (job_id, name, state, total, processed, successful, failed, rate, eta_s, started_ms, updated_ms) VALUES ('j', 'import', 'running', 200, 50, 50, 0, 10, 75, ?, ?)").run(NOW - 60_000, NOW - 1000);
});
afterEach(() => store.remove());

describe('renderTextReport', () => {
  it('reads as plain text for e-mail: sections, figures, one line per row, no ANSI', () => {
    const text = renderTextReport(buildSummary(store.db, { window: '1h', now: NOW }));
    expect(text).not.toContain('\u001b[');
    expect(text).toMatch(/^Vigil report - last 1h {2}\(2025-03-03 11:31 UTC to 2025-03-03 12:30 UTC\)/);
    expect(text).toContain('HEALTH  50/100  warn');
    expect(text).toMatch(/WARN {2}memory +85 percent {2}memory above 80%/);
    expect(text).toMatch(/REQUESTS {2}20 \(0\.3\/min\) {2}errors 0 \(0\.0%\) {2}p50 11 ms {2}p95 19 ms/);
    expect(text).toMatch(/GET \/patients\/:id +20 +0\.3\/min/);
    expect(text).toContain('ERRORS  1 events in 1 group');
    expect(text).toContain('1x  Error: boom second line');
    expect(text).toMatch(/import +\[#####\.{15}\] +25% +50\/200 +ETA 1m15s/);
    expect(text.split('\n').every((l) => l.length <= 160)).toBe(true);
  });

  it('adds ANSI colour on request', () => {
    const text = renderTextReport(buildSummary(store.db, { window: '1h', now: NOW }), { color: true });
    expect(text).toContain('\u001b[1mHEALTH\u001b[0m');
    expect(text).toContain('\u001b[33m50/100  warn\u001b[0m');
  });
});
