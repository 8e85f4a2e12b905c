// Regression (issue 10, defect 6): /health said warn while `vigil health`,
// `vigil report` and the offline dashboard said fail for the same data (they
// did not know which checks are critical, and took a recorded score gauge as
// the score); /health said pass while SQLite storage was off.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, freePort, tempDir } from '../helpers/child.js';
import { get, startFixture, stop } from '../fixtures/e2e/lib.js';
import { vigil } from '../fixtures/cli/run.js';

interface Body {
  status: string;
  score?: number;
  output?: string;
  checks?: Record<string, Array<{ componentId?: string; status: string }>>;
}

async function configWithDownCheck(critical: boolean): Promise<string> {
  const down = `http://127.0.0.1:${await freePort()}/status`;
  const file = join(tempDir('vigil-one-status-'), 'vigil.config.yaml');
  writeFileSync(file, ['health:', '  checks:', '    - type: http', '      name: lab-gateway', `      url: ${down}`, '      interval: 1s', '      timeout: 500ms', `      critical: ${critical}`, ''].join('\n'));
  return file;
}

/** /health, then stop the app (history flushes on the way out), then the CLI and the offline summary on its file. */
async function everySurface(critical: boolean) {
  const app = await startFixture('health-app.mjs', { VIGIL_CONFIG: await configWithDownCheck(critical) });
  let live: Body;
  try {
    live = await eventually(async () => {
      const b = JSON.parse((await get(`${app.vigil}/health?verbose`)).text) as Body;
      return JSON.stringify(b.checks ?? {}).includes('"fail"') ? b : undefined;
    }, 15_000);
  } finally {
    await stop(app);
  }
  const db = join(app.dataDir, 'monitoring.db');
  const health = await vigil(['health', '--db', db, '--json']);
  const report = await vigil(['report', '--db', db, '--json']);
  return { live, health, report };
}

describe('one health status and score on every surface', () => {
  it('a non-critical check down: warn everywhere, with the same score, and `vigil health` exits 0', async () => {
    const { live, health, report } = await everySurface(false);
    expect(live.status).toBe('warn');
    expect(live.output).toMatch(/lab-gateway/);
    const h = health.json<{ status: string; score: number; output: string }>();
    const r = report.json<{ health: { status: string; score: number } }>();
    expect(h.status).toBe('warn');
    expect(r.health.status).toBe('warn');
    expect(h.score).toBe(live.score);
    expect(r.health.score).toBe(live.score);
    // Never a "healthy" score beside a warning.
    expect(live.score).toBeLessThan(90);
    expect(health.code).toBe(0);
  });

  it('a critical check down: fail everywhere, score at most 50, and `vigil health` exits 1', async () => {
    const { live, health, report } = await everySurface(true);
    expect(live.status).toBe('fail');
    const h = health.json<{ status: string; score: number }>();
    expect(h.status).toBe('fail');
    expect(report.json<{ health: { status: string; score: number } }>().health).toMatchObject({ status: 'fail', score: live.score });
    expect(h.score).toBe(live.score);
    expect(live.score).toBeLessThanOrEqual(50);
    expect(health.code).toBe(1);
    const text = await vigil(['health', '--db', join(tempDir(), 'none.db')]);
    expect(text.code).toBe(1); // a missing file: explained failure, still 1
  });

  it('SQLite storage off: /health is at least warn and says why', async () => {
    const dataDir = join(tempDir('vigil-store-off-'), 'a-file');
    writeFileSync(dataDir, 'not a directory');
    const app = await startFixture('health-app.mjs', { VIGIL_DATA_DIR: dataDir });
    try {
      const b = await eventually(async () => {
        const body = JSON.parse((await get(`${app.vigil}/health?verbose`)).text) as Body;
        return body.output?.includes('store') ? body : undefined;
      });
      expect(b.status).not.toBe('pass');
      expect(b.output).toMatch(/store: the monitoring store is not open/);
    } finally {
      await stop(app);
    }
  });
});
