import { resolve } from 'node:path';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ROOT, eventually, freePort, startApp, tempDir } from './child.js';
import type { Child } from './child.js';

const APP = resolve(ROOT, 'test/fixtures/traces/services.mjs');

export interface TwoServices {
  dataDir: string;
  /** The front service's URL: each request crosses into `records`. */
  url: string;
  stop(): Promise<void>;
}

/** `front` and `records`, two preloaded processes on one data dir. */
export async function startTwoServices(): Promise<TwoServices> {
  const dataDir = tempDir('vigil-traces-');
  const [recordsPort, frontPort] = [await freePort(), await freePort()];
  const common = { VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0', OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_BLRP_SCHEDULE_DELAY: '50' };
  const children: Child[] = [
    startApp(APP, { ...common, SERVICE: 'records', OTEL_SERVICE_NAME: 'records', PORT: String(recordsPort) }),
    startApp(APP, { ...common, SERVICE: 'front', OTEL_SERVICE_NAME: 'front', PORT: String(frontPort), RECORDS_PORT: String(recordsPort) }),
  ];
  await Promise.all(children.map((c) => c.waitFor(/LISTENING/, 30_000)));
  return {
    dataDir,
    url: `http://127.0.0.1:${frontPort}`,
    async stop() {
      for (const c of children) c.kill('SIGTERM');
      await Promise.all(children.map((c) => c.exited));
    },
  };
}

/** The traffic both trace tests use: `fast` quick requests, one slow (3 s), one failing, one with a hostile attribute. */
export async function sendTraffic(url: string, fast: number, xss: string): Promise<void> {
  for (let i = 0; i < fast; i++) await (await fetch(`${url}/patients?ms=1`)).text();
  await (await fetch(`${url}/slow?ms=3000`)).text();
  await (await fetch(`${url}/fail?ms=2`)).text();
  await (await fetch(`${url}/note?ms=1`, { headers: { 'x-note': xss } })).text();
}

/** Waits until the failure's error event is stored: shutdown flushes it too, but within a bound a loaded machine can pass. */
export async function errorEventStored(dataDir: string): Promise<void> {
  await eventually(() => {
    const db = new DatabaseSync(join(dataDir, 'monitoring.db'), { readOnly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM error_events').get() as { n: number }).n > 0 || undefined;
    } finally {
      db.close();
    }
  }, 30_000, 200);
}
