import { afterEach, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, eventually, freePort, startApp } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';
import { rawGet as get } from '../helpers/raw-get.js';

// Nothing exposed: a rebound Host, a bind beyond loopback without a token,
// and the application's arguments on /metrics. Real child processes.
const APP = resolve(ROOT, 'test/fixtures/apps/express-app.mjs');
let child: Child | undefined;
afterEach(() => child?.kill('SIGKILL'));

describe('the telemetry server of a preloaded application', () => {
  it('refuses a forged Host with 403 on every route, answers localhost and VIGIL_ALLOWED_HOSTS', async () => {
    const port = await freePort();
    child = startApp(APP, { VIGIL_PORT: String(port), VIGIL_ALLOWED_HOSTS: 'monitor.clinic.lan' });
    await child.waitFor(/LISTENING (\d+)/);
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/livez`)).ok);
    for (const path of ['/api/export', '/api/alerts', '/metrics', '/health', '/monitoring', '/livez']) {
      const r = await get(port, path, `rebind.attacker.example:${port}`);
      expect(r.status, path).toBe(403);
    }
    expect((await get(port, '/api/export', `localhost:${port}`)).status).toBe(200);
    expect((await get(port, '/api/export', `monitor.clinic.lan:${port}`)).status).toBe(200);
    // Said once in the application's log, so a refused scraper is found.
    expect(child.stderr().split('\n').filter((l) => l.includes('rebind.attacker.example'))).toEqual([
      'vigil: the telemetry server refused a request for Host "rebind.attacker.example"; if it is yours, add it to VIGIL_ALLOWED_HOSTS',
    ]);
  });

  it('keeps VIGIL_HOST=0.0.0.0 on loopback without a token, with one loud line', async () => {
    const port = await freePort();
    child = startApp(APP, { VIGIL_PORT: String(port), VIGIL_HOST: '0.0.0.0' });
    await child.waitFor(/LISTENING (\d+)/);
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/livez`)).ok);
    const lines = child.stderr().split('\n').filter((l) => l.includes('VIGIL_HOST'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^vigil: VIGIL_HOST: WARNING: "0\.0\.0\.0" would expose/);
    // Bound to 127.0.0.1 only: another local address of the machine does not answer.
    const { networkInterfaces } = await import('node:os');
    const other = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    if (other) await expect(get(port, '/livez', `${other.address}:${port}`, other.address)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('leaves the application arguments out of the resource (target_info) by default', async () => {
    const port = await freePort();
    child = startApp(APP, { VIGIL_PORT: String(port) }, { args: ['--db-password', 'hunter2', 'MRN-4471'] });
    await child.waitFor(/LISTENING (\d+)/);
    const text = await eventually(async () => {
      const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return body.includes('target_info') ? body : undefined;
    });
    const info = text.split('\n').find((l) => l.startsWith('target_info{'))!;
    expect(info).toContain('process_command="');
    expect(info).toContain('express-app.mjs');
    expect(info).not.toContain('process_command_args');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('MRN-4471');
  });

  it('puts them back when VIGIL_CAPTURE_COMMAND_ARGS=true', async () => {
    const port = await freePort();
    child = startApp(APP, { VIGIL_PORT: String(port), VIGIL_CAPTURE_COMMAND_ARGS: 'true' }, { args: ['--verbose'] });
    await child.waitFor(/LISTENING (\d+)/);
    const text = await eventually(async () => {
      const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return body.includes('target_info') ? body : undefined;
    });
    expect(text).toMatch(/process_command_args=".*--verbose/);
  });
});
