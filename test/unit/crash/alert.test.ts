import { afterEach, describe, expect, it } from 'vitest';
import { alertCrash, alertPendingCrashes, buildCrashReport, insertCrashRow, writeCrashFile } from '../../../src/crash/index.js';
import type { CrashAlertInput } from '../../../src/crash/index.js';
import { createRedactor, defaultRedactionRules } from '../../../src/privacy/index.js';
import { freshStore } from '../store/helpers.js';

const report = () => buildCrashReport(new Error('ward monitor lost'), 'uncaughtException', { redactor: createRedactor(defaultRedactionRules('k')) });

describe('crash alerts, once each', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => dispose?.());

  it('two processes sending the same crash at once: one sends, the other finds it claimed', async () => {
    const s = freshStore();
    dispose = s.dispose;
    const r = report();
    insertCrashRow(s.store.db, r, undefined);
    const sent: CrashAlertInput[] = [];
    let release!: () => void;
    const slow = (c: CrashAlertInput) => {
      sent.push(c);
      return new Promise<boolean>((res) => (release = () => res(true)));
    };
    const first = alertCrash({ id: r.id, type: 'Error', message: 'm' }, slow, s.store.db);
    expect(await alertCrash({ id: r.id, type: 'Error', message: 'm' }, slow, s.store.db)).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(sent).toHaveLength(1);
    expect(await alertPendingCrashes({ dataDir: s.dir, db: s.store.db, alert: slow })).toBe(0);
  });

  it('a failed send releases the crash; a claim of a process that is gone is taken over', async () => {
    const s = freshStore();
    dispose = s.dispose;
    const r = report();
    writeCrashFile(r, s.dir); // a crash whose row was never stored: the file is the record
    const down = () => Promise.resolve(false);
    expect(await alertPendingCrashes({ dataDir: s.dir, db: s.store.db, alert: down })).toBe(0);
    const row = () => s.store.db.prepare('SELECT alerted_ms FROM crash_reports WHERE id = ?').get(r.id) as { alerted_ms: number | null };
    expect(row().alerted_ms).toBeNull();

    const claimBy = (pid: number) => s.store.db.prepare('UPDATE crash_reports SET alerted_ms = ? WHERE id = ?').run(-pid, r.id);
    const up = () => Promise.resolve(true);
    claimBy(process.ppid); // a live process is sending it
    expect(await alertPendingCrashes({ dataDir: s.dir, db: s.store.db, alert: up })).toBe(0);
    claimBy(2 ** 31 - 2); // no such process: it died while sending
    expect(await alertPendingCrashes({ dataDir: s.dir, db: s.store.db, alert: up })).toBe(1);
    // An earlier process with this process's pid (a container's pid 1) died while sending.
    s.store.db.prepare('UPDATE crash_reports SET alerted_ms = ? WHERE id = ?').run(-process.pid, r.id);
    expect(await alertPendingCrashes({ dataDir: s.dir, db: s.store.db, alert: up })).toBe(1);
    expect(row().alerted_ms).toBeGreaterThan(0);
    expect(await alertPendingCrashes({ dataDir: s.dir, db: s.store.db, alert: up })).toBe(0);
  });
});
