import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { ROOT, eventually, freePort, startApp } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';

// DNS rebinding, as an attacker runs it: a page loaded from their own name,
// which then resolves to 127.0.0.1, reads the telemetry server "same origin".
// Chromium's resolver rule stands in for the attacker's DNS server.
let child: Child;
let browser: Browser;
let port: number;

beforeAll(async () => {
  port = await freePort();
  child = startApp(resolve(ROOT, 'test/fixtures/apps/express-app.mjs'), { VIGIL_PORT: String(port) });
  await child.waitFor(/LISTENING (\d+)/);
  await eventually(async () => (await fetch(`http://127.0.0.1:${port}/livez`)).ok);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--host-resolver-rules=MAP rebind.test 127.0.0.1'],
  });
});

afterAll(async () => {
  await browser?.close();
  child?.kill('SIGKILL');
});

describe('a page on a rebound host name', () => {
  it('cannot read /api/export, /metrics or create a silence', async () => {
    const page = await browser.newPage();
    const nav = await page.goto(`http://rebind.test:${port}/`);
    expect(nav?.status()).toBe(403);
    // The attacker's script, running in the origin http://rebind.test:<port>.
    const results = await page.evaluate(async () => {
      const out: Record<string, { status: number; body: string }> = {};
      for (const path of ['/api/export', '/metrics', '/api/alerts']) {
        const r = await fetch(path);
        out[path] = { status: r.status, body: (await r.text()).slice(0, 200) };
      }
      const s = await fetch('/api/silences', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ matchers: [{ name: 'alertname', value: '.*', isRegex: true, isEqual: true }], duration: '24h' }) });
      out['POST /api/silences'] = { status: s.status, body: (await s.text()).slice(0, 200) };
      return out;
    });
    for (const [path, r] of Object.entries(results)) {
      expect(r.status, path).toBe(403);
      expect(r.body, path).toContain('VIGIL_ALLOWED_HOSTS');
    }
    const silences = (await (await fetch(`http://127.0.0.1:${port}/api/silences`)).json()) as unknown[];
    expect(silences).toEqual([]);
  });

  it('the same page on localhost is answered (the refusal is about the name)', async () => {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${port}/livez`);
    const status = await page.evaluate(async () => (await fetch('/api/export')).status);
    expect(status).toBe(200);
  });
});
