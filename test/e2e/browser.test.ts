import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { ROOT, eventually } from '../helpers/child.js';
import { startDemo } from '../helpers/demo.js';
import type { Demo } from '../helpers/demo.js';

const TOKEN = 'e2e-dashboard-token';
const XSS = 'report failed <img src=x onerror="window.__xss=1">';
let demo: Demo;
let browser: Browser;
let base: string;
let dataDir: string;
const consoleErrors: string[] = [];

/** An error group whose message is HTML, written beside the demo's own (the demo has no route echoing input). */
function insertHostileError(): void {
  const db = new DatabaseSync(resolve(dataDir, 'monitoring.db'));
  db.exec('PRAGMA busy_timeout = 5000');
  const now = Date.now();
  db.prepare(
    `INSERT OR REPLACE INTO errors (fingerprint, type, message, culprit, level, status, count, users, first_seen_ms, last_seen_ms, last_event_id)
     VALUES ('e2e-xss', 'Error', ?, '<b>culprit</b>', 'error', 'unresolved', 1, 0, ?, ?, 'e2e-xss-1')`,
  ).run(XSS, now, now);
  db.prepare(
    `INSERT OR REPLACE INTO error_events (id, fingerprint, time_ms, type, message, level, tags, context, breadcrumbs, stack)
     VALUES ('e2e-xss-1', 'e2e-xss', ?, 'Error', ?, 'error', '{}', ?, ?, ?)`,
  ).run(now, XSS, JSON.stringify({ note: XSS }), JSON.stringify([{ timestampMs: now, category: 'http', message: XSS }]), JSON.stringify({ raw: XSS, frames: [{ function: '<script>', file: 'x.js', line: 1, inApp: true, contextLine: XSS }], causes: [] }));
  db.close();
}

beforeAll(async () => {
  demo = await startDemo({ VIGIL_DASHBOARD_TOKEN: TOKEN });
  dataDir = demo.dataDir;
  base = demo.vigilUrl;
  // Load with failures (/reports/broken), LLM calls and a batch import job.
  demo.load(10);
  // Wait until the demo's own data has reached the database through its batched writers.
  let missing = 'no answer yet';
  try {
    await eventually(async () => {
      const res = await fetch(`${base}/api/summary?window=1h`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      if (!res.ok) {
        missing = `/api/summary answered ${res.status} (is the dashboard router mounted on the telemetry server?)`;
        return undefined;
      }
      const s = (await res.json()) as { requests: { count: number }; errors: { groups: unknown[] }; jobs: unknown[] };
      const lacks = [s.requests.count > 0 ? '' : 'requests', s.errors.groups.length > 0 ? '' : 'error groups', s.jobs.length > 0 ? '' : 'batch jobs (progress)'].filter(Boolean);
      missing = `the demo's data lacks: ${lacks.join(', ')}`;
      return lacks.length === 0 ? s : undefined;
    }, 60_000, 500);
  } catch {
    throw new Error(`the demo's dashboard never had its data: ${missing}`);
  }
  insertHostileError();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  demo?.stop();
});

async function openDashboard(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  const res = await page.goto(`${base}/monitoring?token=${TOKEN}&window=1h`);
  expect(res?.status()).toBe(200);
  await page.locator('#errors tbody tr').first().waitFor();
  return page;
}

describe('the dashboard of a demo that has seen load and a failure', () => {
  it('refuses the page and the API without the token', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${base}/monitoring`);
    expect(res?.status()).toBe(401);
    expect(await page.locator('#score').count()).toBe(0);
    await page.close();
    expect((await fetch(`${base}/api/summary`)).status).toBe(401);
  });

  it('shows the health score, an error group, charts and a progress bar, with no console errors', async () => {
    const page = await openDashboard();
    await expect.poll(() => page.locator('#score').textContent()).toMatch(/^\d+$/);
    await page.locator('#errors tbody tr', { hasText: 'no such table: visit_summary' }).first().waitFor();
    expect(await page.locator('#chart-throughput canvas').isVisible()).toBe(true);
    expect(await page.locator('#chart-latency canvas').isVisible()).toBe(true);
    expect(await page.locator('#jobs progress').first().isVisible()).toBe(true);
    mkdirSync(resolve(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: resolve(ROOT, 'test-results/dashboard.png'), fullPage: true });
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('renders an error message containing HTML as text, in the table and in the event view', async () => {
    const page = await openDashboard();
    const row = page.locator('#errors tbody tr', { hasText: '<img src=x onerror=' });
    await row.waitFor();
    expect(await page.locator('#errors img, #event img, #event script').count()).toBe(0);
    await row.click();
    await page.locator('#event-body h3', { hasText: XSS }).waitFor();
    expect(await page.locator('#event-body pre', { hasText: '"note"' }).textContent()).toContain(JSON.stringify(XSS));
    expect(await page.locator('#errors img, #event img, #event script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
    expect(consoleErrors).toEqual([]);
  });
});
