// Error tracking end to end (issue 4): grouping, user attribution under
// concurrency and non-Error throws, through a real Express application
// started with `node --import dist/src/register.js`, read from monitoring.db.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/child.js';
import { vigil } from '../fixtures/cli/run.js';
import { query, startFixture, stop } from '../fixtures/e2e/lib.js';
import type { App } from '../fixtures/e2e/lib.js';

interface Group {
  fingerprint: string;
  type: string;
  message: string;
  count: number;
  users: number;
  status: string;
}
interface Event {
  fingerprint: string;
  message: string;
  type: string;
  user_hash: string | null;
  tags: string;
  context: string | null;
  time_ms: number;
}

const groups = (app: App, like: string) => query<Group>(app.dataDir, 'SELECT fingerprint, type, message, count, users, status FROM errors WHERE message LIKE ?', like);
const events = (app: App, like: string) =>
  query<Event>(app.dataDir, 'SELECT fingerprint, message, type, user_hash, tags, context, time_ms FROM error_events WHERE message LIKE ? ORDER BY time_ms', like);

/** Waits until the batched writer stored `n` events matching `like`. */
const eventsEventually = (app: App, like: string, n: number) =>
  eventually(() => {
    const e = events(app, like);
    return e.length >= n ? e : undefined;
  });

describe('error tracking, end to end', () => {
  let app: App;
  beforeAll(async () => {
    app = await startFixture('errors-app.mjs');
  });
  afterAll(async () => {
    if (app) await stop(app);
  });

  it('groups one failure with different ids into one group with the right count; another failure is a second group', async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(`${app.url}/orders/${1000 + i * 37}`)).status).toBe(500);
    for (let i = 0; i < 3; i++) expect((await fetch(`${app.url}/stock`)).status).toBe(500);
    await eventsEventually(app, 'order % not found%', 5);
    await eventsEventually(app, 'Cannot read properties of undefined%', 3);

    const orders = groups(app, 'order % not found%');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ type: 'Error', count: 5, status: 'unresolved' });
    const stock = groups(app, 'Cannot read properties of undefined%');
    expect(stock).toHaveLength(1);
    expect(stock[0]).toMatchObject({ type: 'TypeError', count: 3 });
    expect(stock[0]!.fingerprint).not.toBe(orders[0]!.fingerprint);
    // Every event of a group belongs to it, with its own volatile parts kept in the event.
    const ev = events(app, 'order % not found%');
    expect(new Set(ev.map((e) => e.fingerprint))).toEqual(new Set([orders[0]!.fingerprint]));
    expect(new Set(ev.map((e) => e.message)).size).toBe(5);
  });

  it('concurrent requests with different users never mix users', async () => {
    // The keyed hash of a user id, from the installation's secret (HMAC-SHA256, issue 4).
    const key = Buffer.from(readFileSync(join(app.dataDir, 'redaction.key'), 'utf8').trim(), 'hex');
    const hmac = (v: string) => createHmac('sha256', key).update(v).digest('hex');
    const matches = (stored: string | null, uid: string) => {
      const hex = (stored ?? '').replace(/^[a-z]+:/, '');
      return hex.length >= 16 && hmac(uid).startsWith(hex);
    };

    const uids = Array.from({ length: 20 }, (_, i) => `acct-${i + 1}`);
    const statuses = await Promise.all(uids.map(async (uid) => (await fetch(`${app.url}/accounts/${uid}/bill`)).status));
    expect(statuses).toEqual(uids.map(() => 500));
    // Then requests without a user, on the same kept-alive connections.
    for (let i = 0; i < 10; i++) await fetch(`${app.url}/orders/${5000 + i}`);

    // captureException inside each request: the user is the request's own.
    const captured = await eventsEventually(app, 'quota exceeded', 20);
    const wrongCaptured = captured
      .map((e) => ({ uid: (JSON.parse(e.tags) as { uid: string }).uid, hash: e.user_hash }))
      .filter((e) => !matches(e.hash, e.uid));
    expect(wrongCaptured).toEqual([]);
    // The error thrown by the route (zero-code: the span's exception event): same user.
    const thrown = await eventsEventually(app, 'billing failed for account %', 20);
    const wrongThrown = thrown
      .map((e) => ({ uid: /account (acct-\d+)/.exec(e.message)?.[1] ?? '?', hash: e.user_hash }))
      .filter((e) => !matches(e.hash, e.uid));
    expect(wrongThrown).toEqual([]);
    // One group each, 20 distinct affected users.
    expect(groups(app, 'quota exceeded')).toMatchObject([{ count: 20, users: 20 }]);
    expect(groups(app, 'billing failed for account %')).toMatchObject([{ count: 20, users: 20 }]);
    // No user leaks into the requests that set none.
    const after = (await eventsEventually(app, 'order % not found%', 15)).slice(5);
    expect(after.map((e) => e.user_hash)).toEqual(after.map(() => null));
  });

  it('a group resolved with `vigil errors resolve` that recurs reopens as a regression', async () => {
    const [stock] = groups(app, 'Cannot read properties of undefined%');
    const r = await vigil(['errors', 'resolve', stock!.fingerprint, '--db', join(app.dataDir, 'monitoring.db'), '--json']);
    expect(r.code).toBe(0);
    expect(groups(app, 'Cannot read properties of undefined%')[0]!.status).toBe('resolved');
    await new Promise((res) => setTimeout(res, 20)); // the recurrence must come after the resolution
    expect((await fetch(`${app.url}/stock`)).status).toBe(500);
    const reopened = await eventually(() => {
      const [g] = query<Group & { regressed_ms: number | null }>(app.dataDir, 'SELECT *, regressed_ms FROM errors WHERE fingerprint = ?', stock!.fingerprint);
      return g && g.status === 'unresolved' ? g : undefined;
    });
    expect(reopened.count).toBe(stock!.count + 1);
    expect(reopened.regressed_ms).toEqual(expect.any(Number));
  });

  it('non-Error throws in a route and odd captureException values are captured sensibly', async () => {
    expect((await fetch(`${app.url}/throw/string`)).status).toBe(500);
    expect((await fetch(`${app.url}/throw/object`)).status).toBe(500);
    expect((await fetch(`${app.url}/capture/odd`)).status).toBe(200);

    const [str] = await eventsEventually(app, '%ledger offline%', 2);
    expect(str).toBeDefined();
    const all = events(app, '%ledger offline%');
    expect(all.map((e) => e.message)).toEqual(expect.arrayContaining(['ledger offline', expect.stringContaining('E_LEDGER')]));

    const nul = await eventsEventually(app, '%null%', 1);
    expect(nul[0]!.message).toMatch(/null/);
    const cyclic = await eventsEventually(app, '%keys: name, self%', 1);
    expect(cyclic[0]!.context ?? '').toContain('Circular');
    const long = await eventsEventually(app, 'xxxxxxxx%', 1);
    expect(long[0]!.message.length).toBeLessThan(20_000);
    expect(long[0]!.message).toMatch(/truncated/);
    const huge = await eventsEventually(app, 'huge context', 1);
    expect((huge[0]!.context ?? '').length).toBeLessThan(64 * 1024);
    expect(huge[0]!.context).toMatch(/truncated/);
    // The application kept serving.
    expect((await fetch(`${app.url}/orders/1`)).status).toBe(500);
  });
});
