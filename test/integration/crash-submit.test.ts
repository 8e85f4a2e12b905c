import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCrashReport, insertCrashRow, submitPendingCrashReports, writeCrashFile } from '../../src/crash/index.js';
import { createRedactor, defaultRedactionRules } from '../../src/privacy/index.js';
import { crashFiles, runApp } from '../fixtures/crash/run.js';

interface Receiver {
  url: string;
  bodies: string[];
  server: Server;
}

/** A real HTTP receiver that answers the first `failures` requests with 503. */
async function receiver(failures = 0): Promise<Receiver> {
  const bodies: string[] = [];
  let seen = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen++;
      if (seen <= failures) {
        res.writeHead(503).end();
        return;
      }
      bodies.push(body);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/crashes`, bodies, server };
}

function storeWithTable(dataDir: string): DatabaseSync {
  const db = new DatabaseSync(join(dataDir, 'monitoring.db'));
  db.exec(`CREATE TABLE crash_reports (id TEXT PRIMARY KEY, time_ms INTEGER, type TEXT, message TEXT,
    stack TEXT, report TEXT, file TEXT, sent_ms INTEGER)`);
  return db;
}

describe('submission to CRASH_REPORT_URL', () => {
  let open: Server | undefined;
  afterEach(() => open?.close());

  it('retries, marks the report sent (file and row) and never sends it twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-submit-'));
    const db = storeWithTable(dataDir);
    const report = buildCrashReport(new Error('boom'), 'uncaughtException', { redactor: createRedactor(defaultRedactionRules('k')) });
    const file = writeCrashFile(report, dataDir);
    expect(insertCrashRow(db, report, file)).toBe(true);
    const rx = await receiver(2);
    open = rx.server;

    const result = await submitPendingCrashReports({ dataDir, url: rx.url, db, retryDelayMs: 10 });
    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(rx.bodies).toHaveLength(1);
    expect(JSON.parse(rx.bodies[0]).id).toBe(report.id);
    expect(existsSync(file)).toBe(false);
    const sentFile = file.replace(/\.json$/, '.sent.json');
    expect(existsSync(sentFile)).toBe(true);
    const row = db.prepare('SELECT sent_ms, file FROM crash_reports WHERE id = ?').get(report.id);
    expect(row?.sent_ms).toBeGreaterThan(0);
    expect(row?.file).toBe(sentFile);

    expect(await submitPendingCrashReports({ dataDir, url: rx.url, db, retryDelayMs: 10 })).toEqual({ sent: 0, failed: 0 });
    expect(rx.bodies).toHaveLength(1);
    db.close();
  });

  it('keeps the report pending when the receiver stays down, without rejecting', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-submit-'));
    const report = buildCrashReport('plain string thrown', 'uncaughtException', { redactor: createRedactor(defaultRedactionRules('k')) });
    writeCrashFile(report, dataDir);
    const rx = await receiver(100);
    open = rx.server;
    const result = await submitPendingCrashReports({ dataDir, url: rx.url, attempts: 2, retryDelayMs: 10 });
    expect(result).toEqual({ sent: 0, failed: 1 });
    expect(readdirSync(join(dataDir, 'crashes')).filter((n) => n.endsWith('.sent.json'))).toEqual([]);
  });

  it('a crashed child reports on its next start', async () => {
    const crashed = await runApp('throw');
    expect(crashed.code).toBe(1);
    const [file] = crashFiles(crashed.dataDir);
    const rx = await receiver(1);
    open = rx.server;

    const next = await runApp('idle', { CRASH_REPORT_URL: rx.url }, crashed.dataDir);
    expect(next.code).toBe(0);
    expect(rx.bodies).toHaveLength(1);
    const sent = JSON.parse(rx.bodies[0]);
    expect(sent.error.stack).toContain('loadPatientChart');
    expect(crashFiles(crashed.dataDir)).toEqual([file.replace(/\.json$/, '.sent.json')]);
    const db = new DatabaseSync(join(crashed.dataDir, 'monitoring.db'), { readOnly: true });
    const row = db.prepare('SELECT sent_ms FROM crash_reports WHERE id = ?').get(sent.id);
    db.close();
    expect(row?.sent_ms).toBeGreaterThan(0);
  });
});
