import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlerting } from '../../src/alerting/index.js';
import type { Alerting } from '../../src/alerting/index.js';
import { rows, tempDb } from '../unit/alerting/helpers.js';
import { receiver } from '../unit/alerting/receiver.js';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('a channel that is down', () => {
  let alerting: Alerting | undefined;
  let rx: Awaited<ReturnType<typeof receiver>> | undefined;
  const store = tempDb();
  const logged: string[] = [];
  diag.setLogger(
    { error: (m) => logged.push(m), warn: (m) => logged.push(m), info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.WARN,
  );
  afterEach(async () => {
    await alerting?.shutdown();
    await rx?.close();
  });

  it('is retried, the failure lands in alerts with its reason, nothing is thrown, and no secret is logged', async () => {
    rx = await receiver((_r, res) => void res.writeHead(503, { 'retry-after': '0' }).end());
    const deadPort = await closedPort();
    const secretPath = '/services/T0/B0/very-secret-token';
    alerting = createAlerting({
      timers: false,
      defaults: false,
      db: () => store.db,
      routing: { groupWaitMs: 0 },
      channels: [
        { type: 'webhook', name: 'flaky', url: `${rx.url}${secretPath}`, secret: 'whsec_c2VjcmV0', retry: { attempts: 3, baseMs: 5 } },
        { type: 'slack', name: 'gone', url: `http://127.0.0.1:${deadPort}${secretPath}`, retry: { attempts: 2, baseMs: 5 } },
      ],
    });
    expect(() => alerting!.alert({ severity: 'ERROR', title: 'Lab sync failing' })).not.toThrow();
    await expect(alerting.flush()).resolves.toBeUndefined();
    expect(rx.got).toHaveLength(3);
    const failed = rows(store.db, 'failed');
    expect(failed.map((r) => [r.channel, r.reason])).toEqual(
      expect.arrayContaining([
        ['flaky', 'HTTP 503 (after 3 attempts)'],
        ['gone', 'connection failed (ECONNREFUSED) (after 2 attempts)'],
      ]),
    );
    const everything = JSON.stringify(store.db.prepare('SELECT * FROM alerts').all()) + logged.join('\n');
    expect(everything).not.toContain('very-secret-token');
    expect(everything).not.toContain('c2VjcmV0');
    expect(logged.some((l) => l.includes('channel flaky failed'))).toBe(true);
  });

  it('honours Retry-After before trying again', async () => {
    let calls = 0;
    rx = await receiver((_r, res) => void (++calls === 1 ? res.writeHead(429, { 'retry-after': '1' }).end() : res.writeHead(200).end()));
    alerting = createAlerting({
      timers: false,
      defaults: false,
      db: () => store.db,
      routing: { groupWaitMs: 0 },
      channels: [{ type: 'webhook', name: 'throttled', url: `${rx.url}/hook`, retry: { attempts: 3, baseMs: 1 } }],
    });
    alerting.alert({ severity: 'INFO', title: 'Nightly report' });
    const started = Date.now();
    await alerting.flush();
    expect(rx.got).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(rows(store.db, 'notified').map((r) => r.channel)).toContain('throttled');
  });
});
