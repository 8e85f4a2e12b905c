// Regression (issue 10, defect 13): `start({ channels: [{ type: 'custom', handler }] })`
// never called the handler, and the API had no entry of its own for one.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startApp } from '../helpers/child.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/alerting');
const env = { VIGIL_CONFIG: resolve(FIXTURES, 'fast-routing.yaml') };

describe('custom alert handlers', () => {
  it('start({ channels: [{ type: "custom", handler }] }) calls the handler with the notification', async () => {
    const app = startApp(resolve(FIXTURES, 'custom-handler.mjs'), { ...env, MODE: 'start' }, { preload: false });
    const m = await app.waitFor(/GOT channel (.*Lab link lost.*)/);
    expect(JSON.parse(m[1]!)).toMatchObject({ status: 'firing', alerts: [{ alertname: 'Lab link lost', site: 'north', severity: 'critical' }] });
    await app.waitFor(/DONE/);
    expect((await app.exited).code).toBe(0);
  });

  it('alerts.onAlert(handler) under the preload gets the same notification', async () => {
    const app = startApp(resolve(FIXTURES, 'custom-handler.mjs'), { ...env, MODE: 'preload' });
    const m = await app.waitFor(/GOT onAlert (.*Lab link lost.*)/);
    expect(JSON.parse(m[1]!)).toMatchObject({ status: 'firing', alerts: [{ alertname: 'Lab link lost', site: 'north' }] });
    await app.waitFor(/DONE/);
    app.kill();
  });
});
