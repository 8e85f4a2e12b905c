// Regression (issue 10, defect 9): alerts of a process that had exited stayed
// "firing" forever in the CLI and the dashboard. A firing row now carries an
// expiry the live process keeps pushing forward (Alertmanager's endsAt); past
// it, readers show the alert as stale, not firing.
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { activeAlerts } from '../../src/cli/read/alerts.js';
import { buildSummary } from '../../src/dashboard/index.js';
import { createAlerting } from '../../src/alerting/index.js';
import { alertTtlMs } from '../../src/alerting/engine.js';
import { eventually, startApp, tempDir } from '../helpers/child.js';
import { vigil } from '../fixtures/cli/run.js';
import { clock, tempDb } from '../unit/alerting/helpers.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/alerting');

describe('firing alerts expire unless their process refreshes them', () => {
  it('a killed process: firing until its expiry, then stale in the CLI and the dashboard', async () => {
    const dataDir = tempDir('vigil-exited-');
    const app = startApp(resolve(FIXTURES, 'fire-and-stay.mjs'), { VIGIL_DATA_DIR: dataDir, VIGIL_CONFIG: resolve(FIXTURES, 'fast-routing.yaml') });
    await app.waitFor(/FIRED/);
    const path = join(dataDir, 'monitoring.db');
    const row = await eventually(() => {
      const db = new DatabaseSync(path, { readOnly: true });
      try {
        return db.prepare("SELECT time_ms, expires_ms FROM alerts WHERE event = 'firing' AND title = 'Lab link lost'").get() as { time_ms: number; expires_ms: number } | undefined;
      } finally {
        db.close();
      }
    });
    app.kill('SIGKILL');
    await app.exited;
    expect(row.expires_ms - row.time_ms).toBe(alertTtlMs(15_000));

    // Within its expiry it is still firing (the process may just be slow)...
    const now = await vigil(['alerts', '--active', '--json', '--db', path]);
    expect(now.json<{ activeTotal: number }>().activeTotal).toBe(1);
    // ...past it, nobody vouches for it any more: stale, not firing, on every reader.
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      const later = activeAlerts(db, row.expires_ms + 1);
      expect(later).toMatchObject({ total: 0, stale: 1, alerts: [] });
      const summary = buildSummary(db, { window: '1h', now: row.expires_ms + 1 });
      expect(summary.alerts.active).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('a live process pushes the expiry forward at each evaluation', async () => {
    const store = tempDb();
    const c = clock();
    const alerting = createAlerting({ timers: false, defaults: false, db: () => store.db, now: c.now, routing: { groupWaitMs: 0 } });
    try {
      alerting.alert({ severity: 'ERROR', title: 'Queue stuck' });
      const ttl = alertTtlMs(15_000);
      const expiry = () => Number((store.db.prepare("SELECT expires_ms FROM alerts WHERE event = 'firing'").get() as { expires_ms: number }).expires_ms);
      expect(expiry()).toBe(c.now() + ttl);
      c.advance(ttl - 1000);
      await alerting.evaluate();
      expect(expiry()).toBe(c.now() + ttl);
      expect(activeAlerts(store.db, c.now() + ttl - 1).total).toBe(1);
    } finally {
      await alerting.shutdown();
      store.close();
    }
  });
});
