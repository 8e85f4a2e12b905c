// Regression (issue 10, defect 4): one failure surfacing through two
// instrumentations (the node:sqlite span and the Express request) was stored
// as two error events. A real Express + node:sqlite child started with
// `node --import`, read from monitoring.db.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { eventually, ROOT, startApp, tempDir } from '../helpers/child.js';
import { query, startFixture, stop } from '../fixtures/e2e/lib.js';
import type { App } from '../fixtures/e2e/lib.js';

interface Event {
  fingerprint: string;
  message: string;
  context: string | null;
}

const events = (app: App, like: string) => query<Event>(app.dataDir, 'SELECT fingerprint, message, context FROM error_events WHERE message LIKE ? ORDER BY time_ms', like);

describe('one failure, one error event', () => {
  let app: App;
  beforeAll(async () => {
    app = await startFixture('../errors/sqlite-express.mjs');
  });
  afterAll(async () => {
    if (app) await stop(app);
  });

  it('an SQLite failure inside an Express request is one event per failed request, with the database context', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${app.url}/missing/${i}`)).status).toBe(500);
    for (let i = 0; i < 2; i++) expect((await fetch(`${app.url}/visits/duplicate`, { method: 'POST' })).status).toBe(500);
    expect((await fetch(`${app.url}/captured`)).status).toBe(500);
    expect((await fetch(`${app.url}/retries`)).status).toBe(500);
    await eventually(() => events(app, '%UNIQUE%').length >= 5 || undefined);
    await new Promise((r) => setTimeout(r, 1500)); // duplicates, if any, would arrive in the next batches

    const missing = events(app, 'no such table: appointments');
    // 3 requests + the one the application captured itself and rethrew: one event each, and each
    // the database span's (the innermost, most specific record of the failure).
    expect(missing).toHaveLength(4);
    for (const e of missing) expect(JSON.parse(e.context ?? '{}')).toMatchObject({ span: { name: 'SELECT appointments', attributes: { 'db.system.name': 'sqlite' } } });
    // 2 requests + 3 retries (each try failed on its own; the last one also failed the request).
    expect(events(app, '%UNIQUE%')).toHaveLength(5);
  });

  it('a monitored task that fails unawaited is one event, not one for its span and one for the unhandled rejection', async () => {
    for (const ward of ['A', 'B', 'A']) expect((await fetch(`${app.url}/unawaited/${ward}`)).status).toBe(202);
    await eventually(() => events(app, 'reconcile failed%').length >= 3 || undefined);
    await new Promise((r) => setTimeout(r, 1500)); // duplicates, if any, would arrive in the next batches
    const found = events(app, 'reconcile failed%');
    expect(found).toHaveLength(3);
    for (const e of found) expect(JSON.parse(e.context ?? '{}')).toMatchObject({ span: { name: 'ward.reconcile' } });
  });
});

describe('an error that escapes its ended span and ends the process', () => {
  it('is one error event, at level fatal, with its span context, and one crash report', async () => {
    const dataDir = tempDir();
    const app = startApp(resolve(ROOT, 'test/fixtures/errors/uncaught-after-span.mjs'), { VIGIL_DATA_DIR: dataDir });
    expect((await app.exited).code).toBe(1);
    const found = query<Event & { level: string }>(dataDir, "SELECT fingerprint, message, context, level FROM error_events WHERE message = 'export failed'");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ level: 'fatal' });
    expect(JSON.parse(found[0]!.context ?? '{}')).toMatchObject({ span: { name: 'nightly.export' } });
    expect(query(dataDir, 'SELECT id FROM crash_reports')).toHaveLength(1);
  }, 30_000);
});
