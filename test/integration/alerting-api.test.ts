import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlerting } from '../../src/alerting/index.js';
import type { Alerting, Silence } from '../../src/alerting/index.js';
import { tempDb } from '../unit/alerting/helpers.js';

describe('alerting HTTP API', () => {
  const store = tempDb();
  let alerting: Alerting;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    alerting = createAlerting({ timers: false, defaults: false, db: () => store.db, routing: { groupWaitMs: 0 } });
    const app = express();
    app.use(await alerting.router());
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await alerting.shutdown();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    store.close();
  });

  it('creates, lists and expires silences', async () => {
    const created = await fetch(`${base}/api/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ matchers: ['alertname="Disk"'], duration: '2h', createdBy: 'maria', comment: 'new disk Tuesday' }),
    });
    expect(created.status).toBe(201);
    const s = (await created.json()) as Silence;
    expect(s.matchers).toEqual([{ name: 'alertname', value: 'Disk', isRegex: false, isEqual: true }]);
    const listed = (await (await fetch(`${base}/api/silences`)).json()) as Silence[];
    expect(listed.map((x) => x.id)).toEqual([s.id]);
    expect(store.db.prepare('SELECT created_by FROM silences WHERE id = ?').get(s.id)).toEqual({ created_by: 'maria' });
    expect((await fetch(`${base}/api/silences/${s.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${base}/api/silences/${s.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await (await fetch(`${base}/api/silences`)).json()).toEqual([]);
  });

  it('refuses a bad silence with the reason', async () => {
    const res = await fetch(`${base}/api/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ matchers: ['alertname=~"("'], duration: '1h' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/regular expression/);
  });

  it('lists active alerts and the recent rows', async () => {
    alerting.alert({ severity: 'ERROR', title: 'Queue stuck' });
    const body = (await (await fetch(`${base}/api/alerts`)).json()) as { active: Array<{ rule: string; labels: Record<string, string> }>; recent: Array<{ event: string }> };
    expect(body.active.map((a) => a.labels['alertname'])).toEqual(['Queue stuck']);
    expect(body.recent.map((r) => r.event)).toEqual(['firing']);
  });
});
