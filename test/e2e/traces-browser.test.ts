import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE, ROOT } from '../helpers/child.js';
import { errorEventStored, sendTraffic, startTwoServices } from '../helpers/traces.js';

const XSS = '<img src=x onerror="window.__xss=1">';
const SYNTHETIC = 3000;
const BIG = 5000;
let browser: Browser;
let dashboard: ChildProcess;
let base: string;
let db: string;
let bigTrace: string;
let treeTrace: string;
/** The nested trace: a root, GROUPS groups of ITEMS items of LEAVES leaves each (2,001 spans), in pre-order. */
const GROUPS = 20;
const ITEMS = 9;
const LEAVES = 10;
const groupRow = (g: number) => 1 + g * (1 + ITEMS * (1 + LEAVES));
const itemRow = (g: number, k: number) => groupRow(g) + 1 + k * (1 + LEAVES);
const consoleErrors: string[] = [];

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Thousands of ordinary traces around the real ones, and one trace of BIG spans (a batch job's). */
function seed(): void {
  const d = new DatabaseSync(db);
  d.exec('PRAGMA busy_timeout = 5000');
  const insert = d.prepare(
    `INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms, duration_ms, status_code, service_name, scope_name, attributes, events, links, remote_parent)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'seed', '{}', '[]', '[]', 0)`,
  );
  const now = Date.now();
  d.exec('BEGIN');
  for (let i = 0; i < SYNTHETIC; i++) {
    const start = now - 50 * 60_000 + i * 900;
    insert.run(hex(16), hex(8), null, 'GET /patients', 1, start, start + 5, 5, 'front');
  }
  bigTrace = hex(16);
  const root = hex(8);
  const start = now - 60_000;
  insert.run(bigTrace, root, null, 'nightly re-import', 0, start, start + BIG, BIG, 'importer');
  for (let i = 0; i < BIG - 1; i++) insert.run(bigTrace, hex(8), root, `import row ${i}`, 0, start + i, start + i + 1, 1, 'importer');
  // A nested one: spans carry an attribute and an event, fetched only when a span is selected.
  const nested = d.prepare(
    `INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms, duration_ms, status_code, service_name, scope_name, attributes, events, links, remote_parent)
     VALUES (?, ?, ?, ?, 0, ?, ?, ?, 0, 'importer', 'seed', ?, ?, '[]', 0)`,
  );
  treeTrace = hex(16);
  let t = now - 30_000;
  const add = (parent: string | null, name: string, ms: number): string => {
    const id = hex(8);
    nested.run(treeTrace, id, parent, name, t, t + ms, ms, JSON.stringify({ 'row.name': name }), JSON.stringify([{ name: 'checked', attributes: { row: name } }]));
    t += 1;
    return id;
  };
  const top = add(null, 'tree import', 5000);
  for (let g = 0; g < GROUPS; g++) {
    const group = add(top, `group ${g}`, 200);
    for (let k = 0; k < ITEMS; k++) {
      const item = add(group, `item ${g}.${k}`, 20);
      for (let l = 0; l < LEAVES; l++) add(item, `leaf ${g}.${k}.${l}`, 1);
    }
  }
  d.exec('COMMIT');
  d.close();
}

beforeAll(async () => {
  const services = await startTwoServices();
  await sendTraffic(services.url, 30, XSS);
  await errorEventStored(services.dataDir);
  await services.stop();
  db = join(services.dataDir, 'monitoring.db');
  seed();
  dashboard = spawn(NODE, [resolve(ROOT, 'dist/src/cli/main.js'), '--db', db, '--json', 'dashboard', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise<string>((res, rej) => {
    let out = '';
    dashboard.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = out.match(/"url":\s*"([^"]+)"/);
      if (m) res(m[1]!.replace(/\/monitoring.*$/, ''));
    });
    dashboard.once('exit', (code) => rej(new Error(`vigil dashboard exited ${code}: ${out}`)));
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  dashboard?.kill('SIGTERM');
});

async function open(hash = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(`${base}/monitoring?window=1h${hash}`);
  return page;
}

async function search(page: Page, fill: Record<string, string>, errorsOnly = false): Promise<void> {
  for (const [id, value] of Object.entries(fill)) await page.fill(`#tq-${id}`, value);
  await page.setChecked('#tq-errors', errorsOnly);
  await page.selectOption('#tq-window', '1h');
  const answered = page.waitForResponse((r) => r.url().includes('/api/traces?'));
  await page.click('#trace-search button[type=submit]');
  await answered;
}

describe('the trace explorer in /monitoring', () => {
  it('finds the failed trace among thousands and draws its waterfall across both services', async () => {
    const page = await open();
    await search(page, {});
    await expect.poll(() => page.locator('#trace-list tbody tr').count()).toBe(200);
    mkdirSync(resolve(ROOT, 'test-results'), { recursive: true });
    // The picture for the README: the form, the scatter and the first rows.
    await page.evaluate(() => document.querySelectorAll('#trace-list tbody tr:nth-child(n+13)').forEach((r) => ((r as HTMLElement).hidden = true)));
    await page.locator('#traces').screenshot({ path: resolve(ROOT, 'test-results/trace-search.png') });
    await search(page, {});
    await search(page, {}, true);
    await expect.poll(() => page.locator('#trace-list tbody tr').count()).toBe(1);
    await page.locator('#trace-list tbody a').first().click();
    await page.locator('#waterfall .span-row').first().waitFor();
    expect(await page.locator('#waterfall .span-label').allTextContents()).toEqual(['GET', 'GET', 'GET', 'records.lookup', 'front.render']);
    expect(await page.locator('#waterfall .kind-tag').allTextContents()).toEqual(['server', 'client', 'server', 'internal', 'internal']);
    expect(await page.locator('#waterfall .span-row.failed .span-label', { hasText: 'records.lookup' }).count()).toBe(1);
    expect(await page.locator('#waterfall .span-service').allTextContents()).toEqual(['front', 'front', 'records', 'records', 'front']);
    expect(await page.locator('.trace-logs li').allTextContents()).toEqual([expect.stringContaining('looking up a record (2 ms)'), expect.stringContaining('records failed')]);
    expect(await page.locator('.trace-errors a').textContent()).toBe('Error: record store unavailable');
    expect(page.url()).toMatch(/#trace=[0-9a-f]{32}$/);
    await page.locator('#waterfall .span-row').nth(3).click();
    // Its attributes come on selection: the picture shows them, not 'Loading…'.
    await page.waitForFunction(() => !document.getElementById('span-detail')!.textContent!.includes('Loading…'));
    await page.locator('#trace-view').screenshot({ path: resolve(ROOT, 'test-results/trace-waterfall.png') });
    await page.close();
  });

  it('finds the slow trace by minimum duration, and a slow operation links to it', async () => {
    const page = await open();
    await search(page, { min: '2500ms', service: 'front' });
    await expect.poll(() => page.locator('#trace-list tbody tr').count()).toBe(1);
    const slowId = (await page.locator('#trace-list tbody a').getAttribute('href'))!.slice('#trace='.length);
    const link = page.locator(`#slow a[href="#trace=${slowId}"]`).first();
    await link.waitFor();
    await link.click();
    await expect.poll(() => page.locator('#trace-title').textContent()).toBe(`Trace ${slowId}`);
    await page.close();
  });

  it('an error event links to its trace', async () => {
    const page = await open();
    await page.locator('#errors tbody tr', { hasText: 'record store unavailable' }).first().click();
    const link = page.locator('#event-body a.trace-link');
    await link.waitFor();
    const id = (await link.getAttribute('href'))!.slice('#trace='.length);
    await link.click();
    await expect.poll(() => page.locator('#trace-title').textContent()).toBe(`Trace ${id}`);
    await page.locator('#waterfall .span-row.failed').first().waitFor();
    await page.close();
  });

  it('shows the services of the data dir side by side, each linking to its traces', async () => {
    const page = await open();
    const rows = page.locator('#services-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const cells = async (i: number) => (await rows.nth(i).locator('td').allTextContents()).slice(0, 4);
    // front: the seeded 3000 and the 33 sent, one failed; records: the 33 that crossed into it, one failed; the importer's two jobs.
    expect(await cells(0)).toEqual(['front', '3033', expect.any(String), '1 (0.03%)']);
    expect(await cells(1)).toEqual(['importer', '2', expect.any(String), '0']);
    expect(await cells(2)).toEqual(['records', '33', expect.any(String), '1 (3.0%)']);
    // Health per service is what the stored check rows say (the same answer as the API's): the
    // services stopped moments ago, so their last results still count; an old row would read unknown.
    const api = (await (await fetch(`${base}/api/summary?window=1h`)).json()) as { services: Array<{ name: string; health: { status: string; score: number | null } }> };
    const shown = (h: { status: string; score: number | null }) => (h.score === null ? h.status : `${h.score} ${h.status}`);
    expect(api.services.map((v) => v.name)).toEqual(['front', 'importer', 'records']);
    for (let i = 0; i < 3; i++) expect(await rows.nth(i).locator('td').last().textContent()).toBe(shown(api.services[i]!.health));
    await rows.nth(2).locator('a').click();
    await expect.poll(() => page.inputValue('#tq-service')).toBe('records');
    await page.close();
  });

  it('shows a hostile attribute value as text', async () => {
    const page = await open();
    await search(page, { attr: `note=${XSS}` });
    await expect.poll(() => page.locator('#trace-list tbody tr').count()).toBe(1);
    await page.locator('#trace-list tbody a').first().click();
    await page.locator('#waterfall .span-row').nth(2).click();
    await page.locator('#span-detail td', { hasText: XSS }).waitFor();
    expect(await page.locator('#trace-view img, #trace-view script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
  });

  it(`renders a ${BIG}-span trace from its URL, and collapses it`, async () => {
    const page = await open(`#trace=${bigTrace}`);
    await expect.poll(() => page.locator('#waterfall .span-row').count(), { timeout: 30_000 }).toBe(BIG);
    // Still responsive: a round trip into the page answers at once.
    expect(await page.evaluate(() => document.querySelectorAll('#waterfall .span-row').length)).toBe(BIG);
    await page.locator('#waterfall .span-row .toggle').first().click();
    expect(await page.locator('#waterfall .span-row:visible').count()).toBe(1);
    await page.close();
  });

  it('collapses exactly a subtree of a 2,001-span trace and expands it back, nested collapses kept', async () => {
    const total = 1 + GROUPS * (1 + ITEMS * (1 + LEAVES));
    const page = await open(`#trace=${treeTrace}`);
    await expect.poll(() => page.locator('#waterfall .span-row').count(), { timeout: 30_000 }).toBe(total);
    const hiddenRows = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#waterfall .span-row')].flatMap((r, i) => (r.hidden ? [i] : [])));
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    const toggle = (row: number) => page.locator('#waterfall .span-row').nth(row).locator('.toggle').click();
    expect(await page.locator('#waterfall .span-label').nth(groupRow(3)).textContent()).toBe('group 3');
    await toggle(groupRow(3));
    expect(await hiddenRows()).toEqual(range(groupRow(3) + 1, groupRow(4)));
    // A collapsed item inside group 4, then group 4 collapsed and expanded: the item's leaves stay hidden.
    await toggle(itemRow(4, 2));
    await toggle(groupRow(4));
    expect(await hiddenRows()).toEqual([...range(groupRow(3) + 1, groupRow(4)), ...range(groupRow(4) + 1, groupRow(5))]);
    await toggle(groupRow(4));
    await toggle(groupRow(3));
    expect(await hiddenRows()).toEqual(range(itemRow(4, 2) + 1, itemRow(4, 3)));
    await toggle(itemRow(4, 2));
    expect(await hiddenRows()).toEqual([]);
    // The compact answer has no attributes: selecting a span fetches them.
    await page.locator('#waterfall .span-row').nth(itemRow(7, 1) + 4).click();
    await page.locator('#span-detail td', { hasText: 'leaf 7.1.3' }).waitFor();
    expect(await page.locator('#span-detail h4').first().textContent()).toBe('leaf 7.1.3');
    expect(await page.locator('#span-detail li').textContent()).toBe('checked {"row":"leaf 7.1.3"}');
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('answers the waterfall compact, the full answer unchanged', async () => {
    const compact = await fetch(`${base}/api/traces/${treeTrace}?compact=1`);
    const c = (await compact.json()) as { columns: string[]; spans: unknown[][] };
    expect(c.spans).toHaveLength(1 + GROUPS * (1 + ITEMS * (1 + LEAVES)));
    expect(c.spans[1]![c.columns.indexOf('name')]).toBe('group 0');
    expect(c.columns).not.toContain('attributes');
    const full = (await (await fetch(`${base}/api/traces/${treeTrace}`)).json()) as { spans: { name: string; attributes: Record<string, unknown> }[] };
    expect(full.spans[1]).toMatchObject({ name: 'group 0', attributes: { 'row.name': 'group 0' } });
    const span = await fetch(`${base}/api/traces/${treeTrace}/spans/${'0'.repeat(16)}`);
    expect(span.status).toBe(404);
  });
});
