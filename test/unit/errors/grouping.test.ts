import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorTracker } from '../../../src/errors/index.js';
import type { ErrorGroup, GroupEventKind } from '../../../src/errors/index.js';
import { events, groups, tempDb } from './helpers.js';
import type { TempDb } from './helpers.js';

function loadPatient(id: string): never {
  throw new Error(`Patient ${id} not found in ward 7 (request 0x1f3a, "bed-${id}")`);
}

function saveVisit(): never {
  throw new TypeError('Cannot read properties of undefined (reading "visitId")');
}

function failing(fn: () => never): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('grouping', () => {
  let t: TempDb;
  let notices: Array<[GroupEventKind, ErrorGroup]>;
  beforeEach(() => {
    t = tempDb();
    notices = [];
  });
  afterEach(() => t.close());

  const tracker = () => createErrorTracker({ db: () => t.db, onGroupEvent: (k, g) => notices.push([k, g]) });

  it('groups the same failure with different ids into one group with the right count', async () => {
    const tr = tracker();
    for (const id of ['123', '4567', '98765432101', '7']) {
      tr.captureException(failing(() => loadPatient(id)), { user: { id: `u${id}` } });
    }
    tr.captureException(failing(() => loadPatient('99')), { user: { id: 'u123' } });
    await tr.flush();
    const rows = groups(t.db);
    expect(rows).toHaveLength(1);
    expect(rows[0].count).toBe(5);
    expect(rows[0].users).toBe(4);
    expect(rows[0].status).toBe('unresolved');
    expect(rows[0].culprit).toMatch(/^loadPatient \(.*grouping\.test\.ts\)$/);
    expect(events(t.db)).toHaveLength(5);
    expect(notices.map((n) => n[0])).toEqual(['new', 'event', 'event', 'event', 'event']);
    expect(notices[4][1].count).toBe(5);
  });

  it('keeps two different failures in two groups', async () => {
    const tr = tracker();
    tr.captureException(failing(() => loadPatient('1')));
    tr.captureException(failing(saveVisit));
    tr.captureException(failing(() => loadPatient('2')));
    await tr.flush();
    const rows = groups(t.db);
    expect(rows.map((r) => [r.type, r.count]).sort()).toEqual([['Error', 2], ['TypeError', 1]]);
  });

  it('reopens a resolved group that recurs, as a regression', async () => {
    const tr = tracker();
    const fp = () => groups(t.db)[0].fingerprint;
    tr.captureException(failing(() => loadPatient('1')));
    await tr.flush();
    expect(tr.resolveGroup(fp())).toBe(true);
    expect(groups(t.db)[0].status).toBe('resolved');
    await new Promise((r) => setTimeout(r, 5));
    tr.captureException(failing(() => loadPatient('2')));
    await tr.flush();
    const [row] = groups(t.db);
    expect(row.status).toBe('unresolved');
    expect(row.count).toBe(2);
    expect(row.regressed_ms).toBeGreaterThanOrEqual(row.resolved_ms!);
    expect(notices.map((n) => n[0])).toEqual(['new', 'regression']);
    expect(notices[1][1].regressedMs).not.toBeNull();
  });

  it('counts occurrences of an ignored group without telling the alerting engine', async () => {
    const tr = tracker();
    tr.captureException(failing(saveVisit));
    await tr.flush();
    expect(tr.ignoreGroup(groups(t.db)[0].fingerprint)).toBe(true);
    tr.captureException(failing(saveVisit));
    await tr.flush();
    expect(groups(t.db)[0]).toMatchObject({ status: 'ignored', count: 2 });
    expect(notices.map((n) => n[0])).toEqual(['new']);
  });

  it('lets an explicit fingerprint override grouping, and {{default}} extend it', async () => {
    const tr = tracker();
    tr.captureException(failing(() => loadPatient('1')), { fingerprint: ['patient-lookup'] });
    tr.captureException(failing(saveVisit), { fingerprint: ['patient-lookup'] });
    tr.captureException(failing(() => loadPatient('1')), { fingerprint: ['{{default}}', 'tenant-a'] });
    tr.captureException(failing(() => loadPatient('2')), { fingerprint: ['{{default}}', 'tenant-b'] });
    tr.captureException(failing(() => loadPatient('3')), { fingerprint: ['{{default}}', 'tenant-a'] });
    await tr.flush();
    expect(groups(t.db).map((g) => g.count).sort()).toEqual([1, 2, 2]);
  });

  it('resolving before queued events are stored does not count them as a regression', async () => {
    const tr = tracker();
    tr.captureException(failing(saveVisit));
    await tr.flush();
    tr.captureException(failing(saveVisit));
    // Still queued: resolveGroup stores it first, then resolves.
    tr.resolveGroup(groups(t.db)[0].fingerprint);
    await tr.flush();
    expect(groups(t.db)[0]).toMatchObject({ status: 'resolved', count: 2 });
  });
});
