import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlerting } from '../../src/alerting/index.js';
import type { Alerting } from '../../src/alerting/index.js';
import { eventually } from '../helpers/child.js';
import { ALERTMANAGER_BIN, startAlertmanager } from '../helpers/prometheus.js';
import type { AlertmanagerServer } from '../helpers/prometheus.js';

// Two processes of one service on one host share an alert in Alertmanager
// (same service and instance labels, one fingerprint). Each evaluates its own
// metrics, so one may resolve while the other still fires: the other's
// resend must bring the alert back, as Prometheus' resend does.

const present = existsSync(ALERTMANAGER_BIN);
if (!present) console.warn(`skipping the shared-alert e2e test: ${ALERTMANAGER_BIN} is not installed (apt-get install prometheus-alertmanager)`);

const RESEND_MS = 500;

describe.skipIf(!present)('one alert shared by two processes in a real Alertmanager', () => {
  let am: AlertmanagerServer;
  let workers: Alerting[] = [];

  beforeAll(async () => {
    am = await startAlertmanager('route:\n  receiver: ops\n  group_by: [alertname, service]\nreceivers:\n  - name: ops\n');
    workers = [1, 2].map(() =>
      createAlerting({
        timers: false,
        defaults: false,
        rules: [{ name: 'LlmDown', kind: 'health' }],
        routing: { groupWaitMs: 0, groupIntervalMs: 0 },
        externalLabels: { service: 'emr-api', instance: 'clinic-a:9464' },
        channels: [{ type: 'alertmanager', url: am.url, resend_ms: RESEND_MS, retry: { attempts: 3, baseMs: 100 } }],
      }),
    );
  });

  afterAll(async () => {
    for (const w of workers) await w.shutdown();
    am?.stop();
  });

  const active = async () => (await am.alerts()).filter((a) => a.labels['alertname'] === 'LlmDown' && a.status.state === 'active');
  const change = async (w: Alerting, from: string, to: string) => {
    w.onHealthChange('ollama', from, to);
    await w.flush();
  };

  it('stays one alert while both fire, comes back when one of them resolves, ends when both have', async () => {
    const [a, b] = workers as [Alerting, Alerting];
    await change(a, 'pass', 'fail');
    const first = await eventually(async () => (await active())[0], 10_000, 100);
    expect(first.labels).toMatchObject({ service: 'emr-api', instance: 'clinic-a:9464', check: 'ollama', status: 'fail' });
    await change(b, 'pass', 'fail');
    await new Promise((r) => setTimeout(r, 2 * RESEND_MS));
    expect((await active()).map((x) => x.fingerprint)).toEqual([first.fingerprint]);

    // Worker a's check recovers; b's has not: Alertmanager sees a resolution, then b's resend.
    await change(a, 'fail', 'pass');
    await new Promise((r) => setTimeout(r, 4 * RESEND_MS));
    const again = await eventually(async () => (await active())[0], 10_000, 100);
    expect(again.fingerprint).toBe(first.fingerprint);

    await change(b, 'fail', 'pass');
    await new Promise((r) => setTimeout(r, 4 * RESEND_MS));
    expect(await active()).toEqual([]);
  }, 60_000);
});
