// Where the main thread's time goes, defaults against no exporters: the
// overhead app under `--cpu-prof` for each variant in turn (same requests),
// then the difference per function (inclusive, recursion counted once) and
// per file, in µs per request. Names come back from the bundle's keepNames
// calls (`o(te,"attributesJson")`), so minified functions read as in src/.
// One sampled run per variant: differences under ≈ 1 µs/request are noise.
// Usage: node bench/profile-diff.mjs [--requests=30000] [--top=30]
import autocannon from 'autocannon';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, bundledName, options, startServer } from './lib.mjs';

const opt = options({ requests: 30_000, top: 30 });
const app = resolve(ROOT, 'bench/fixtures/overhead-app.mjs');
const off = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };

async function profile(env) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-prof-'));
  const args = ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', resolve(ROOT, 'dist/src/register.js'), app];
  const { proc, port } = await startServer(args, { VIGIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'vigil-bench-')), VIGIL_PORT: '0', ...env });
  await autocannon({ url: `http://127.0.0.1:${port}/hello/w`, connections: 8, amount: opt.requests });
  const exited = new Promise((res) => proc.on('exit', res));
  await fetch(`http://127.0.0.1:${port}/__exit`).catch(() => {});
  await exited;
  const main = readdirSync(dir).sort()[0]; // the main thread's profile is written first (lowest thread id)
  return JSON.parse(readFileSync(join(dir, main), 'utf8'));
}

const short = (url) => url.replace(/.*\/node_modules\/([^/]+).*/, '$1').replace(/.*\/dist\//, 'dist/') || '(native)';

/** µs by function (inclusive) and by file (self), busy time (not idle). */
function tally(p) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let busy = 0;
  p.samples.forEach((s, i) => {
    const t = p.timeDeltas[i] ?? 0;
    self.set(s, (self.get(s) ?? 0) + t);
    if (byId.get(s).callFrame.functionName !== '(idle)') busy += t;
  });
  const total = (n) => (n.t ??= (self.get(n.id) ?? 0) + (n.children ?? []).reduce((a, c) => a + total(byId.get(c)), 0));
  const fns = new Map();
  const files = new Map();
  const walk = (n, seen) => {
    const f = n.callFrame;
    const key = `${bundledName(f.url, f.functionName) || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}`;
    if (!seen.has(key)) fns.set(key, (fns.get(key) ?? 0) + total(n));
    const file = f.url.startsWith('node:') ? 'node:*' : short(f.url) === '(native)' ? f.functionName : short(f.url);
    files.set(file, (files.get(file) ?? 0) + (self.get(n.id) ?? 0));
    const next = seen.has(key) ? seen : new Set(seen).add(key);
    for (const c of n.children ?? []) walk(byId.get(c), next);
  };
  walk(p.nodes[0], new Set());
  return { fns, files, busy };
}

const none = tally(await profile(off));
const defaults = tally(await profile({}));
const per = (us) => (us / opt.requests).toFixed(2).padStart(7);
function table(title, a, b) {
  console.log(`\n${title}: µs/request, defaults − none, none, defaults`);
  const rows = [...new Set([...a.keys(), ...b.keys()])].map((k) => [k, a.get(k) ?? 0, b.get(k) ?? 0]);
  rows.sort((x, y) => y[2] - y[1] - (x[2] - x[1]));
  for (const [k, x, y] of rows.slice(0, opt.top)) console.log(`${per(y - x)} ${per(x)} ${per(y)}  ${k}`);
}
console.log(`Main thread, ${opt.requests} hello requests each (start-up included): busy ${per(none.busy)} µs/request with no exporters, ${per(defaults.busy)} with defaults`);
table('By function, inclusive', none.fns, defaults.fns);
table('By file, self', none.files, defaults.files);
