import { afterEach, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, eventually, freePort, startApp } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';

const APPS = resolve(ROOT, 'test/fixtures/apps');
let child: Child | undefined;
afterEach(() => child?.kill('SIGKILL'));

describe.each([
  ['ESM', 'express-app.mjs'],
  ['CommonJS', 'express-app.cjs'],
])('node --import @vigil/otel/register with an %s application', (_kind, file) => {
  it('exposes http.server.request.duration with the Express route on /metrics', async () => {
    const vigilPort = await freePort();
    child = startApp(resolve(APPS, file), { VIGIL_PORT: String(vigilPort) });
    const [, port] = await child.waitFor(/LISTENING (\d+)/);
    for (const id of [1, 2, 3]) expect((await fetch(`http://127.0.0.1:${port}/patients/${id}`)).status).toBe(200);
    const text = await eventually(async () => {
      const body = await (await fetch(`http://127.0.0.1:${vigilPort}/metrics`)).text();
      return body.includes('http_server_request_duration_seconds_count') ? body : undefined;
    });
    const line = text.split('\n').find((l) => l.startsWith('http_server_request_duration_seconds_count') && l.includes('http_route="/patients/:id"'));
    expect(line, text).toBeDefined();
    expect(line).toMatch(/ 3$/);
    expect(line).toContain('http_response_status_code="200"');
    // Never the raw path with the id as a label.
    expect(text).not.toContain('/patients/1');
  });
});

describe('the telemetry server', () => {
  it('answers /livez and /readyz and is not traced itself', async () => {
    const vigilPort = await freePort();
    child = startApp(resolve(APPS, 'express-app.mjs'), { VIGIL_PORT: String(vigilPort) });
    await child.waitFor(/LISTENING (\d+)/);
    expect((await fetch(`http://127.0.0.1:${vigilPort}/livez`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${vigilPort}/readyz`)).status).toBe(200);
    const text = await (await fetch(`http://127.0.0.1:${vigilPort}/metrics`)).text();
    expect(text).not.toContain('http_route="/metrics"');
    expect(text).not.toMatch(/http_server_request_duration_seconds_count\{[^}]*url_path/);
  });
});
