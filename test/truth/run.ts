// Starts the scripted workload under the preload, drives its HTTP routes
// from this (uninstrumented) process, and waits until every signal has
// reached the database.
import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ROOT, eventually, freePort, startApp, tempDir } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';
import { BOOM, DB_FAIL, CAPTURED, DONE_JOB, EMR_SEARCH, FAST, MESSAGES, MONITORED, PARTIAL_JOB, SERVICE, SITE, WAIT, total, values } from './plan.js';

export interface Workload {
  app: Child;
  appUrl: string;
  vigilUrl: string;
  dataDir: string;
  dbPath: string;
  /** A read-only look at monitoring.db (closed by the caller). */
  query<T = Record<string, unknown>>(sql: string, ...params: Array<string | number>): T[];
}

export const ERROR_EVENTS = BOOM.n + DB_FAIL.n + CAPTURED.n + MESSAGES.n + SITE.paths.length;

export async function runWorkload(env: Record<string, string> = {}): Promise<Workload> {
  const port = await freePort();
  const dataDir = tempDir('vigil-truth-');
  const app = startApp(resolve(ROOT, 'test/truth/workload.mjs'), {
    VIGIL_PORT: String(port),
    VIGIL_DATA_DIR: dataDir,
    OTEL_SERVICE_NAME: SERVICE,
    ...env,
  });
  const appUrl = `http://127.0.0.1:${(await app.waitFor(/WORKLOAD READY (\d+)/))[1]}`;
  const get = async (path: string) => void (await (await fetch(appUrl + path)).text());
  for (let i = 0; i < FAST.n; i++) await get(FAST.route);
  await Promise.all(values(WAIT.mix).map((ms) => get(`/wait/${ms}`)));
  for (let i = 0; i < BOOM.n; i++) await get(BOOM.route);
  for (let i = 0; i < DB_FAIL.n; i++) await get(DB_FAIL.route);
  await get('/run');
  await app.waitFor(/WORKLOAD DONE/, 60_000);
  const dbPath = resolve(dataDir, 'monitoring.db');
  const query = <T>(sql: string, ...params: Array<string | number>): T[] => {
    const db = new DatabaseSync(dbPath, { readOnly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  // Everything the plan produces, arrived through the batched writers (at least; equality is
  // asserted later). Best effort: a part that never arrives is a finding of the assertions, not a hang here.
  const httpSpans = FAST.n + total(WAIT.mix) + BOOM.n + DB_FAIL.n;
  const count = (sql: string, ...p: Array<string | number>) => query<{ n: number }>(sql, ...p)[0]!.n;
  await eventually(
    () =>
      count("SELECT COUNT(*) AS n FROM spans WHERE kind = 1 AND name LIKE 'GET %'") >= httpSpans &&
      count("SELECT COUNT(*) AS n FROM spans WHERE name IN ('truth.monitored', 'emr.patient.search')") >= total(MONITORED.mix) + total(EMR_SEARCH.mix) &&
      count('SELECT COUNT(*) AS n FROM error_events') >= ERROR_EVENTS &&
      count("SELECT COUNT(*) AS n FROM progress WHERE (job_id = ? AND processed >= ?) OR (job_id = ? AND state = 'completed')", PARTIAL_JOB.name, PARTIAL_JOB.processed, DONE_JOB.name) >= 2
        ? true
        : undefined,
    15_000,
    250,
  ).catch(() => undefined);
  // One more export interval, so a duplicate on its way would be there too.
  await new Promise((r) => setTimeout(r, 1200));
  return { app, appUrl, vigilUrl: `http://127.0.0.1:${port}`, dataDir, dbPath, query };
}
