import { DatabaseSync } from 'node:sqlite';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildFixtureDb, FIXTURE } from '../fixtures/cli/fixture-db.js';
import { vigil } from '../fixtures/cli/run.js';

let db: string;

beforeEach(() => {
  db = buildFixtureDb().path;
});

function query<T>(sql: string, ...args: Array<string | number>): T[] {
  const h = new DatabaseSync(db, { readOnly: true });
  try {
    return h.prepare(sql).all(...args) as T[];
  } finally {
    h.close();
  }
}

describe('vigil errors resolve / ignore / reopen', () => {
  it('changes the status in the table, by prefix', async () => {
    const fp = FIXTURE.errors.open;
    let r = await vigil(['errors', 'resolve', fp.slice(0, 6), '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ fingerprint: fp, status: 'resolved' });
    const [row] = query<{ status: string; resolved_ms: number | null }>('SELECT status, resolved_ms FROM errors WHERE fingerprint = ?', fp);
    expect(row!.status).toBe('resolved');
    expect(row!.resolved_ms).toBeGreaterThan(0);
    r = await vigil(['errors', 'ignore', fp, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`${fp}: ignored`);
    r = await vigil(['errors', 'reopen', fp, '--db', db]);
    expect(query<{ status: string }>('SELECT status FROM errors WHERE fingerprint = ?', fp)[0]!.status).toBe('unresolved');
  });
});

describe('vigil silence add / expire', () => {
  it('adds a silence with parsed matchers, duration and comment, then expires it', async () => {
    const before = Date.now();
    const r = await vigil(['silence', 'add', 'alertname=HighMemory', 'check=~mem.*', 'env!=test', '--duration', '90m', '--comment', 'load test', '--author', 'dr-who', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const s = r.json<{ id: string; state: string; endsAtMs: number; startsAtMs: number; comment: string; createdBy: string }>();
    expect(s.state).toBe('active');
    expect(s.endsAtMs - s.startsAtMs).toBe(90 * 60_000);
    expect(s.startsAtMs).toBeGreaterThanOrEqual(before);
    const [row] = query<{ matchers: string; comment: string; created_by: string }>('SELECT matchers, comment, created_by FROM silences WHERE id = ?', s.id);
    expect(JSON.parse(row!.matchers)).toEqual([
      { name: 'alertname', value: 'HighMemory', isRegex: false, isEqual: true },
      { name: 'check', value: 'mem.*', isRegex: true, isEqual: true },
      { name: 'env', value: 'test', isRegex: false, isEqual: false },
    ]);
    expect(row).toMatchObject({ comment: 'load test', created_by: 'dr-who' });

    const list = (await vigil(['silence', 'list', '--db', db, '--json'])).json<{ silences: Array<{ id: string }> }>();
    expect(list.silences.map((x) => x.id)).toContain(s.id);

    const e = await vigil(['silence', 'expire', s.id.slice(0, 8), '--db', db, '--json']);
    expect(e.code).toBe(0);
    expect(e.json()).toEqual({ id: s.id, state: 'expired' });
    const ends = query<{ ends_ms: number }>('SELECT ends_ms FROM silences WHERE id = ?', s.id)[0]!.ends_ms;
    expect(ends).toBeLessThanOrEqual(Date.now());
    const again = await vigil(['silence', 'expire', s.id, '--db', db]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('has already ended');
  });

  it('refuses a malformed matcher as bad usage, before touching the database', async () => {
    const r = await vigil(['silence', 'add', 'alertname', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must look like name=value or name=~regex');
    expect(query('SELECT id FROM silences')).toHaveLength(1);
  });
});

describe('vigil cleanup', () => {
  it('counts with --dry-run, then deletes raw rows older than --days and keeps the rest', async () => {
    const dry = await vigil(['cleanup', '--days', '30', '--dry-run', '--db', db, '--json']);
    expect(dry.code).toBe(0);
    expect(dry.json()).toMatchObject({ days: 30, dryRun: true, deleted: { spans: 20, metrics: 20, messages: 0 } });
    expect(query('SELECT 1 FROM spans')).toHaveLength(40);

    const r = await vigil(['cleanup', '--days', '30', '--db', db, '--json']);
    expect(r.code).toBe(0);
    // 20 old emr.visits.saved points; the recent health score point and 20 recent points stay.
    expect(r.json()).toMatchObject({ deleted: { spans: 20, messages: 0, metrics: 20 }, total: 40 });
    expect(query('SELECT 1 FROM spans')).toHaveLength(20);
    expect(query('SELECT 1 FROM metrics')).toHaveLength(21);
    expect(query('SELECT 1 FROM errors')).toHaveLength(3);
  });

  it('prints one plain line without --json', async () => {
    const r = await vigil(['cleanup', '--days', '30', '--db', db]);
    expect(r.stdout).toMatch(/^deleted 40 rows past retention \(30 days of raw data, before .+\): 20 spans, 20 metrics\n$/);
    expect(r.stderr).toBe('');
  });
});

describe('vigil aggregate', () => {
  it('rolls complete hours up into metrics_hourly, and has nothing left to do on a second run', async () => {
    const r = await vigil(['aggregate', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const a = r.json<{ hours: number; rows: number; from: string; to: string }>();
    expect(a.hours).toBeGreaterThan(0);
    expect(a.rows).toBeGreaterThan(0);
    const rows = query<{ name: string; count: number }>("SELECT name, SUM(count) AS count FROM metrics_hourly WHERE name LIKE 'span:%' GROUP BY name");
    // Spans of complete hours: the 20 old ones at least (recent ones may sit in the current hour).
    expect(rows.reduce((s, x) => s + Number(x.count), 0)).toBeGreaterThanOrEqual(20);
    const again = await vigil(['aggregate', '--db', db, '--json']);
    expect(again.json()).toMatchObject({ hours: 0, rows: 0 });
  });
});
