import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorTracker } from '../../../src/errors/index.js';
import { events, groups, tempDb } from './helpers.js';
import type { TempDb } from './helpers.js';

describe('hooks', () => {
  let t: TempDb;
  let warnings: string[];
  beforeEach(() => {
    t = tempDb();
    warnings = [];
    const logger: DiagLogger = {
      error: () => {}, info: () => {}, debug: () => {}, verbose: () => {},
      warn: (m: string) => void warnings.push(m),
    };
    diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  });
  afterEach(() => {
    diag.disable();
    t.close();
  });

  it('beforeSend can drop an event', async () => {
    const tr = createErrorTracker({ db: () => t.db, beforeSend: (e) => (e.message.includes('noise') ? null : e) });
    tr.captureException(new Error('noise: client aborted'));
    tr.captureException(new Error('real failure'));
    await tr.flush();
    expect(events(t.db).map((e) => e.message)).toEqual(['real failure']);
  });

  it('beforeSend can change an event, and what it adds is still stored', async () => {
    const tr = createErrorTracker({
      db: () => t.db,
      beforeSend: (e) => ({ ...e, level: 'warning', tags: { ...e.tags, team: 'pharmacy' }, message: 'rewritten' }),
    });
    tr.captureException(new Error('original'), { tags: { route: '/rx' } });
    await tr.flush();
    const [e] = events(t.db);
    expect(e).toMatchObject({ level: 'warning', message: 'rewritten' });
    expect(JSON.parse(e.tags)).toEqual({ route: '/rx', team: 'pharmacy' });
  });

  it('a throwing beforeSend is logged and ignored: the event is kept', async () => {
    const tr = createErrorTracker({
      db: () => t.db,
      beforeSend: () => {
        throw new Error('bug in hook');
      },
    });
    expect(() => tr.captureException(new Error('kept'))).not.toThrow();
    await tr.flush();
    expect(events(t.db).map((e) => e.message)).toEqual(['kept']);
    expect(warnings.some((w) => w.includes('beforeSend') && w.includes('bug in hook'))).toBe(true);
  });

  it('a throwing onGroupEvent does not stop the writes', async () => {
    const tr = createErrorTracker({
      db: () => t.db,
      onGroupEvent: () => {
        throw new Error('alerting down');
      },
    });
    tr.captureException(new Error('a'));
    tr.captureException(new Error('a'));
    await tr.flush();
    expect(groups(t.db)[0].count).toBe(2);
    expect(warnings.some((w) => w.includes('onGroupEvent'))).toBe(true);
  });

  it('beforeBreadcrumb can change or drop breadcrumbs, and a throwing one is ignored', () => {
    let explode = false;
    const tr = createErrorTracker({
      db: () => t.db,
      beforeBreadcrumb: (c) => {
        if (explode) throw new Error('crumb hook bug');
        if (c.category === 'health') return null;
        return { ...c, message: c.message?.toUpperCase() };
      },
    });
    tr.addBreadcrumb({ category: 'http', message: 'get /visits' });
    tr.addBreadcrumb({ category: 'health', message: 'get /livez' });
    explode = true;
    tr.addBreadcrumb({ category: 'db', message: 'select 1' });
    expect(tr.breadcrumbs().map((c) => c.message)).toEqual(['GET /VISITS', 'select 1']);
    expect(warnings.some((w) => w.includes('beforeBreadcrumb'))).toBe(true);
  });
});

describe('breadcrumbs', () => {
  let t: TempDb;
  beforeEach(() => {
    t = tempDb();
  });
  afterEach(() => t.close());

  it('keeps the most recent ones in a ring buffer and attaches them to events', async () => {
    const tr = createErrorTracker({ db: () => t.db, maxBreadcrumbs: 3 });
    for (let i = 1; i <= 5; i++) tr.addBreadcrumb({ category: 'custom', message: `step ${i}`, data: { i } });
    expect(tr.breadcrumbs().map((c) => c.message)).toEqual(['step 3', 'step 4', 'step 5']);
    tr.captureException(new Error('after steps'));
    tr.addBreadcrumb({ message: 'later' });
    await tr.flush();
    const stored = JSON.parse(events(t.db)[0].breadcrumbs);
    expect(stored.map((c: { data: { i: number } }) => c.data.i)).toEqual([3, 4, 5]);
  });

  it('defaults to 100', () => {
    const tr = createErrorTracker({ db: () => t.db });
    for (let i = 0; i < 150; i++) tr.addBreadcrumb({ message: String(i) });
    const crumbs = tr.breadcrumbs();
    expect(crumbs).toHaveLength(100);
    expect(crumbs[0].message).toBe('50');
  });
});
