import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlerting } from '../../src/alerting/index.js';
import type { Alerting, WebhookPayload } from '../../src/alerting/index.js';
import { ALERTMANAGER_BIN, startAlertmanager } from '../helpers/prometheus.js';
import type { AlertmanagerServer } from '../helpers/prometheus.js';
import { receiver } from '../unit/alerting/receiver.js';

const present = existsSync(ALERTMANAGER_BIN);
if (!present) console.warn(`skipping the Alertmanager e2e test: ${ALERTMANAGER_BIN} is not installed (apt-get install prometheus-alertmanager)`);

describe.skipIf(!present)('a real Alertmanager receives Vigil\'s alerts and delivers them', () => {
  let am: AlertmanagerServer;
  let amUrl: string;
  let rx: Awaited<ReturnType<typeof receiver>>;
  let alerting: Alerting;

  beforeAll(async () => {
    rx = await receiver((_r, res) => void res.writeHead(200).end());
    am = await startAlertmanager(
      [
        'route:',
        '  receiver: vigil-test',
        "  group_by: ['alertname']",
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: vigil-test',
        '    webhook_configs:',
        `      - url: ${rx.url}/alertmanager`,
        '        send_resolved: true',
        '',
      ].join('\n'),
    );
    amUrl = am.url;
    alerting = createAlerting({
      timers: false,
      defaults: false,
      rules: [{ name: 'LlmDown', kind: 'health' }],
      routing: { groupWaitMs: 0, groupIntervalMs: 0 },
      externalURL: 'http://127.0.0.1:9464',
      channels: [{ type: 'alertmanager', name: 'am', url: amUrl, retry: { attempts: 3, baseMs: 100 } }],
    });
  });

  afterAll(async () => {
    await alerting?.shutdown();
    am?.stop();
    await rx?.close();
  });

  it('posts to /api/v2/alerts and Alertmanager routes it to its webhook receiver within group_wait', async () => {
    alerting.alert({ severity: 'CRITICAL', title: 'DatabaseDown', message: 'SELECT 1 failed 5 times', labels: { service: 'emr-clinic' } });
    const sentAt = Date.now();
    await alerting.flush();
    const api = (await (await fetch(`${amUrl}/api/v2/alerts`)).json()) as Array<{ labels: Record<string, string>; status: { state: string } }>;
    expect(api.map((a) => a.labels['alertname'])).toEqual(['DatabaseDown']);
    await rx.waitFor(1, 15_000);
    // group_wait is 1s; allow for Alertmanager's own scheduling on a busy machine.
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    const p = JSON.parse(rx.got[0]!.body) as WebhookPayload;
    expect(p.version).toBe('4');
    expect(p.status).toBe('firing');
    expect(p.receiver).toBe('vigil-test');
    expect(p.alerts[0]!.labels).toMatchObject({ alertname: 'DatabaseDown', severity: 'critical', service: 'emr-clinic' });
    expect(p.alerts[0]!.annotations).toMatchObject({ title: 'DatabaseDown', message: 'SELECT 1 failed 5 times' });
    expect(p.alerts[0]!.generatorURL).toContain('http://127.0.0.1:9464/monitoring');
  });

  it('delivers the resolution when the condition clears', async () => {
    alerting.onHealthChange('ollama', 'pass', 'fail');
    await alerting.flush();
    const firingAt = rx.got.length;
    await rx.waitFor(firingAt + 1, 15_000);
    const firing = JSON.parse(rx.got.at(-1)!.body) as WebhookPayload;
    expect(firing.alerts.map((a) => [a.labels['alertname'], a.status])).toEqual([['LlmDown', 'firing']]);
    alerting.onHealthChange('ollama', 'fail', 'pass');
    await alerting.flush();
    await rx.waitFor(firingAt + 2, 15_000);
    const resolved = JSON.parse(rx.got.at(-1)!.body) as WebhookPayload;
    expect(resolved.status).toBe('resolved');
    expect(resolved.alerts[0]!.labels).toMatchObject({ alertname: 'LlmDown', check: 'ollama' });
  });
});
