import { resolve } from 'node:path';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, eventually, freePort, startApp, tempDir } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';
import { vigil } from '../fixtures/cli/run.js';

const CLUSTER_APP = resolve(ROOT, 'test/fixtures/cluster/health-app.mjs');
const SERVICES_APP = resolve(ROOT, 'test/fixtures/traces/services.mjs');
let running: Child[] = [];
afterEach(async () => {
  for (const c of running) {
    c.proc.kill('SIGCONT');
    c.kill('SIGTERM');
  }
  await Promise.all(running.map((c) => c.exited));
  running = [];
});

interface HealthBody {
  status: string;
  output?: string;
  score?: number;
  checks?: Record<string, Array<{ status: string; pid?: number; output?: string }>>;
}

async function healthOf(port: number): Promise<{ code: number; body: HealthBody }> {
  const r = await fetch(`http://127.0.0.1:${port}/health?verbose`);
  return { code: r.status, body: (await r.json()) as HealthBody };
}

describe('/health of a node:cluster service', () => {
  it('fails when a check fails in one worker, names that worker, shows a worker that stops answering, recovers when it is replaced', async () => {
    const [appPort, vigilPort] = [await freePort(), await freePort()];
    const dataDir = tempDir();
    const child = startApp(CLUSTER_APP, { WORKERS: '2', APP_PORT: String(appPort), VIGIL_PORT: String(vigilPort), VIGIL_DATA_DIR: dataDir });
    running.push(child);
    const failing = Number((await child.waitFor(/FAILING (\d+)/, 60_000))[1]);
    const passing = Number((await child.waitFor(/PASSING (\d+)/, 60_000))[1]);
    await child.waitFor(/READY/, 60_000);

    // Served by the process holding the port (the primary), which runs no `inventory` check itself.
    const failed = await eventually(async () => {
      const h = await healthOf(vigilPort);
      return h.body.checks?.['inventory:status']?.length === 2 ? h : undefined;
    }, 30_000, 250);
    expect(failed.code).toBe(503);
    expect(failed.body.status).toBe('fail');
    expect(failed.body.output).toContain(`inventory (pid ${failing}): inventory store unreachable`);
    expect(failed.body.output).not.toContain(`inventory (pid ${passing})`);
    expect(failed.body.score).toBeLessThanOrEqual(50);
    const byPid = new Map(failed.body.checks!['inventory:status']!.map((e) => [e.pid, e.status]));
    expect(byPid).toEqual(new Map([[failing, 'fail'], [passing, 'pass']]));

    // The dashboard reads through the same process: the same status, the failing worker named.
    const summary = (await (await fetch(`http://127.0.0.1:${vigilPort}/api/summary?window=1h`)).json()) as { health: { status: string; score: number; checks: Array<{ name: string; status: string }> } };
    expect(summary.health.status).toBe('fail');
    expect(summary.health.score).toBe(failed.body.score);
    expect(summary.health.checks).toContainEqual(expect.objectContaining({ name: `inventory (pid ${failing})`, status: 'fail' }));

    // The stored rows, read offline as `vigil health` reads them, say the same: one row per process, the failing one named.
    const offline = await eventually(async () => {
      const r = await vigil(['health', '--db', join(dataDir, 'monitoring.db'), '--json']);
      const h = r.json<{ status: string; output?: string; services: Array<{ pids: number[] }> }>();
      return h.services[0]?.pids.includes(passing) && h.services[0].pids.includes(failing) ? { code: r.code, h } : undefined;
    }, 30_000, 500);
    expect(offline.code).toBe(1);
    expect(offline.h.status).toBe('fail');
    expect(offline.h.output).toContain(`inventory (pid ${failing}): inventory store unreachable`);
    expect(offline.h.output).not.toContain(`inventory (pid ${passing})`);

    // A worker that stops answering (stopped, not dead) is a warning of its own; its last results stay.
    process.kill(passing, 'SIGSTOP');
    try {
      const silent = await healthOf(vigilPort);
      expect(silent.body.output).toContain(`process (pid ${passing}): did not answer in time`);
      expect(silent.body.checks?.['inventory:status']?.map((e) => e.pid).sort()).toEqual([failing, passing].sort());
    } finally {
      process.kill(passing, 'SIGCONT');
    }

    // The failing worker dies; its replacement passes: the service is healthy again, the dead pid gone from the report.
    process.kill(failing, 'SIGKILL');
    await child.waitFor(/RESPAWNED/, 60_000);
    const healed = await eventually(async () => {
      const h = await healthOf(vigilPort);
      return h.code === 200 && h.body.checks?.['inventory:status']?.length === 2 ? h : undefined;
    }, 30_000, 250);
    expect(healed.body.status).not.toBe('fail');
    expect(healed.body.checks!['inventory:status']!.map((e) => e.pid)).not.toContain(failing);
    expect(healed.body.output ?? '').not.toContain('did not answer');
  }, 120_000);
});

