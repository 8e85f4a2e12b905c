// Alerting end to end (issue 5): a config file (VIGIL_CONFIG) with a rule on
// new error groups and a signed webhook; failing requests in a real
// application → one verified notification per group, rows in `alerts`, and a
// silence created through POST /api/silences suppresses the next one.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/child.js';
import { E2E, query, scanDb, startFixture, stop } from '../fixtures/e2e/lib.js';
import type { App } from '../fixtures/e2e/lib.js';

const KEY = Buffer.from('clinic ops webhook signing key, e2e');
const SECRET = `whsec_${KEY.toString('base64')}`;

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  valid: boolean;
}

/** Standard Webhooks verification, written from the spec: v1,base64(HMAC-SHA256(key, id.timestamp.body)). */
function verify(headers: IncomingHttpHeaders, body: string): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const ts = String(headers['webhook-timestamp'] ?? '');
  if (!id || !/^\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const expected = createHmac('sha256', KEY).update(`${id}.${ts}.${body}`).digest('base64');
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .includes(`v1,${expected}`);
}

async function webhookReceiver(): Promise<{ url: string; got: Delivery[]; server: Server }> {
  const got: Delivery[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const valid = verify(req.headers, body);
      got.push({ headers: req.headers, body, valid });
      res.writeHead(valid ? 204 : 401).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, got, server };
}

interface AlertRow {
  event: string;
  rule: string;
  channel: string | null;
  reason: string;
  labels: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('alerting, end to end', () => {
  let app: App | undefined;
  let rx: Awaited<ReturnType<typeof webhookReceiver>> | undefined;
  afterAll(async () => {
    if (app) await stop(app);
    await new Promise((r) => rx?.server.close(r));
  });

  it('failing requests → one signed notification for the group; a silence from POST /api/silences suppresses the next', async () => {
    rx = await webhookReceiver();
    app = await startFixture('errors-app.mjs', {
      VIGIL_CONFIG: join(E2E, 'alerts.config.yaml'),
      WEBHOOK_URL: rx.url,
      WEBHOOK_SECRET: SECRET,
    });
    expect(app.child.stderr()).not.toMatch(/alerts\.config\.yaml/); // the config is accepted as written

    // The same failure five times: one error group, one notification.
    for (let i = 0; i < 5; i++) expect((await fetch(`${app.url}/orders/${700 + i}`)).status).toBe(500);
    await eventually(() => (rx!.got.length >= 1 ? true : undefined), 10_000);
    await sleep(3500); // past group_wait and group_interval: nothing more may come
    expect(rx.got).toHaveLength(1);
    const first = rx.got[0]!;
    expect(first.valid).toBe(true);
    const payload = JSON.parse(first.body) as { version: string; status: string; alerts: { status: string; labels: Record<string, string> }[] };
    expect(payload).toMatchObject({ version: '4', status: 'firing' });
    expect(payload.alerts).toHaveLength(1);
    expect(payload.alerts[0]!.labels).toMatchObject({ alertname: 'NewError', error_type: 'Error' });
    const fired = payload.alerts[0]!.labels.error_group;
    expect(fired).toEqual(expect.any(String));

    const rows = query<AlertRow>(app.dataDir, 'SELECT event, rule, channel, reason, labels FROM alerts ORDER BY id');
    expect(rows.filter((r) => r.event === 'firing')).toHaveLength(1);
    expect(rows.filter((r) => r.event === 'notified').map((r) => r.channel)).toEqual(['ops-hook']);

    // A silence through the API, then a new failure: suppressed, recorded, not delivered.
    const res = await fetch(`${app.vigil}/api/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ matchers: [{ name: 'alertname', value: 'NewError' }], duration: '1h', comment: 'maintenance window' }),
    });
    expect(res.status).toBe(201);
    const silence = (await res.json()) as { id: string };
    expect((await fetch(`${app.url}/stock`)).status).toBe(500);
    const suppressed = await eventually(() => {
      const r = query<AlertRow>(app!.dataDir, "SELECT event, rule, channel, reason, labels FROM alerts WHERE event = 'suppressed' AND labels LIKE '%TypeError%'");
      return r.length > 0 ? r : undefined;
    }, 10_000);
    expect(suppressed[0]!.reason).toContain(silence.id);
    expect(JSON.parse(suppressed[0]!.labels)).toMatchObject({ alertname: 'NewError', error_type: 'TypeError' });
    // The new group did fire: the silence, not a missing rule, kept it from the channel.
    expect(query(app.dataDir, "SELECT id FROM alerts WHERE event = 'firing' AND labels LIKE '%TypeError%'")).toHaveLength(1);
    await sleep(2500); // group_wait of the new group has passed
    expect(rx.got).toHaveLength(1);
    // Secrets never reach the database.
    expect(scanDb(app.dataDir, [KEY.toString('base64')]).hits).toEqual([]);
  });
});
