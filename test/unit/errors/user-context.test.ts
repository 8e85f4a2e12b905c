import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorTracker } from '../../../src/errors/index.js';
import type { ErrorTracker } from '../../../src/errors/index.js';
import { events, groups, tempDb } from './helpers.js';
import type { TempDb } from './helpers.js';

describe('user context', () => {
  let t: TempDb;
  let tr: ErrorTracker;
  let seen: Map<string, string | undefined>;
  beforeEach(() => {
    t = tempDb();
    seen = new Map();
    tr = createErrorTracker({
      db: () => t.db,
      beforeSend: (e) => {
        seen.set(String(e.tags.request), e.user?.id === undefined ? undefined : String(e.user.id));
        return e;
      },
    });
  });
  afterEach(() => t.close());

  // A request: sets its user, then interleaves with the others across timers and awaits.
  async function request(n: number): Promise<void> {
    await sleep(Math.random() * 5);
    tr.setUser({ id: `user-${n}` });
    await sleep(Math.random() * 10);
    await Promise.resolve();
    await new Promise<void>((resolve) => setTimeout(() => {
      tr.captureException(new Error('lookup failed'), { tags: { request: n } });
      resolve();
    }, Math.random() * 10));
    await sleep(1);
    expect(tr.getUser()?.id).toBe(`user-${n}`);
  }

  it('never mixes users of concurrent requests', async () => {
    // Each request in its own async context, as an HTTP server gives them.
    await Promise.all(Array.from({ length: 50 }, (_, n) => tr.withUser(null, () => request(n))));
    await tr.flush();
    expect(seen.size).toBe(50);
    for (const [n, user] of seen) expect(user).toBe(`user-${n}`);
    expect(groups(t.db)[0]).toMatchObject({ count: 50, users: 50 });
  });

  it('isolates users set without withUser in separate timer callbacks', async () => {
    const done: Promise<void>[] = [];
    for (let n = 0; n < 20; n++) {
      done.push(new Promise<void>((resolve, reject) => setTimeout(() => {
        request(100 + n).then(resolve, reject);
      }, 0)));
    }
    await Promise.all(done);
    await tr.flush();
    for (const [n, user] of seen) expect(user).toBe(`user-${n}`);
  });

  it('withUser scopes the user to the function and its async work', async () => {
    await tr.withUser({ id: 'nurse-1' }, async () => {
      await sleep(1);
      tr.captureException(new Error('in scope'), { tags: { request: 'in' } });
    });
    tr.captureException(new Error('out of scope'), { tags: { request: 'out' } });
    await tr.flush();
    expect(seen.get('in')).toBe('nurse-1');
    expect(seen.get('out')).toBeUndefined();
  });

  it('stores only a hash of the user', async () => {
    // Built at run time so the source lines stored as context don't contain them.
    const id = ['patient', 'mrn', '1234'].join('-');
    const email = ['jane', 'example.org'].join('@');
    tr.withUser({ id, email }, () => tr.captureException(new Error('x'), { tags: { request: 1 } }));
    await tr.flush();
    const [e] = events(t.db);
    expect(e.user_hash).toMatch(/^[0-9a-f]{32}$/);
    const all = JSON.stringify(events(t.db)) + JSON.stringify(groups(t.db));
    expect(all).not.toContain(id);
    expect(all).not.toContain(email);
  });
});
