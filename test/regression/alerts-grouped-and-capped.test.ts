// Regression (issue 10, defect 9): 4,935 distinct errors made 4,936 firing
// NewErrorGroup alerts, one notification listing them all and a 1.8 MB
// /api/alerts. Alerts are capped per rule (the rest counted), a notification
// lists at most 50 with `truncatedAlerts`, and /api/alerts is paged.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { createAlerting } from '../../src/alerting/index.js';
import type { Notification } from '../../src/alerting/index.js';
import { webhookPayload } from '../../src/alerting/index.js';
import { tempDb } from '../unit/alerting/helpers.js';

describe('a storm of new error groups', () => {
  const store = tempDb();
  afterAll(() => store.close());

  it('is capped per rule, sent as one truncated notification, and /api/alerts stays small', async () => {
    const sent: Notification[] = [];
    const alerting = createAlerting({
      timers: false,
      db: () => store.db,
      routing: { groupWaitMs: 0 },
      channels: [{ type: 'custom', name: 'app', handler: (n: Notification) => void sent.push(n) }],
    });
    for (let i = 0; i < 4935; i++) alerting.onErrorGroup('new', { fingerprint: `fp${i}`, type: 'TypeError', message: `undefined field ${i}` });
    await alerting.flush();

    const firing = alerting.active().filter((a) => a.rule === 'NewErrorGroup');
    expect(firing).toHaveLength(100);
    const rows = store.db.prepare("SELECT COUNT(*) AS n FROM alerts WHERE event = 'firing'").get() as { n: number };
    expect(rows.n).toBe(100);

    const mine = sent.filter((n) => n.groupLabels['alertname'] === 'NewErrorGroup');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.alerts).toHaveLength(50);
    expect(mine[0]!.truncatedAlerts).toBe(50);
    expect(webhookPayload(mine[0]!).truncatedAlerts).toBe(50);

    const app = express().use(await alerting.router());
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const text = await (await fetch(`${base}/api/alerts?limit=20&offset=10`)).text();
      const body = JSON.parse(text) as { active: unknown[]; activeTotal: number; truncated: Record<string, number>; byRule: Array<{ rule: string; count: number }> };
      expect(body.active).toHaveLength(20);
      expect(body.activeTotal).toBe(100);
      // The rest of the storm: counted, not listed (4,935 − 100 held).
      expect(body.truncated['NewErrorGroup']).toBe(4835);
      expect(body.byRule).toContainEqual({ rule: 'NewErrorGroup', count: 100 });
      expect(text.length).toBeLessThan(64 * 1024);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await alerting.shutdown();
    }
  }, 30_000);
});
