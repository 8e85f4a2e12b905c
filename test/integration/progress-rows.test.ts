// Regression (issue 10, defect 5): progress rows were throttled with no
// trailing write, so the table, the dashboard and the report said 100/1000
// while the job was at 400, and kept saying it after shutdown; the rate of a
// first tiny interval showed as "494071.1/s · ETA 0s". A real child started
// with `node --import`, read through /api/progress and the `progress` table.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, startApp, tempDir } from '../helpers/child.js';
import { E2E, query, startFixture, stop } from '../fixtures/e2e/lib.js';

interface Row {
  job_id: string;
  state: string;
  processed: number;
  failed: number;
  rate: number;
  eta_s: number | null;
}
interface Job {
  jobId: string;
  state: string;
  processed: number;
  etaSeconds: number | null;
}

const rows = (dataDir: string) =>
  Object.fromEntries(query<Row>(dataDir, 'SELECT job_id, state, processed, failed, rate, eta_s FROM progress').map((r) => [r.job_id, r]));

describe('progress rows tell the exact counts', () => {
  it('while running, through /api/progress, and after shutdown', async () => {
    const app = await startFixture('../progress/jobs.mjs');
    try {
      // The trailing write brings the left-behind job's row from 100 to 400 (within the 1 s throttle).
      const running = await eventually(() => (rows(app.dataDir)['import-left']?.processed === 400 ? rows(app.dataDir) : undefined), 10_000);
      expect(running['import-left']).toMatchObject({ state: 'running', processed: 400 });
      // 400 items in at least the one second the throttle waited: never hundreds of thousands a second.
      expect(running['import-left']!.rate).toBeLessThanOrEqual(400);
      expect(running['import-stopped']).toMatchObject({ state: 'stopped', processed: 250, failed: 1, eta_s: null });
      expect(running['import-done']).toMatchObject({ state: 'completed', processed: 1000, eta_s: 0 });

      const api = (await (await fetch(`${app.vigil}/api/progress`)).json()) as { jobs: Job[] };
      const byId = Object.fromEntries(api.jobs.map((j) => [j.jobId, j]));
      expect(byId['import-left']).toMatchObject({ state: 'running', processed: 400 });
      expect(byId['import-stopped']).toMatchObject({ state: 'stopped', processed: 250, etaSeconds: null });
      expect(byId['import-done']).toMatchObject({ state: 'completed', processed: 1000, etaSeconds: 0 });
    } finally {
      await stop(app);
    }
    // Shut down with a job part-way: its row keeps the exact count, and says it is not running.
    const after = rows(app.dataDir);
    expect(after['import-left']).toMatchObject({ state: 'stopped', processed: 400, eta_s: null });
    expect(after['import-stopped']).toMatchObject({ state: 'stopped', processed: 250 });
    expect(after['import-done']).toMatchObject({ state: 'completed', processed: 1000 });
  });

  it('a process that calls process.exit() mid-job leaves exact rows too', async () => {
    const dataDir = tempDir('vigil-progress-exit-');
    const app = startApp(join(E2E, '../progress/jobs.mjs'), { VIGIL_DATA_DIR: dataDir, EXIT_AT_ONCE: '1' });
    expect((await app.exited).code).toBe(0);
    const after = rows(dataDir);
    expect(after['import-left']).toMatchObject({ state: 'stopped', processed: 400, eta_s: null });
    expect(after['import-done']).toMatchObject({ state: 'completed', processed: 1000 });
  });
});
