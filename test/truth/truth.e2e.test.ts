// The ground truth, asked of a real Prometheus (scraping /metrics) and of
// the /monitoring page as Chromium renders it. Same workload and bounds as
// truth.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { eventually } from '../helpers/child.js';
import { startPrometheus } from '../helpers/prometheus.js';
import type { PrometheusServer } from '../helpers/prometheus.js';
import { SLACK_MS, bucketedRange, measuredRange, within } from './bounds.js';
import { histogramOf, parseExposition } from './prom-text.js';
import { CHECK, DONE_JOB, FAST, MONITORED, PARTIAL_JOB, SITE, TIMING, WAIT, total, values } from './plan.js';
import { runWorkload } from './run.js';
import type { Workload } from './run.js';

let w: Workload;
let prom: PrometheusServer;
let browser: Browser;

beforeAll(async () => {
  w = await runWorkload();
  prom = await startPrometheus([new URL(w.vigilUrl).host]);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  prom?.stop();
  w?.app.kill('SIGKILL');
});

describe('a real Prometheus', () => {
  it('histogram_quantile over the scraped buckets tells the truth within one bucket', async () => {
    const scalar = async (expr: string) => {
      const r = await prom.query(expr);
      return r.length ? Number(r[0]!.value[1]) : null;
    };
    // The target is up and scraped after the workload finished (runWorkload waited for its data).
    await eventually(async () => ((await scalar(`up{instance="${new URL(w.vigilUrl).host}"}`)) === 1 ? true : undefined), 60_000, 500);
    await new Promise((r) => setTimeout(r, 3000));
    const text = await (await fetch(`${w.vigilUrl}/metrics`)).text();
    const samples = parseExposition(text);

    expect.soft(await scalar('sum(truth_timing_seconds_count)')).toBe(total(TIMING.mix));
    const timingBounds = histogramOf(samples, 'truth_timing_seconds').bounds;
    const timingTruth = values(TIMING.mix).map((ms) => ms / 1000);
    for (const q of [0.5, 0.9, 0.99]) {
      within(await scalar(`histogram_quantile(${q}, sum by (le) (truth_timing_seconds_bucket))`), bucketedRange(timingTruth, q, timingBounds), `Prometheus truth.timing p${q * 100} (s)`);
    }
    // Boundaries that fit seconds: 90 calls of 1 ms never read as a p50 of seconds (the example).
    expect.soft(await scalar('histogram_quantile(0.5, sum by (le) (truth_timing_seconds_bucket))')).toBeLessThan(0.01);
    expect.soft(await scalar(`sum(http_server_request_duration_seconds_count{http_route="${FAST.route}"})`)).toBe(FAST.n);
    const httpBounds = histogramOf(samples, 'http_server_request_duration_seconds', { http_route: WAIT.route }).bounds;
    const waitTruth = values(WAIT.mix).map((ms) => ms / 1000);
    for (const q of [0.5, 0.9, 0.99]) {
      within(
        await scalar(`histogram_quantile(${q}, sum by (le) (http_server_request_duration_seconds_bucket{http_route="${WAIT.route}"}))`),
        bucketedRange(waitTruth, q, httpBounds, SLACK_MS / 1000),
        `Prometheus ${WAIT.route} p${q * 100} (s)`,
      );
    }
    expect.soft(await scalar(`sum(vigil_operation_duration_seconds_count{operation="${MONITORED.name}"})`)).toBe(total(MONITORED.mix));
  });
});

describe('the /monitoring page in Chromium', () => {
  it('shows the numbers of the truth', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
    await page.goto(`${w.vigilUrl}/monitoring?window=1h`);
    await page.locator('#operations tbody tr').first().waitFor();
    const row = async (table: string, match: string) =>
      page.evaluate(
        ([t, m]) => [...document.querySelectorAll(`#${t} tbody tr`)].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')).find((cells) => cells.some((c) => c.includes(m!))) ?? null,
        [table, match],
      );
    const wait = await row('operations', `GET ${WAIT.route}`);
    expect.soft(wait?.[1]).toBe(String(total(WAIT.mix)));
    // p50 cell (ms on the page): the measured durations, within the slack above the plan.
    const p50 = wait ? Number(wait[4]!.replace(' ms', '')) : null;
    within(p50, measuredRange(values(WAIT.mix), 0.5), 'page GET /wait p50 (ms)');
    expect.soft((await row('operations', `GET ${FAST.route}`))?.[1]).toBe(String(FAST.n));
    expect.soft((await row('errors', SITE.message))?.[0]).toBe(String(SITE.paths.length));
    expect.soft(await page.locator('#health-status').textContent()).toBe('status: fail');
    expect.soft(await page.locator('#checks').textContent()).toContain(CHECK.name);
    const jobs = (await page.locator('#jobs').textContent()) ?? '';
    expect.soft(jobs).toContain(`${PARTIAL_JOB.processed} / ${PARTIAL_JOB.total} (40%)`);
    expect.soft(jobs).toContain(`${DONE_JOB.total} / ${DONE_JOB.total} (100%)`);
    await page.close();
  });
});
