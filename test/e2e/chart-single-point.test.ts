// Defect 14b: the latency chart drew nothing when the window held a single
// point (uPlot draws no line across gaps and hides points on dense x axes).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { serveDashboard } from '../../src/dashboard/index.js';
import type { DashboardServer } from '../../src/dashboard/index.js';
import { insertSpan, tempStore } from '../fixtures/dashboard/db.js';

let store: ReturnType<typeof tempStore>;
let server: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  store = tempStore();
  // One request, ten minutes ago: one point among 60 one-minute buckets.
  insertSpan(store, { name: 'GET /patients/:id', startMs: Date.now() - 10 * 60_000, durationMs: 250 });
  server = await serveDashboard({ dbPath: store.path });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  store?.remove();
});

/** Pixels of the p50/p95/p99 strokes (green, orange, red) in a chart's canvas. */
async function strokePixels(id: string, page: Page): Promise<number> {
  return page.evaluate((chartId) => {
    const canvas = document.querySelector(`#${chartId} canvas`) as HTMLCanvasElement;
    const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) {
      const [r, g, b, a] = [px[i]!, px[i + 1]!, px[i + 2]!, px[i + 3]!];
      if (a < 200) continue;
      const red = r > 190 && g < 80 && b < 80;
      const orange = r > 190 && g > 90 && g < 150 && b < 60;
      const green = r < 60 && g > 130 && b < 110;
      if (red || orange || green) n++;
    }
    return n;
  }, id);
}

it('shows a lone point on the latency chart of a 1h window', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${server.url}?window=1h`);
  await page.locator('#chart-latency canvas').waitFor();
  await page.waitForFunction(() => document.querySelector('#req-count')?.textContent === '1');
  expect(await strokePixels('chart-latency', page)).toBeGreaterThan(10);
  await page.close();
});
