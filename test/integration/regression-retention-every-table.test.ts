// Regression (issue 10, defect 10): retention kept error_events (with their
// context), alerts and health_checks forever. Every table has a retention,
// applied by one code path that the app's maintenance, `vigil cleanup` and
// the tests share; VIGIL_RETENTION_DAYS is parsed once (src/config).
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { cleanup, openStore, startMaintenance } from '../../src/store/index.js';
import { tempDir } from '../helpers/child.js';
import { vigil } from '../fixtures/cli/run.js';

const DAY = 86_400_000;

/** One row past retention and one inside it, in every table with a time. Returns the db path. */
function seeded(now = Date.now()): { dir: string; path: string } {
  const dir = tempDir('vigil-retention-');
  const store = openStore({ dataDir: dir })!;
  const db = store.db;
  for (const [age, tag] of [[200, 'old'], [1, 'new']] as const) {
    const t = now - age * DAY;
    db.prepare('INSERT INTO spans (trace_id, span_id, name, start_ms, end_ms) VALUES (?, ?, ?, ?, ?)').run(tag, tag, tag, t, t);
    db.prepare('INSERT INTO messages (time_ms, body) VALUES (?, ?)').run(t, tag);
    db.prepare('INSERT INTO metrics (time_ms, name, value) VALUES (?, ?, 1)').run(t, tag);
    db.prepare('INSERT INTO error_events (id, fingerprint, time_ms, context) VALUES (?, ?, ?, ?)').run(tag, tag, t, '{"patient":"[REDACTED]"}');
    db.prepare("INSERT INTO alerts (time_ms, event, rule, fingerprint) VALUES (?, 'firing', ?, ?)").run(t, tag, tag);
    db.prepare("INSERT INTO health_checks (time_ms, check_name, status) VALUES (?, ?, 'pass')").run(t, tag);
    db.prepare('INSERT INTO crash_reports (id, time_ms) VALUES (?, ?)').run(tag, t);
    db.prepare("INSERT INTO progress (job_id, name, state, updated_ms) VALUES (?, ?, 'done', ?)").run(tag, tag, t);
    db.prepare("INSERT INTO silences (id, matchers, starts_ms, ends_ms) VALUES (?, '[]', ?, ?)").run(tag, t - DAY, t);
    db.prepare("INSERT INTO outbox (signal, url, content_type, body, bytes, created_ms, next_attempt_ms) VALUES ('traces', 'u', 'c', x'00', 1, ?, ?)").run(t, t);
  }
  // Error groups live a year after their last event, rollups 400 days.
  for (const [age, tag] of [[400, 'old'], [200, 'kept']] as const) {
    db.prepare("INSERT INTO errors (fingerprint, count, last_seen_ms) VALUES (?, 1, ?)").run(tag, now - age * DAY);
    db.prepare('INSERT INTO error_users (fingerprint, user_hash) VALUES (?, ?)').run(tag, 'u1');
  }
  for (const [age, tag] of [[500, 'old'], [200, 'kept']] as const) {
    db.prepare("INSERT INTO metrics_hourly (hour_ms, name, attributes, count) VALUES (?, ?, '{}', 1)").run(now - age * DAY, tag);
  }
  store.close();
  return { dir, path: join(dir, 'monitoring.db') };
}

const EXPECTED = {
  spans: 1, messages: 1, metrics: 1, error_events: 1, alerts: 1, health_checks: 1, crash_reports: 1,
  progress: 1, silences: 1, outbox: 1, errors: 1, error_users: 1, metrics_hourly: 1,
};

function remaining(db: DatabaseSync): Record<string, number> {
  return Object.fromEntries(Object.keys(EXPECTED).map((t) => [t, Number((db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n)]));
}

describe('retention covers every table, by one code path', () => {
  it('cleanup() (the function the tests and scripts call)', () => {
    const { dir } = seeded();
    const store = openStore({ dataDir: dir })!;
    expect(cleanup(store.db, { days: 90 })).toEqual(EXPECTED);
    expect(remaining(store.db)).toEqual(EXPECTED); // one row left everywhere
    store.close();
  });

  it("the application's maintenance, with VIGIL_RETENTION_DAYS' value", async () => {
    const { dir } = seeded();
    const store = openStore({ dataDir: dir })!;
    const m = startMaintenance(store, { retentionDays: 90, firstRunMs: 3_600_000 });
    await m.runNow();
    m.stop();
    expect(m.stats.expired).toEqual(EXPECTED);
    // The pass also rolled the old raw rows up into metrics_hourly first (kept: younger than 400 days).
    const { metrics_hourly: _rollups, ...rest } = remaining(store.db);
    const { metrics_hourly: _e, ...expected } = EXPECTED;
    expect(rest).toEqual(expected);
    store.close();
  });

  it('vigil cleanup reads VIGIL_RETENTION_DAYS through the config parser (and refuses a bad one in one line)', async () => {
    const { path } = seeded();
    const r = await vigil(['cleanup', '--db', path, '--json'], { VIGIL_RETENTION_DAYS: '90' });
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ days: 90, deleted: EXPECTED, total: 13 });
    const bad = await vigil(['cleanup', '--db', path, '--dry-run', '--json'], { VIGIL_RETENTION_DAYS: 'ninety' });
    expect(bad.stderr.trim()).toBe('vigil: VIGIL_RETENTION_DAYS: "ninety" is not an integer from 1 to 36500 days; using 90');
    expect(bad.json()).toMatchObject({ days: 90, total: 0 });
  });
});
