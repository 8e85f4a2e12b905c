/* global document, requestAnimationFrame */
// Opening one trace by its URL in Chromium, from navigation start to the
// first paint of the waterfall's rows. Target (issue 15): a 1,000-span trace
// ≤ 200 ms; 5,000 spans stay usable. Baseline in the same run, interleaved: a
// 10-span trace, which costs the page, its scripts and the fetch but almost
// no rows. traces.js marks `vigil:trace-rows` (rows in the document) and
// `vigil:trace-painted` (after the next frame: the rows are on screen).
//   node bench/trace-paint.mjs [--rounds 9]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { openStore } from '../dist/src/store/index.js';
import { NODE, ROOT } from './lib.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '9' } } });
const rounds = Number(values.rounds);
/** Collapse+expand pairs of the root per page. */
const COLLAPSES = 3;
const hex = (n) => randomBytes(n).toString('hex');
const SERVICES = ['front', 'records', 'billing', 'search'];
const KINDS = [1, 2, 0, 0, 3];

/** One trace of `n` spans: a request fanning out into services, queries and loops, a few levels deep, some failed. */
function insertTrace(db, n, startMs) {
  const insert = db.prepare(
    `INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms, duration_ms, status_code, status_message, service_name, scope_name, attributes, events, links, remote_parent)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?, ?, '[]', 0)`,
  );
  const traceId = hex(16);
  const total = 2000;
  const ids = [hex(8)];
  insert.run(traceId, ids[0], null, 'GET /patients/:id/record', 1, startMs, startMs + total, total, 0, null, 'front', JSON.stringify({ 'http.request.method': 'GET', 'http.route': '/patients/:id/record', 'http.response.status_code': 200 }), '[]');
  for (let i = 1; i < n; i++) {
    // Parents among the recent spans: trees a few levels deep, children in start order.
    const parent = ids[Math.max(0, i - 1 - Math.floor(Math.random() * Math.min(i, 8)))];
    const start = startMs + Math.floor((i / n) * (total - 20));
    const d = 1 + Math.random() * 15;
    const failed = i % 97 === 0;
    const attrs = { 'db.system.name': 'sqlite', 'db.query.text': `SELECT * FROM records WHERE id = ${i}`, 'code.function.name': `load${i % 13}`, row: i };
    ids.push(hex(8));
    insert.run(traceId, ids[i], parent, i % 5 === 1 ? 'records.lookup' : `SELECT records ${i % 7}`, KINDS[i % 5], start, Math.ceil(start + d), d, failed ? 2 : 0, failed ? 'lookup failed' : null, SERVICES[i % 4], JSON.stringify(attrs), failed ? JSON.stringify([{ name: 'exception', attributes: { 'exception.message': 'lookup failed' } }]) : '[]');
  }
  return traceId;
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-paint-'));
const store = openStore({ dataDir: dir });
const now = Date.now();
store.db.exec('BEGIN');
const SIZES = { '10 spans (baseline)': 10, '1,000 spans': 1000, '5,000 spans': 5000 };
const traces = Object.fromEntries(Object.entries(SIZES).map(([name, n], i) => [name, insertTrace(store.db, n, now - 60_000 + i * 10_000)]));
store.db.exec('COMMIT');
const dbPath = store.path;
store.close();

const dashboard = spawn(NODE, [resolve(ROOT, 'dist/src/cli/main.js'), '--db', dbPath, '--json', 'dashboard', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((res, rej) => {
  let out = '';
  dashboard.stdout.on('data', (c) => {
    out += c;
    const m = out.match(/"url":\s*"([^"]+)"/);
    if (m) res(m[1].replace(/\/monitoring.*$/, ''));
  });
  dashboard.once('exit', (code) => rej(new Error(`vigil dashboard exited ${code}`)));
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });

/** One fresh page (no cache), navigated to the trace's URL: the marks, relative to navigation start. */
async function openOnce(traceId, spans) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${base}/monitoring?window=1h#trace=${traceId}`);
  await page.waitForFunction(() => performance.getEntriesByName('vigil:trace-painted').length > 0, null, { timeout: 60_000 });
  // Usable: every row built (in chunks after the first paint), the page still answering.
  await page.waitForFunction((n) => document.querySelectorAll('#waterfall .span-row').length === n, spans, { timeout: 60_000 });
  const m = await page.evaluate(() => {
    const at = (name) => (performance.getEntriesByName(name)[0] ?? performance.getEntriesByName('vigil:trace-rows')[0]).startTime;
    const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/traces/'));
    return { open: at('vigil:trace-open'), rows: at('vigil:trace-rows'), painted: at('vigil:trace-painted'), complete: at('vigil:trace-complete'), fetched: api ? api.responseEnd : NaN, bytes: api ? api.encodedBodySize : NaN };
  });
  // Usable: collapsing and expanding the root, COLLAPSES times: the click
  // handler's work (performance.now around a synchronous click()), and until
  // the next frame after it (style, layout and paint of the rows it hid or showed).
  const toggles = await page.evaluate(async (times) => {
    const toggle = document.querySelector('#waterfall .span-row .toggle');
    const out = [];
    for (let i = 0; i < times * 2; i++) {
      const t0 = performance.now();
      toggle.click();
      const handler = performance.now() - t0;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      out.push({ handler, frame: performance.now() - t0 });
    }
    return out;
  }, COLLAPSES);
  m.handler = toggles.map((t) => t.handler);
  m.frame = toggles.map((t) => t.frame);
  // A span's details (fetched on selection when the trace came compact).
  const t0 = Date.now();
  await page.locator('#waterfall .span-row').nth(1).click();
  await page.locator('#span-detail table.attrs').waitFor();
  m.select = Date.now() - t0;
  await context.close();
  return m;
}

const results = Object.fromEntries(Object.keys(traces).map((k) => [k, []]));
for (const [name, id] of Object.entries(traces)) await openOnce(id, SIZES[name]); // warm the server and the browser
for (let r = 0; r < rounds; r++) for (const [name, id] of Object.entries(traces)) results[name].push(await openOnce(id, SIZES[name]));

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[Math.floor(s.length / 2)].toFixed(0).padStart(5)} [${s[0].toFixed(0)}–${s[s.length - 1].toFixed(0)}]`;
};
console.log(`${rounds} rounds, fresh page each, interleaved; ms from navigation start (median [min–max])`);
console.log(`${'trace'.padEnd(20)} ${'first paint'.padStart(16)} ${'first rows'.padStart(16)} ${'all rows'.padStart(16)} ${'open→paint'.padStart(16)} ${'fetch'.padStart(16)} ${'render+paint'.padStart(16)}  paint − baseline`);
const baseline = results['10 spans (baseline)'];
for (const [name, rs] of Object.entries(results)) {
  const extra = rs.map((r, i) => r.painted - baseline[i].painted);
  console.log(
    `${name.padEnd(20)} ${stats(rs.map((r) => r.painted)).padStart(16)} ${stats(rs.map((r) => r.rows)).padStart(16)} ${stats(rs.map((r) => r.complete)).padStart(16)} ${stats(rs.map((r) => r.painted - r.open)).padStart(16)} ${stats(rs.map((r) => r.fetched - r.open)).padStart(16)} ${stats(rs.map((r) => r.painted - r.fetched)).padStart(16)}  ${stats(extra)}`,
  );
}
console.log(`\nroot collapse/expand (${COLLAPSES * 2} per page), select → details; ms (median [min–max]); answer size`);
console.log(`${'trace'.padEnd(20)} ${'click handler'.padStart(16)} ${'click→next frame'.padStart(18)} ${'select'.padStart(16)} ${'KB on the wire'.padStart(16)}`);
for (const [name, rs] of Object.entries(results)) {
  console.log(`${name.padEnd(20)} ${stats(rs.flatMap((r) => r.handler)).padStart(16)} ${stats(rs.flatMap((r) => r.frame)).padStart(18)} ${stats(rs.map((r) => r.select)).padStart(16)} ${stats(rs.map((r) => r.bytes / 1024)).padStart(16)}`);
}
await browser.close();
dashboard.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
