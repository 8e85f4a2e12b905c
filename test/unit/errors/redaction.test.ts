import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorTracker, redactorFromPrivacy } from '../../../src/errors/index.js';
import type { ErrorRedactor } from '../../../src/errors/index.js';
import { events, groups, tempDb } from './helpers.js';
import type { TempDb } from './helpers.js';

// A stand-in for the privacy room's masker: SSNs and e-mail addresses.
const mask = (s: string): string => s.replace(/\d{3}-\d{2}-\d{4}/g, '[SSN]').replace(/[\w.+-]+@[\w-]+\.[\w.]+/g, '[EMAIL]');
const SSN = ['123', '45', '6789'].join('-');
const EMAIL = ['jane.doe', 'clinic.example'].join('@');

describe('redaction of stored events', () => {
  let t: TempDb;
  beforeEach(() => {
    t = tempDb();
  });
  afterEach(() => t.close());

  it('masks free text in message, stack, context, tags, breadcrumbs and what beforeSend added', async () => {
    const redact: ErrorRedactor = { text: mask, hash: (v) => `h(${v.length})` };
    const tr = createErrorTracker({
      db: () => t.db,
      redact,
      beforeSend: (e) => ({ ...e, tags: { ...e.tags, added: `by hook ${SSN}` } }),
    });
    tr.addBreadcrumb({ category: 'http', message: `GET /patients?email=${EMAIL}`, data: { ssn: SSN } });
    const err = new Error(`no chart for ${SSN} (${EMAIL})`);
    tr.captureException(err, { context: { patient: { ssn: SSN, notes: [`call ${EMAIL}`] } }, tags: { who: EMAIL }, user: { id: 'u-1' } });
    await tr.flush();
    const stored = JSON.stringify(events(t.db)) + JSON.stringify(groups(t.db));
    expect(stored).not.toContain(SSN);
    expect(stored).not.toContain(EMAIL);
    const [e] = events(t.db);
    expect(e.message).toBe('no chart for [SSN] ([EMAIL])');
    expect(JSON.parse(e.context!)).toEqual({ patient: { ssn: '[SSN]', notes: ['call [EMAIL]'] } });
    expect(JSON.parse(e.tags)).toEqual({ who: '[EMAIL]', added: 'by hook [SSN]' });
    expect(e.user_hash).toBe('h(3)');
    expect(tr.breadcrumbs()[0].message).toBe('GET /patients?email=[EMAIL]');
  });

  it('adapts the privacy room’s Redactor shape', async () => {
    let valueCalls = 0;
    const tr = createErrorTracker({
      db: () => t.db,
      redact: redactorFromPrivacy({
        redactText: mask,
        redactValue: (v) => {
          valueCalls++;
          return JSON.parse(mask(JSON.stringify(v)));
        },
        hash: (v) => `k-${String(v)}`,
      }),
    });
    tr.captureException(new Error(SSN), { context: { a: SSN }, user: { email: 'x@y.z' } });
    await tr.flush();
    const [e] = events(t.db);
    expect(e.message).toBe('[SSN]');
    expect(JSON.parse(e.context!)).toEqual({ a: '[SSN]' });
    expect(valueCalls).toBeGreaterThan(0);
    expect(e.user_hash).toBe('k-x@y.z');
  });

  it('drops an event whose redaction fails rather than storing it unredacted', async () => {
    // Built at run time: the stored source lines of the other event must not trip the redactor.
    const trigger = ['bo', 'om'].join('');
    const tr = createErrorTracker({
      db: () => t.db,
      redact: {
        text: (s) => {
          if (s.includes(trigger)) throw new Error('redactor bug');
          return s;
        },
      },
    });
    tr.captureException(new Error(trigger));
    tr.captureException(new Error('fine'));
    await tr.flush();
    expect(events(t.db).map((r) => r.message)).toEqual(['fine']);
  });
});
