// The longest main-thread tasks of a server under a fixed request rate, from
// a CPU profile: a task is a run of consecutive busy samples (no "(idle)"
// between them), its length the number of samples × the sampling interval,
// so time the process spent descheduled on this shared machine does not
// count. Each long task is named by the innermost Vigil or OpenTelemetry
// frame it spent most samples in.
// Usage: node bench/longtasks.mjs [--rate=500] [--seconds=10] [--top=8] [--variant=bare,vigil] [--env=K=V,K=V]
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, bundledName, options, pacedLoad, startServer } from './lib.mjs';

const opt = options({ rate: 500, seconds: 10, top: 8, variant: 'bare,vigil', env: '', interval: 100 });
const app = resolve(ROOT, 'bench/fixtures/overhead-app.mjs');
const extraEnv = Object.fromEntries(opt.env ? opt.env.split(',').map((kv) => kv.split('=')) : []);
const WRAPPERS = new Set(['with', 'patchedEmit', 'onRequest', 'emit', 'runInAsyncScope']);

async function profileOf(variant) {
  const profDir = mkdtempSync(join(tmpdir(), 'vigil-longtasks-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-longtasks-data-'));
  const prof = ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-interval=${opt.interval}`];
  const args = variant === 'bare' ? [...prof, app] : [...prof, '--import', resolve(ROOT, 'dist/src/register.js'), app];
  const { proc, port } = await startServer(args, { VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0', ...extraEnv });
  const base = `http://127.0.0.1:${port}`;
  await pacedLoad(`${base}/hello/w`, opt.rate, 2); // warm-up
  const paced = await pacedLoad(`${base}/hello/w`, opt.rate, opt.seconds);
  await fetch(`${base}/__exit`).catch(() => {});
  await new Promise((res) => proc.on('exit', res));
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8'));
  rmSync(profDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  return { paced, tasks: stretches(profile) };
}

/** Runs of busy samples after the first request was served (start-up is bench/overhead.mjs's subject). */
function stretches(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = (n) => /\/(dist|exporters|instrumentations)\/|@opentelemetry/.test(n.callFrame.url) && !WRAPPERS.has(n.callFrame.functionName);
  const name = (n) => `${bundledName(n.callFrame.url, n.callFrame.functionName) || '(anonymous)'} ${n.callFrame.url.replace(/.*\/(node_modules|dist)\//, '')}:${n.callFrame.lineNumber + 1}`.trim();
  const label = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) if (ours(nodes.get(cur))) return name(nodes.get(cur));
    return name(nodes.get(id));
  };
  const served = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) if (nodes.get(cur).callFrame.functionName === 'parserOnIncoming') return true;
    return false;
  };
  const tasks = [];
  let run = null;
  let started = false;
  for (const id of profile.samples) {
    if (!started && !(started = served(id))) continue;
    if (nodes.get(id).callFrame.functionName === '(idle)') {
      if (run) tasks.push(run);
      run = null;
      continue;
    }
    run ??= { samples: 0, by: new Map() };
    run.samples++;
    const l = label(id);
    run.by.set(l, (run.by.get(l) ?? 0) + 1);
  }
  if (run) tasks.push(run);
  return tasks.sort((a, b) => b.samples - a.samples);
}

const ms = (s) => ((s * opt.interval) / 1000).toFixed(2);
for (const variant of opt.variant.split(',')) {
  const { paced, tasks } = await profileOf(variant);
  console.log(`\n${variant}${opt.env ? ` (${opt.env})` : ''}: ${opt.seconds} s at ${opt.rate} req/s, p50 ${paced.p50.toFixed(2)} ms, p99 ${paced.p99.toFixed(2)} ms; longest busy stretches after the first request (samples every ${opt.interval} µs):`);
  for (const t of tasks.slice(0, opt.top)) {
    const top = [...t.by].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([l, c]) => `${l} ${Math.round((c / t.samples) * 100)}%`);
    console.log(`  ${ms(t.samples).padStart(6)} ms  ${top.join('; ')}`);
  }
  console.log(`  stretches over 2 ms: ${tasks.filter((t) => t.samples * opt.interval > 2000).length} of ${tasks.length}`);
}
