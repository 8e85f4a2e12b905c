import { existsSync, readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { crashFiles, runApp } from '../fixtures/crash/run.js';

const PHI = ['Johanna', 'Quackenbush', '20481632', '123-45-6789', '867-5309', 'johanna.q@example.org'];

const read = (dataDir: string, name: string) => (existsSync(join(dataDir, name)) ? readFileSync(join(dataDir, name), 'utf8') : '');

describe('crash reporter in a child process', () => {
  it('on an uncaught exception: report file and row, fatal capture, flush, exit 1', async () => {
    const { code, stderr, dataDir } = await runApp('throw');
    expect(code).toBe(1);
    expect(stderr).toContain('loadPatientChart');
    expect(read(dataDir, 'captured')).toMatch(/^fatal chart lookup failed/);
    expect(read(dataDir, 'flushed')).not.toBe('');

    const files = crashFiles(dataDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f-]{36}\.json$/);
    const text = readFileSync(join(dataDir, 'crashes', files[0]), 'utf8');
    const report = JSON.parse(text);
    expect(report.error.type).toBe('Error');
    expect(report.error.stack).toContain('loadPatientChart');
    expect(report.origin).toBe('uncaughtException');
    expect(report.process.memory.rss).toBeGreaterThan(0);
    expect(report.process.cpu.user).toBeGreaterThan(0);
    expect(report.process.node).toBe(process.version);
    expect(report.os.platform).toBe(process.platform);
    expect(report.resource['service.name']).toBe('emr-clinic');
    expect(report.breadcrumbs).toHaveLength(2);
    expect(report.breadcrumbs[0].message).toBe('GET /patients/[MRN]?name=[REDACTED]');
    expect(report.breadcrumbs[1].data.patient.name).toMatch(/^hmac:/);

    // Anonymised and redacted: no PHI, no home directory, user or host name.
    for (const secret of [...PHI, process.env.HOME ?? '/nonexistent']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(new RegExp(`\\b${hostname()}\\b`));
    const user = userInfo().username;
    if (user.length >= 2) expect(text).not.toMatch(new RegExp(`\\b${user}\\b`));
    for (const secret of PHI) expect(stderr).not.toContain(secret);

    const db = new DatabaseSync(join(dataDir, 'monitoring.db'), { readOnly: true });
    const rows = db.prepare('SELECT id, type, message, stack, report, file, sent_ms FROM crash_reports').all();
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(report.id);
    expect(rows[0].file).toBe(join(dataDir, 'crashes', files[0]));
    expect(rows[0].sent_ms).toBeNull();
    expect(String(rows[0].stack)).toContain('loadPatientChart');
    for (const secret of PHI) expect(JSON.stringify(rows[0])).not.toContain(secret);
  });

  it('an application uncaughtException handler keeps control: the process is not killed', async () => {
    const { code, dataDir } = await runApp('app-handler');
    expect(code).toBe(0);
    expect(read(dataDir, 'app-handled')).toContain('chart lookup failed');
    expect(read(dataDir, 'alive')).not.toBe('');
    // Still reported.
    expect(crashFiles(dataDir)).toHaveLength(1);
    expect(read(dataDir, 'flushed')).toBe('');
  });

  it('a second error during the flush exits at once', async () => {
    // A flush that never ends and a 60 s bound: only the second error can end the process early.
    const started = Date.now();
    const { code, stderr, dataDir } = await runApp('second-error', { FLUSH_TIMEOUT_MS: '60000' });
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(stderr).toContain('second uncaught error while flushing');
    expect(crashFiles(dataDir)).toHaveLength(1);
  });
});

describe('unhandled rejections', () => {
  it('warn: captured at level error, one warning line, the process continues', async () => {
    const { code, stderr, dataDir } = await runApp('reject', { MODE: 'warn' });
    expect(code).toBe(0);
    expect(read(dataDir, 'alive')).not.toBe('');
    expect(read(dataDir, 'captured')).toMatch(/^error rejected for/);
    const warnings = stderr.split('\n').filter((l) => l.includes('unhandled promise rejection'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('rejected for [MRN]');
    expect(crashFiles(dataDir)).toHaveLength(0);
  });

  it('strict: reported as a crash and exit 1', async () => {
    const { code, dataDir } = await runApp('reject', { MODE: 'strict' });
    expect(code).toBe(1);
    expect(read(dataDir, 'alive')).toBe('');
    expect(read(dataDir, 'captured')).toMatch(/^fatal rejected for/);
    const [file] = crashFiles(dataDir);
    const report = JSON.parse(readFileSync(join(dataDir, 'crashes', file), 'utf8'));
    expect(report.origin).toBe('unhandledRejection');
    expect(report.error.message).toBe('rejected for [MRN]');
  });

  it("none: Vigil adds no rejection listener, so Node's default applies (raised as uncaught, then reported)", async () => {
    const { code, dataDir } = await runApp('reject', { MODE: 'none' });
    expect(code).toBe(1);
    expect(read(dataDir, 'alive')).toBe('');
    const [file] = crashFiles(dataDir);
    const report = JSON.parse(readFileSync(join(dataDir, 'crashes', file), 'utf8'));
    expect(report.origin).toBe('unhandledRejection');
  });
});
