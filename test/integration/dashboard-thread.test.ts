// The in-process dashboard reads on its own thread and read-only connection:
// the application's writer connection and event loop are not used for it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, eventually, freePort, startApp } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';

let app: Child;
let appUrl: string;
let vigil: string;

beforeAll(async () => {
  const port = await freePort();
  app = startApp(resolve(ROOT, 'test/fixtures/apps/express-app.mjs'), { VIGIL_PORT: String(port) });
  appUrl = `http://127.0.0.1:${(await app.waitFor(/LISTENING (\d+)/))[1]}`;
  vigil = `http://127.0.0.1:${port}`;
});
afterAll(() => app?.kill('SIGKILL'));

it('answers /api/summary from the read thread with what the app did', async () => {
  for (let i = 0; i < 7; i++) expect((await fetch(`${appUrl}/patients/${i}`)).status).toBe(200);
  const meta = (await (await fetch(`${vigil}/api/meta`)).json()) as { readThread: boolean };
  expect(meta.readThread).toBe(true);
  const summary = await eventually(async () => {
    const s = (await (await fetch(`${vigil}/api/summary?window=1h`)).json()) as { requests: { count: number }; operations: Array<{ name: string; count: number }> };
    return s.requests.count >= 7 ? s : undefined;
  });
  expect(summary.requests.count).toBe(7);
  expect(summary.operations.find((o) => o.name === 'GET /patients/:id')?.count).toBe(7);
  // The thread answers the other reads too, and a bad window is still refused on the main thread.
  expect((await fetch(`${vigil}/api/errors?window=1h`)).status).toBe(200);
  expect((await fetch(`${vigil}/api/summary?window=2h`)).status).toBe(400);
  expect((await fetch(`${vigil}/api/errors/nope`)).status).toBe(404);
});
