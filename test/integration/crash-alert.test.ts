// Regression (issue 10, defect 7): the default `Crash` rule could never fire,
// since nothing called the alert engine's crash hook; crashes paged nobody.
// A real application started with `node --import dist/src/register.js`
// crashes; a webhook channel on a loopback HTTP server must get exactly one
// Crash alert: during the bounded flush before exit, or, when the channel is
// down then, at the next start, and never again after that.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, freePort, tempDir } from '../helpers/child.js';
import { query, startFixture, stop } from '../fixtures/e2e/lib.js';

const CONFIG = join(import.meta.dirname, '../fixtures/crash/alerts.config.yaml');

interface Payload {
  alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }>;
}

/** A webhook receiver on a fixed loopback port, keeping the Crash alerts it is sent. */
async function receiver(port: number): Promise<{ crashes: Payload['alerts']; server: Server }> {
  const crashes: Payload['alerts'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      for (const a of (JSON.parse(body) as Payload).alerts) if (a.labels.alertname === 'Crash' && a.status === 'firing') crashes.push(a);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { crashes, server };
}

const crashApp = (dataDir: string, port: number, scenario: string) =>
  startFixture('crash-app.mjs', { SCENARIO: scenario, VIGIL_DATA_DIR: dataDir, VIGIL_CONFIG: CONFIG, WEBHOOK_URL: `http://127.0.0.1:${port}/hook` });

/** Crashes the application (an uncaught exception after a request) and waits for its exit. */
async function crash(dataDir: string, port: number): Promise<void> {
  const app = await crashApp(dataDir, port, 'throw');
  expect((await fetch(`${app.url}/encounters/close`)).status).toBe(200);
  expect((await app.child.exited).code).toBe(1);
}

/** Starts the application again (no crash this time), gives its start-up a moment, stops it. */
async function restart(dataDir: string, port: number, until?: () => boolean): Promise<void> {
  const app = await crashApp(dataDir, port, 'serve');
  if (until) await eventually(() => until() || undefined);
  else await new Promise((r) => setTimeout(r, 1500)); // a second delivery, if any, would come now
  await stop(app);
}

const alerted = (dataDir: string) => query<{ alerted_ms: number | null }>(dataDir, 'SELECT alerted_ms FROM crash_reports');

describe('crash alerts', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
  });

  it('a crash reaches the webhook before the process exits, once', async () => {
    const port = await freePort();
    const rx = await receiver(port);
    server = rx.server;
    const dataDir = tempDir('vigil-crash-alert-');
    await crash(dataDir, port);
    expect(rx.crashes).toHaveLength(1);
    expect(rx.crashes[0]!.annotations.message).toContain('encounter close failed');
    expect(alerted(dataDir)).toEqual([{ alerted_ms: expect.any(Number) }]);
    // The next start finds it delivered: no second alert.
    await restart(dataDir, port);
    expect(rx.crashes).toHaveLength(1);
  });

  it('a crash the channel could not take then is delivered at the next start, once', async () => {
    const port = await freePort();
    const dataDir = tempDir('vigil-crash-alert-');
    await crash(dataDir, port); // nothing listens on the port: the alert cannot get out
    // Not marked delivered: unsent, or still claimed by the process that died trying.
    expect(alerted(dataDir)[0]!.alerted_ms ?? -1).toBeLessThan(0);

    const rx = await receiver(port);
    server = rx.server;
    await restart(dataDir, port, () => rx.crashes.length >= 1);
    expect(rx.crashes).toHaveLength(1);
    expect(rx.crashes[0]!.annotations.message).toContain('encounter close failed');
    await eventually(() => alerted(dataDir)[0]?.alerted_ms ?? undefined);
    await restart(dataDir, port);
    expect(rx.crashes).toHaveLength(1);
  });
});
