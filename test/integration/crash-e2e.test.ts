// Crash reporting end to end (issue 4): uncaught exceptions and unhandled
// rejections in a real application started with
// `node --import dist/src/register.js`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crashFiles, query, startFixture, stop } from '../fixtures/e2e/lib.js';

interface Crumb {
  category?: string;
  message?: string;
}

const rejectionWarnings = (stderr: string) => stderr.split('\n').filter((l) => /unhandled promise rejection/i.test(l));

describe('crash reporter, end to end', () => {
  it('an uncaught exception after a request: exit 1, report with the function and the request, spans flushed', async () => {
    // A long batch delay: the request's span reaches the database only if the crash path flushes.
    const app = await startFixture('crash-app.mjs', { SCENARIO: 'throw', OTEL_BSP_SCHEDULE_DELAY: '30000' });
    expect((await fetch(`${app.url}/patients`)).status).toBe(200);
    expect((await fetch(`${app.url}/encounters/close`)).status).toBe(200);
    const { code } = await app.child.exited;
    expect(code).toBe(1);

    const files = crashFiles(app.dataDir);
    expect(files).toHaveLength(1);
    const report = JSON.parse(readFileSync(files[0]!, 'utf8')) as { error: { message: string; stack: string }; breadcrumbs: Crumb[] };
    expect(report.error.message).toContain('encounter close failed');
    expect(report.error.stack).toContain('closeEncounter');
    const requests = report.breadcrumbs.filter((c) => c.category === 'http');
    expect(requests.at(-1)?.message).toBe('GET /encounters/close');
    expect(query(app.dataDir, 'SELECT id FROM crash_reports')).toHaveLength(1);
    // Captured at level fatal as an error event too.
    expect(query(app.dataDir, "SELECT level FROM error_events WHERE message LIKE 'encounter close failed%'")).toEqual([{ level: 'fatal' }]);
    // The spans of both requests were flushed before the exit (the crash feature's flush calls runtime().flush).
    const spans = query<{ name: string }>(app.dataDir, 'SELECT name FROM spans WHERE kind = 1 ORDER BY start_ms');
    expect(spans.map((s) => s.name)).toEqual(['GET /patients', 'GET /encounters/close']);
  });

  it('with an application uncaughtException handler the process is not killed', async () => {
    const app = await startFixture('crash-app.mjs', { SCENARIO: 'app-handler' });
    expect((await fetch(`${app.url}/encounters/close`)).status).toBe(200);
    await app.child.waitFor(/APP HANDLED encounter close failed/);
    // Still serving afterwards, and still reported.
    expect((await fetch(`${app.url}/patients`)).status).toBe(200);
    expect(app.child.proc.exitCode).toBeNull();
    expect(crashFiles(app.dataDir)).toHaveLength(1);
    await stop(app);
  });

  it('VIGIL_UNHANDLED_REJECTIONS=warn: the process keeps running with one warning', async () => {
    const app = await startFixture('crash-app.mjs', { SCENARIO: 'reject', VIGIL_UNHANDLED_REJECTIONS: 'warn' });
    expect((await fetch(`${app.url}/lab/reject`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${app.url}/patients`)).status).toBe(200);
    expect(app.child.proc.exitCode).toBeNull();
    expect(rejectionWarnings(app.child.stderr())).toHaveLength(1);
    const stopped = await stop(app);
    expect(stopped.code).not.toBe(1);
    expect(query(app.dataDir, "SELECT level FROM error_events WHERE message = 'lab feed rejected the order'")).toEqual([{ level: 'error' }]);
  });

  it('VIGIL_UNHANDLED_REJECTIONS=strict: the process exits with code 1 and a crash report', async () => {
    const app = await startFixture('crash-app.mjs', { SCENARIO: 'reject', VIGIL_UNHANDLED_REJECTIONS: 'strict' });
    await fetch(`${app.url}/lab/reject`).catch(() => undefined);
    const { code } = await app.child.exited;
    expect(code).toBe(1);
    expect(crashFiles(app.dataDir)).toHaveLength(1);
  });
});
