import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { buildCrashReport, insertCrashRow, isPendingCrashFile, writeCrashFile } from '../../../src/crash/index.js';
import { createRedactor, defaultRedactionRules } from '../../../src/privacy/index.js';

const report = () => buildCrashReport(new Error('boom'), 'uncaughtException', { redactor: createRedactor(defaultRedactionRules('k')) });

describe('writing crash reports', () => {
  it('writes <time>-<id>.json whole, private, no temp file left', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-write-'));
    const r = report();
    const file = writeCrashFile(r, dataDir);
    expect(readdirSync(join(dataDir, 'crashes'))).toEqual([file.split('/').pop()]);
    expect(file.endsWith(`-${r.id}.json`)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(r)));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(isPendingCrashFile(file)).toBe(true);
    expect(isPendingCrashFile(file.replace(/\.json$/, '.sent.json'))).toBe(false);
  });

  it('inserts into crash_reports, and reports false instead of throwing without the table', () => {
    const db = new DatabaseSync(':memory:');
    const r = report();
    expect(insertCrashRow(db, r, '/x.json')).toBe(false);
    db.exec('CREATE TABLE crash_reports (id TEXT PRIMARY KEY, time_ms INTEGER, type TEXT, message TEXT, stack TEXT, report TEXT, file TEXT, sent_ms INTEGER)');
    expect(insertCrashRow(db, r, '/x.json')).toBe(true);
    const row = db.prepare('SELECT * FROM crash_reports').get();
    expect(row).toMatchObject({ id: r.id, type: 'Error', message: 'boom', file: '/x.json', sent_ms: null });
    expect(JSON.parse(String(row?.report)).id).toBe(r.id);
    expect(insertCrashRow(undefined, r, undefined)).toBe(false);
  });
});
