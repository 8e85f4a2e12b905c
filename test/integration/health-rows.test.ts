import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { PROCESS_GONE_MS } from '../../src/store/queries/health.js';
import { vigil } from '../fixtures/cli/run.js';

interface Out {
  status: string;
  output?: string;
  services: Array<{ service: string; status: string; pids: number[]; output?: string }>;
  checks: Array<{ label: string; service: string; pid: number; status: string; availability: number }>;
}

/** A real monitoring.db: `api` runs two workers (4001 passes, 4002's disk fails, written first), `labs` one passing process. */
function fleetDb(now = Date.now()): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-health-rows-'));
  const store = openStore({ dataDir: dir, onProblem: (l) => { throw new Error(l); } });
  if (!store) throw new Error('openStore failed');
  const ins = store.db.prepare('INSERT INTO health_checks (time_ms, check_name, status, output, duration_ms, critical, service_name, pid) VALUES (?, ?, ?, ?, 1, 1, ?, ?)');
  // The failing worker's rows come first: newest-per-name (the old reading) saw only 4001's pass.
  ins.run(now - 20_000, 'disk', 'fail', 'disk 97% full', 'api', 4002);
  ins.run(now - 20_000, 'memory', 'pass', null, 'api', 4002);
  ins.run(now - 10_000, 'disk', 'pass', null, 'api', 4001);
  ins.run(now - 10_000, 'memory', 'pass', null, 'api', 4001);
  ins.run(now - 5_000, 'disk', 'pass', null, 'labs', 5001);
  // A worker of api that exited long before: its failure no longer counts.
  ins.run(now - PROCESS_GONE_MS - 60_000, 'disk', 'fail', 'gone', 'api', 3999);
  store.close();
  return join(dir, 'monitoring.db');
}

describe('vigil health over several services and processes', () => {
  it('fails the service whose one worker fails, naming the pid, and passes the other', async () => {
    const db = fleetDb();
    const r = await vigil(['health', '--db', db, '--json']);
    expect(r.code).toBe(1);
    const h = r.json<Out>();
    const by = Object.fromEntries(h.services.map((s) => [s.service, s]));
    expect(by['api']).toMatchObject({ status: 'fail', pids: [4001, 4002] });
    expect(by['api']!.output).toContain('disk (pid 4002): disk 97% full');
    expect(by['api']!.output).not.toContain('3999');
    expect(by['labs']).toMatchObject({ status: 'pass', pids: [5001] });
    expect(by['labs']!.output).toBeUndefined();
    expect(h.status).toBe('fail');
    expect(h.output).toContain('api/disk (pid 4002)');
    expect(h.checks.map((c) => c.label).sort()).toEqual(['api/disk (pid 4001)', 'api/disk (pid 4002)', 'api/memory (pid 4001)', 'api/memory (pid 4002)', 'labs/disk']);

    // Availability is each process's own: the failing worker's is not averaged with its sibling's.
    expect(Object.fromEntries(h.checks.map((c) => [c.label, c.availability]))).toMatchObject({ 'api/disk (pid 4001)': 100, 'api/disk (pid 4002)': 0 });

    const labs = await vigil(['health', '--db', db, '--json', '--service', 'labs']);
    expect(labs.code).toBe(0);
    expect(labs.json<Out>()).toMatchObject({ status: 'pass', services: [{ service: 'labs' }] });

    const text = await vigil(['health', '--db', db, '--service', 'api']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('disk (pid 4002)');
    expect(text.stdout).toContain('disk 97% full');
  });

  it('reads a file from before migration 9: rows without service or pid are one process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-health-rows-old-'));
    const path = join(dir, 'monitoring.db');
    const old = new DatabaseSync(path);
    const { migrate } = await import('../../src/store/migrations.js');
    migrate(old, 8);
    const now = Date.now();
    old.prepare("INSERT INTO health_checks (time_ms, check_name, status, output, duration_ms, critical) VALUES (?, 'disk', 'fail', 'full', 1, 1)").run(now - 2000);
    old.prepare("INSERT INTO health_checks (time_ms, check_name, status, output, duration_ms, critical) VALUES (?, 'memory', 'pass', NULL, 1, 1)").run(now - 1000);
    old.close();
    // `vigil health` opens the file read-only; a writer (the app) migrates it first.
    const store = openStore({ dataDir: dir, onProblem: (l) => { throw new Error(l); } });
    if (!store) throw new Error('openStore failed');
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM health_checks WHERE service_name IS NULL AND pid IS NULL').get()).toEqual({ n: 2 });
    store.close();
    const r = await vigil(['health', '--db', path, '--json']);
    const h = r.json<Out>();
    expect(h).toMatchObject({ status: 'fail', services: [{ service: null, pids: [] }] });
    expect(h.output).toBe('disk: full');
  });
});
