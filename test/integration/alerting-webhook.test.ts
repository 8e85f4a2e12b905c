import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlerting, verifySignature } from '../../src/alerting/index.js';
import type { Alerting, WebhookPayload } from '../../src/alerting/index.js';
import { receiver } from '../unit/alerting/receiver.js';
import type { Received } from '../unit/alerting/receiver.js';

const key = Buffer.from('a very secret signing key for vigil');
const secret = `whsec_${key.toString('base64')}`;

/** The receiver's own check, written from the Standard Webhooks spec rather than with Vigil's helper. */
function validSignature(r: Received): boolean {
  const id = String(r.headers['webhook-id']);
  const ts = String(r.headers['webhook-timestamp']);
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${r.body}`).digest('base64');
  return String(r.headers['webhook-signature'])
    .split(' ')
    .some((s) => s === `v1,${expected}`);
}

describe('generic webhook channel', () => {
  let alerting: Alerting | undefined;
  let rx: Awaited<ReturnType<typeof receiver>> | undefined;
  afterEach(async () => {
    await alerting?.shutdown();
    await rx?.close();
  });

  it('delivers an Alertmanager v4 payload that a receiver verifies, and a tampered body is rejected', async () => {
    rx = await receiver((r, res) => void res.writeHead(validSignature(r) ? 204 : 401).end());
    alerting = createAlerting({
      timers: false,
      defaults: false,
      routing: { groupWaitMs: 0 },
      externalURL: 'http://127.0.0.1:9464',
      channels: [{ type: 'webhook', name: 'ops-hook', url: `${rx.url}/hook`, secret }],
    });
    alerting.alert({ severity: 'ERROR', title: 'Backup missing', message: 'no backup since Monday', labels: { job: 'backup' } });
    await alerting.flush();
    await rx.waitFor(1);
    const r = rx.got[0]!;
    expect(r.headers['webhook-id']).toMatch(/^msg_/);
    expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(validSignature(r)).toBe(true);
    expect(verifySignature(secret, r.headers as Record<string, string>, r.body)).toBe(true);
    const p = JSON.parse(r.body) as WebhookPayload;
    expect(p).toMatchObject({ version: '4', status: 'firing', receiver: 'ops-hook', truncatedAlerts: 0, groupLabels: { alertname: 'Backup missing' } });
    expect(p.alerts[0]).toMatchObject({
      status: 'firing',
      labels: { alertname: 'Backup missing', job: 'backup', severity: 'error' },
      annotations: { title: 'Backup missing', message: 'no backup since Monday' },
      endsAt: '0001-01-01T00:00:00Z',
    });
    expect(p.alerts[0]!.generatorURL).toContain('http://127.0.0.1:9464/monitoring');

    // Replay the same headers with one byte changed: the receiver must refuse it.
    const tampered = r.body.replace('Monday', 'Sunday');
    const res = await fetch(`${rx.url}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) },
      body: tampered,
    });
    expect(res.status).toBe(401);
    expect(verifySignature(secret, r.headers as Record<string, string>, tampered)).toBe(false);
  });
});
