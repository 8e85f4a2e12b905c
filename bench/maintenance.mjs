// A maintenance pass's cost: worker CPU, main-thread CPU and the longest
// event-loop stall, on a store holding SPANS spans and metric points over the
// last two days (retention 7 days, so nothing is due). Pass 1 catches up the
// hourly rollups; the later passes are the steady state (nothing new to roll
// up or delete), which is what a running application pays every 5 minutes.
//   node bench/maintenance.mjs [spans=200000] [passes=5]
// BEFORE=/other/checkout/dist runs the same passes with that build's maintenance too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ROOT } from './lib.mjs';

const SPANS = Number(process.argv[2] ?? 200_000);
const PASSES = Number(process.argv[3] ?? 5);
const HOUR = 3_600_000;

async function fill(dist) {
  const { openStore } = await import(join(dist, 'src/store/index.js'));
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-maint-'));
  const store = openStore({ dataDir: dir, maxDbMb: 2048, onProblem: (l) => console.error(l) });
  const now = Date.now();
  const span = store.db.prepare(
    `INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms, duration_ms, status_code, attributes, remote_parent) VALUES (?, ?, NULL, ?, 1, ?, ?, ?, 0, '{}', 0)`,
  );
  const metric = store.db.prepare(`INSERT INTO metrics (time_ms, name, type, attributes, value) VALUES (?, ?, 'gauge', '{}', ?)`);
  store.db.exec('BEGIN');
  for (let i = 0; i < SPANS; i++) {
    const t = now - 48 * HOUR + Math.floor((i / SPANS) * 48 * HOUR);
    span.run(i.toString(16).padStart(32, '0'), i.toString(16).padStart(16, '0'), `GET /route/${i % 20}`, t, t + 3, 3);
    if (i % 10 === 0) metric.run(t, `m${i % 50}`, i % 100);
  }
  store.db.exec('COMMIT');
  return { store, dir };
}

async function measure(label, dist) {
  const { startMaintenance } = await import(join(dist, 'src/store/maintenance.js'));
  const { store, dir } = await fill(dist);
  // As the application runs it: on the store's SQLite write thread (builds that have it), else the build's default.
  let runner;
  try {
    const { writeThreadRunner } = await import(join(dist, 'src/store/maintenance-runner.js'));
    const { threadWriterFor } = await import(join(dist, 'exporters/sqlite/thread-writer.js'));
    runner = writeThreadRunner(store.path, () => threadWriterFor(store));
  } catch {
    // an older build: its own maintenance worker
  }
  const m = startMaintenance(store, { retentionDays: 7, firstRunMs: 3_600_000, runner });
  const rows = [];
  for (let p = 1; p <= PASSES; p++) {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const cpu0 = process.cpuUsage();
    const main0 = process.threadCpuUsage();
    const t0 = performance.now();
    await m.runNow();
    const wall = performance.now() - t0;
    const main = process.threadCpuUsage(main0);
    const cpu = process.cpuUsage(cpu0);
    h.disable();
    const all = (cpu.user + cpu.system) / 1000;
    const mainMs = (main.user + main.system) / 1000;
    rows.push({ p, wall, all, mainMs, other: all - mainMs, stall: h.max / 1e6, onThread: m.stats.onThread });
  }
  m.stop();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`\n${label}: ${SPANS} spans, ${SPANS / 10} metric points over 48 h; retention 7 d (nothing due)`);
  console.log('pass | wall ms | process CPU ms | main thread CPU ms | other threads CPU ms | longest event-loop stall ms | on thread');
  for (const r of rows) {
    console.log(`${String(r.p).padStart(4)} | ${r.wall.toFixed(0).padStart(7)} | ${r.all.toFixed(0).padStart(14)} | ${r.mainMs.toFixed(1).padStart(18)} | ${r.other.toFixed(0).padStart(20)} | ${r.stall.toFixed(1).padStart(27)} | ${r.onThread}`);
  }
  const steady = rows.slice(1).map((r) => r.all).sort((a, b) => a - b);
  if (steady.length) console.log(`steady-state pass (2..${PASSES}): process CPU median ${steady[Math.floor(steady.length / 2)].toFixed(0)} ms [${steady[0].toFixed(0)}–${steady.at(-1).toFixed(0)}]`);
}

if (process.env.BEFORE) await measure(`before (${process.env.BEFORE})`, process.env.BEFORE);
await measure('this build', join(ROOT, 'dist'));
