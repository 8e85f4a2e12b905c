// Defect 15: what the dashboard knows is reachable from the application
// itself, and start()'s handle works with `await using`.
import { expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, startApp } from '../helpers/child.js';

it('gives the app its health status, summary and report, and disposes with await using', async () => {
  const app = startApp(resolve(ROOT, 'test/fixtures/apps/read-api.mjs'), {}, { preload: false });
  const m = await app.waitFor(/RESULT (.*)/, 30_000);
  const r = JSON.parse(m[1]!) as {
    status: { status: string; score: number | null; checks: Array<{ name: string; status: string; output: string | null }> };
    requests: number;
    summaryHealth: string;
    report: string;
    badWindow?: unknown;
    afterDispose: boolean;
  };
  expect(r.status.status).toBe('fail');
  expect(r.status.checks.find((c) => c.name === 'inventory')).toMatchObject({ status: 'fail', output: 'inventory service down' });
  expect(r.requests).toBe(5);
  expect(r.summaryHealth).toBe('fail');
  expect(r.report).toMatch(/^REQUESTS {2}5 /m);
  expect(r.report).toMatch(/FAIL +inventory/);
  expect(r.badWindow).toBeUndefined();
  expect(r.afterDispose).toBe(true);
  expect((await app.exited).code).toBe(0);
});