interface ServiceRow {
  name: string;
  count: number;
  errors: number;
  p50: number | null;
  health: { status: string; score: number | null };
}

describe('two services on one data dir', () => {
  it('vigil report (text and --json) and /api/summary show them side by side with their own counts and health', async () => {
    const dataDir = tempDir('vigil-services-');
    const [recordsPort, frontPort, recordsVigil, frontVigil] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const common = { VIGIL_DATA_DIR: dataDir, OTEL_BSP_SCHEDULE_DELAY: '50' };
    running.push(
      startApp(SERVICES_APP, { ...common, SERVICE: 'records', OTEL_SERVICE_NAME: 'records', PORT: String(recordsPort), VIGIL_PORT: String(recordsVigil) }),
      startApp(SERVICES_APP, { ...common, SERVICE: 'front', OTEL_SERVICE_NAME: 'front', PORT: String(frontPort), RECORDS_PORT: String(recordsPort), VIGIL_PORT: String(frontVigil) }),
    );
    await Promise.all(running.map((c) => c.waitFor(/LISTENING/, 30_000)));

    // front: 10 requests, 1 failed (each crosses into records); records: those 10 plus 3 of its own.
    for (let i = 0; i < 9; i++) await (await fetch(`http://127.0.0.1:${frontPort}/patients?ms=1`)).text();
    await (await fetch(`http://127.0.0.1:${frontPort}/fail?ms=1`)).text();
    for (let i = 0; i < 3; i++) await (await fetch(`http://127.0.0.1:${recordsPort}/patients?ms=1`)).text();
    await eventually(() => {
      const db = new DatabaseSync(join(dataDir, 'monitoring.db'), { readOnly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM spans WHERE kind = 1').get() as { n: number }).n === 23 || undefined;
      } finally {
        db.close();
      }
    }, 30_000, 200);
    // Each service's health rows are in (history flushes every 5 s).
    const db = join(dataDir, 'monitoring.db');
    const report = await eventually(async () => {
      const r = await vigil(['report', '--window', '1h', '--db', db, '--json']);
      const s = r.json<{ services: ServiceRow[] }>();
      return s.services.length === 2 && s.services.every((x) => x.health.status !== 'unknown') ? s : undefined;
    }, 30_000, 500);
    expect(report.services.map((s) => [s.name, s.count, s.errors])).toEqual([
      ['front', 10, 1],
      ['records', 13, 1],
    ]);
    for (const s of report.services) {
      expect(s.p50).toBeGreaterThan(0);
      expect(s.health.score).toBeGreaterThan(0);
    }

    const text = (await vigil(['report', '--window', '1h', '--db', db])).stdout;
    const section = text.slice(text.indexOf('SERVICES'));
    expect(section).toMatch(/^\s+front\s+10\s+1\s/m);
    expect(section).toMatch(/^\s+records\s+13\s+1\s/m);

    // Either service's dashboard shows both.
    for (const port of [frontVigil, recordsVigil]) {
      const api = (await (await fetch(`http://127.0.0.1:${port}/api/summary?window=1h`)).json()) as { services: ServiceRow[] };
      expect(api.services.map((s) => [s.name, s.count, s.errors])).toEqual([
        ['front', 10, 1],
        ['records', 13, 1],
      ]);
    }
  }, 120_000);
});
