import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlerting } from '../../../src/alerting/index.js';
import type { Alerting, AlertingOptions } from '../../../src/alerting/index.js';
import { capture, clock, rows, tempDb } from './helpers.js';
import type { DatabaseSync } from 'node:sqlite';

const routing = { groupBy: ['alertname'], groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 3_600_000 };

describe('notification pipeline (controllable clock)', () => {
  let t: ReturnType<typeof clock>;
  let store: ReturnType<typeof tempDb>;
  let db: DatabaseSync;
  let alerting: Alerting | undefined;
  const make = (o: Partial<AlertingOptions> = {}): Alerting =>
    (alerting = createAlerting({ now: t.now, timers: false, db: () => db, routing, defaults: true, ...o }));

  beforeEach(() => {
    t = clock();
    store = tempDb();
    db = store.db;
  });
  afterEach(async () => {
    await alerting?.shutdown();
    store.close();
  });

  it('groups alerts by alertname and waits group_wait before the first notification', async () => {
    const c = capture();
    const a = make({ channels: [c.channel as never] });
    a.onHealthChange('database', 'pass', 'fail');
    a.onHealthChange('ollama', 'pass', 'fail');
    await a.flush();
    expect(c.sent).toHaveLength(0);
    t.advance(30_000);
    await a.flush();
    expect(c.sent).toHaveLength(1);
    expect(c.sent[0]!.alerts.map((x) => x.labels['check']).sort()).toEqual(['database', 'ollama']);
    expect(c.sent[0]!.groupLabels).toEqual({ alertname: 'HealthCheckFailed' });
    expect(rows(db, 'firing')).toHaveLength(2);
    expect(rows(db, 'notified').map((r) => r.reason)).toEqual(['new', 'new']);
  });

  it('tells a channel nothing new until repeat_interval, then repeats; resolution is sent once', async () => {
    const c = capture();
    const a = make({ channels: [c.channel as never] });
    a.onHealthChange('database', 'pass', 'fail');
    t.advance(30_000);
    await a.flush();
    t.advance(300_000);
    await a.flush();
    expect(c.sent).toHaveLength(1); // deduplicated by the notification log
    t.advance(3_600_000);
    await a.flush();
    expect(c.sent).toHaveLength(2);
    expect(rows(db, 'notified').at(-1)!.reason).toBe('repeat');
    a.onHealthChange('database', 'fail', 'pass');
    t.advance(300_000);
    await a.flush();
    expect(c.sent).toHaveLength(3);
    expect(c.sent[2]!.status).toBe('resolved');
    expect(rows(db, 'resolved')).toHaveLength(1);
    t.advance(300_000);
    await a.flush();
    expect(c.sent).toHaveLength(3);
  });

  it('adds a new alert to a notified group at the next group_interval', async () => {
    const c = capture();
    const a = make({ channels: [c.channel as never] });
    a.onHealthChange('database', 'pass', 'fail');
    t.advance(30_000);
    await a.flush();
    a.onHealthChange('disk', 'pass', 'fail');
    t.advance(60_000);
    await a.flush();
    expect(c.sent).toHaveLength(1);
    t.advance(240_000);
    await a.flush();
    expect(c.sent).toHaveLength(2);
    expect(c.sent[1]!.alerts).toHaveLength(2);
  });

  it('silences: matching alerts are suppressed with the reason, and sent once the silence expires', async () => {
    const c = capture();
    const a = make({ channels: [c.channel as never] });
    const s = a.createSilence({ matchers: ['check="database"'], duration: '1h', comment: 'maintenance' });
    a.onHealthChange('database', 'pass', 'fail');
    t.advance(30_000);
    await a.flush();
    t.advance(300_000);
    await a.flush();
    expect(c.sent).toHaveLength(0);
    const suppressed = rows(db, 'suppressed');
    expect(suppressed).toHaveLength(1); // once, not every flush
    expect(suppressed[0]!.reason).toBe(`silenced by ${s.id} (maintenance)`);
    expect(a.expireSilence(s.id)).toBe(true);
    expect(a.listSilences()).toEqual([]);
    t.advance(300_000);
    await a.flush();
    expect(c.sent).toHaveLength(1);
  });

  it('keeps silences in the database across restarts', async () => {
    const a = make();
    const s = a.createSilence({ matchers: [{ name: 'alertname', value: 'Disk.*', isRegex: true, isEqual: true }], duration: '2h' });
    await a.shutdown();
    const b = make();
    expect(b.listSilences().map((x) => x.id)).toEqual([s.id]);
    expect(() => b.createSilence({ matchers: [], duration: '1h' })).toThrow(/at least one matcher/);
  });

  it('inhibits a less severe duplicate of a firing alert', async () => {
    const c = capture();
    const a = make({ channels: [c.channel as never] });
    a.alert({ severity: 'WARNING', title: 'Disk', message: 'disk at 91%', labels: { path: '/' } });
    a.alert({ severity: 'CRITICAL', title: 'Disk', message: 'disk at 99%', labels: { path: '/' } });
    t.advance(30_000);
    await a.flush();
    expect(c.sent).toHaveLength(1);
    expect(c.sent[0]!.alerts.map((x) => x.severity)).toEqual(['CRITICAL']);
    const inhibited = rows(db, 'suppressed');
    expect(inhibited).toHaveLength(1);
    expect(inhibited[0]!.severity).toBe('WARNING');
    expect(inhibited[0]!.reason).toMatch(/^inhibited by Alert \(CRITICAL/);
  });

  it('honours each channel\'s minimum severity and rate limit', async () => {
    const all = capture('all', { rate_limit: { count: 1, perMs: 3_600_000 } });
    const errorsOnly = capture('errors-only', { min_severity: 'ERROR' });
    const a = make({ channels: [all.channel as never, errorsOnly.channel as never] });
    a.alert({ severity: 'warning', title: 'Backup late' });
    t.advance(30_000);
    await a.flush();
    expect(all.sent).toHaveLength(1);
    expect(errorsOnly.sent).toHaveLength(0);
    a.alert({ severity: 'ERROR', title: 'Backup missing' });
    t.advance(30_000);
    await a.flush();
    expect(errorsOnly.sent).toHaveLength(1);
    expect(all.sent).toHaveLength(1);
    const limited = rows(db, 'suppressed');
    expect(limited[0]).toMatchObject({ channel: 'all', reason: 'rate limited: more than 1 notifications per 3600s' });
  });

  it('fires the shipped memory rule from health observations', async () => {
    const c = capture();
    const a = make({ channels: [c.channel as never], routing: { ...routing, groupWaitMs: 0 } });
    a.observeHealth('system.memory', 70, '%');
    await a.evaluate();
    expect(a.active()).toEqual([]);
    t.advance(15_000);
    a.observeHealth('system.memory', 91, '%');
    await a.evaluate();
    expect(a.active().map((x) => x.rule)).toEqual(['HighMemory']);
    expect(c.sent[0]!.alerts[0]!.annotations['message']).toBe('system.memory at 91 %');
  });

  it('sends a crash without waiting for group_wait', async () => {
    const c = capture();
    const a = make({ channels: [c.channel as never] });
    await a.onCrash({ type: 'TypeError', message: 'x is undefined' });
    expect(c.sent).toHaveLength(1);
    expect(c.sent[0]!.severity).toBe('CRITICAL');
    expect(c.sent[0]!.alerts[0]!.annotations['message']).toBe('TypeError: x is undefined');
  });

  it('tells the crash reporter whether the channels took the crash', async () => {
    const c = capture();
    const down = { type: 'custom', name: 'down', handler: () => Promise.reject(new Error('pager unreachable')) };
    const a = make({ channels: [c.channel as never, down as never] });
    expect(await a.onCrash({ id: 'c1', type: 'TypeError', message: 'x is undefined' })).toBe(false);
    expect(c.sent).toHaveLength(1);
    const ok = make({ channels: [capture().channel as never] });
    expect(await ok.onCrash({ id: 'c2', type: 'TypeError', message: 'x is undefined' })).toBe(true);
    await ok.shutdown();
    expect(await ok.onCrash({ id: 'c3', type: 'TypeError', message: 'x is undefined' })).toBe(false);
    await a.shutdown();
  });

  it('redacts PHI in direct alerts before anything is stored or sent', async () => {
    const c = capture();
    const a = make({ channels: [c.channel as never], routing: { ...routing, groupWaitMs: 0 } });
    a.alert({ severity: 'ERROR', title: 'Import failed', message: 'patient SSN 123-45-6789 mail jane.doe@example.com' });
    await a.flush();
    const text = JSON.stringify(c.sent) + JSON.stringify(rows(db));
    expect(text).not.toContain('123-45-6789');
    expect(text).not.toContain('jane.doe@example.com');
    expect(c.sent[0]!.alerts[0]!.annotations['message']).toMatch(/^patient SSN /);
  });
});
