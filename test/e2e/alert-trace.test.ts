// Links into a trace from a latency chart point (exemplars) and from an
// alert: a real application with a latency rule and an error rule, real
// requests, the alerts recorded with the trace that crossed each threshold,
// shown in the dashboard (Chromium), in `vigil alerts` and in the webhook.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE, ROOT, eventually } from '../helpers/child.js';
import { query, startFixture, stop } from '../fixtures/e2e/lib.js';
import type { App } from '../fixtures/e2e/lib.js';

const FIXTURES = resolve(ROOT, 'test/fixtures/traces');
let app: App;
let browser: Browser;
let hook: Server;
const hooked: string[] = [];
/** Trace ids by request: the fast ones, the two slow ones, the failed one. */
const ids = { fast: [] as string[], slow700: '', slow1200: '', failed: '' };
/** What the test reads of a uPlot chart. */
interface Plot {
  data: number[][];
  over: HTMLElement;
  valToPos(v: number, scale: string): number;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      hooked.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
  app = await startFixture('../traces/latency-app.mjs', {
    VIGIL_CONFIG: join(FIXTURES, 'latency-alerts.yaml'),
    WEBHOOK_URL: hookUrl,
    OTEL_SERVICE_NAME: 'latency-app',
    OTEL_BSP_SCHEDULE_DELAY: '50',
  });
  // One minute bucket holds all the traffic, so its percentiles are these requests'.
  if (Date.now() % 60_000 > 45_000) await sleep(60_500 - (Date.now() % 60_000));
  const get = async (path: string) => (await fetch(`${app.url}${path}`)).text();
  for (let i = 0; i < 21; i++) ids.fast.push(await get('/work?ms=1'));
  ids.slow700 = await get('/work?ms=700');
  ids.slow1200 = await get('/work?ms=1200');
  ids.failed = await get('/fail?ms=1');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (app) await stop(app);
  await new Promise((r) => hook?.close(r));
});

async function open(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${app.vigil}/monitoring?window=1h`);
  return page;
}

describe('links into a trace', () => {
  it('a click on a latency chart point opens a request of that bucket at that percentile', async () => {
    await eventually(() => query<{ n: number }>(app.dataDir, "SELECT COUNT(*) AS n FROM spans WHERE kind = 1")[0]!.n >= 24 || undefined, 20_000);
    const page = await open();
    await page.locator('#chart-latency .u-over').waitFor();
    const startMs = query<{ start_ms: number }>(app.dataDir, 'SELECT start_ms FROM spans WHERE trace_id = ?', ids.slow1200)[0]!.start_ms;
    // The screen position of the p95 point (series 2) in the bucket of the slow requests.
    const point = async (series: number) => {
      await page.locator('#chart-latency').scrollIntoViewIfNeeded();
      return page.evaluate(
        ({ series, startMs }) => {
          const u = (window as unknown as { vigil: { chartOf(id: string): Plot } }).vigil.chartOf('chart-latency');
          const xs = u.data[0]!;
          let i = 0;
          while (i + 1 < xs.length && xs[i + 1]! * 1000 <= startMs) i++;
          const r = u.over.getBoundingClientRect();
          return { x: r.left + u.valToPos(xs[i]!, 'x'), y: r.top + u.valToPos(u.data[series]![i]!, 'y'), value: u.data[series]![i]! };
        },
        { series, startMs },
      );
    };
    const p95 = await point(2);
    expect(p95.value).toBeGreaterThan(100); // the bucket is the one with the slow requests
    await page.mouse.move(p95.x, p95.y);
    await page.mouse.click(p95.x, p95.y);
    await expect.poll(() => page.url()).toContain(`#trace=${ids.slow700}`);
    await expect.poll(() => page.locator('#trace-title').textContent()).toBe(`Trace ${ids.slow700}`);
    await page.locator('#waterfall .span-row').first().waitFor();
    // Every exemplar of the bucket is a link: the slowest is the 1.2 s request, the failed one the 500.
    expect(await page.locator('#exemplars a[data-label=max]').getAttribute('href')).toBe(`#trace=${ids.slow1200}`);
    expect(await page.locator('#exemplars a[data-label=failed]').getAttribute('href')).toBe(`#trace=${ids.failed}`);
    expect(ids.fast).toContain((await page.locator('#exemplars a[data-label=p50]').getAttribute('href'))!.slice('#trace='.length));

    const p99 = await point(3);
    await page.mouse.move(p99.x, p99.y);
    await page.mouse.click(p99.x, p99.y);
    await expect.poll(() => page.locator('#trace-title').textContent()).toBe(`Trace ${ids.slow1200}`);
    await page.close();
  });

  it('a latency alert and an error alert carry the trace that crossed the threshold, in the table, the dashboard, vigil alerts and the webhook', async () => {
    // The engine evaluates every 15 s.
    const rows = await eventually(() => {
      const r = query<{ rule: string; trace_id: string | null }>(app.dataDir, "SELECT rule, trace_id FROM alerts WHERE event = 'firing' ORDER BY id");
      return r.length >= 2 ? r : undefined;
    }, 40_000);
    expect(Object.fromEntries(rows.map((r) => [r.rule, r.trace_id]))).toEqual({ SlowRequests: ids.slow1200, FailedRequests: ids.failed });

    const page = await open();
    const row = page.locator('#alerts tbody tr', { hasText: 'Requests slow' });
    await row.locator('a.trace-link').waitFor();
    expect(await row.locator('a.trace-link').textContent()).toBe(ids.slow1200);
    await row.locator('a.trace-link').click();
    await expect.poll(() => page.locator('#trace-title').textContent()).toBe(`Trace ${ids.slow1200}`);
    expect(await page.locator('#waterfall .span-label').first().textContent()).toBe('GET');
    await page.close();

    const cli = spawnSync(NODE, [resolve(ROOT, 'dist/src/cli/main.js'), '--db', join(app.dataDir, 'monitoring.db'), 'alerts', '--active'], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    const lines = cli.stdout.split('\n');
    expect(lines.find((l) => l.includes('SlowRequests'))).toContain(ids.slow1200);
    expect(lines.find((l) => l.includes('FailedRequests'))).toContain(ids.failed);

    await eventually(() => (hooked.length >= 2 ? true : undefined), 20_000);
    const annotations = hooked.flatMap((b) => (JSON.parse(b) as { alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string> }> }).alerts);
    const slow = annotations.find((a) => a.labels['alertname'] === 'SlowRequests')!;
    expect(slow.annotations).toMatchObject({ trace_id: ids.slow1200, trace_url: `${app.vigil}/monitoring#trace=${ids.slow1200}` });
  });
});
