// Vigil under node:cluster: CPU per request of a 2-worker Express cluster with
// Vigil vs the same bare cluster (every process's CPU: primary and workers),
// next to the single-process ratio measured in the same run; then the cost of
// one /metrics scrape that merges 4 workers (and the primary) vs one process.
// Rounds interleave the variants so load from elsewhere falls on all alike;
// figures are medians with the [min–max] over rounds.
// Usage: npm run bench -- cluster   (or node_modules/.bin/node bench/cluster.mjs [requests per round=8000];
// BENCH_ROUNDS=5, SCRAPES=40). The Node that runs it runs the app: Vigil needs >= 22.15.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { ROOT, cpuMicros, median, range as rangeOf, startServer } from './lib.mjs';

if (Number(process.versions.node.split('.')[0]) < 22) {
  console.error(`bench/cluster.mjs: Node ${process.version} runs the app, and Vigil stays off below 22.15: run it with npm run bench -- cluster`);
  process.exit(1);
}
const PER_ROUND = Number(process.argv[2] ?? 8000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SCRAPES = Number(process.env.SCRAPES ?? 40);
const REGISTER = ['--import', resolve(ROOT, 'dist/src/register.js')];
const HELLO = resolve(ROOT, 'bench/fixtures/hello.mjs');
const CLUSTER = resolve(ROOT, 'bench/fixtures/cluster-hello.mjs');

function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Start a variant; resolves with every pid (primary first) and the app port. */
async function start(v) {
  const port = await freePort();
  const env = { PORT: String(port), WORKERS: String(v.workers ?? 0), ...(v.vigil ? { VIGIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'vigil-bench-cluster-')), VIGIL_PORT: String(v.vigilPort ?? 0) } : {}) };
  const { proc, out } = await startServer([...(v.vigil ? REGISTER : []), v.workers ? CLUSTER : HELLO], env, v.workers ? /READY (\d+)/ : /LISTENING (\d+)/);
  const workers = [...out.matchAll(/WORKER (\d+)/g)].map((m) => Number(m[1]));
  return { proc, port, pids: [proc.pid, ...workers], stop: () => (workers.forEach((p) => process.kill(p, 'SIGKILL')), proc.kill('SIGKILL')) };
}

const cpuOf = (pids) => pids.reduce((sum, p) => sum + cpuMicros(p), 0);
const load = (port, amount) => autocannon({ url: `http://127.0.0.1:${port}/hello/world`, connections: 8, amount });
const range = (xs) => rangeOf(xs, 2);

// 1. CPU per request, all processes.
const variants = [
  { name: 'bare, 1 process' },
  { name: 'vigil, 1 process', vigil: true },
  { name: 'bare, 2-worker cluster', workers: 2 },
  { name: 'vigil, 2-worker cluster', vigil: true, workers: 2 },
];
const cpu = new Map(variants.map((v) => [v.name, []]));
const primary = new Map(variants.map((v) => [v.name, []]));
const ratios = { single: [], cluster: [] };
let errors = 0;
for (let round = 0; round < ROUNDS; round++) {
  const got = {};
  for (const v of variants) {
    const s = await start(v);
    await load(s.port, 1500); // warm-up: JIT, lazy paths, both workers
    const before = cpuOf(s.pids);
    const before0 = cpuMicros(s.pids[0]);
    const r = await load(s.port, PER_ROUND);
    got[v.name] = (cpuOf(s.pids) - before) / PER_ROUND;
    primary.get(v.name).push((cpuMicros(s.pids[0]) - before0) / PER_ROUND);
    errors += r.errors + r.non2xx;
    cpu.get(v.name).push(got[v.name]);
    s.stop();
  }
  ratios.single.push(got['vigil, 1 process'] / got['bare, 1 process']);
  ratios.cluster.push(got['vigil, 2-worker cluster'] / got['bare, 2-worker cluster']);
}
console.log(`\nCPU per request, every process of the app (primary + workers), ${PER_ROUND} requests × ${ROUNDS} interleaved rounds, Node ${process.version}\n`);
console.log('variant                      CPU µs/req median [min–max]   of which the primary (clusters)');
for (const v of variants) console.log(`${v.name.padEnd(28)} ${range(cpu.get(v.name)).padEnd(28)} ${v.workers ? range(primary.get(v.name)) : ''}`);
console.log(`\nvigil/bare, 1 process:        ${range(ratios.single)}`);
console.log(`vigil/bare, 2-worker cluster: ${range(ratios.cluster)}`);
console.log(`cluster ratio / single ratio: ${range(ratios.cluster.map((c, i) => c / ratios.single[i]))}   (≤ 1: the cluster costs no more than one process)`);
if (errors) console.log(`errors or non-2xx: ${errors}`);

// 2. One /metrics scrape: the holder merges every peer (4 workers + primary) vs one process.
async function scrapeCost(v) {
  const vigilPort = await freePort();
  const s = await start({ ...v, vigil: true, vigilPort });
  await load(s.port, 4000); // series in every worker
  const url = `http://127.0.0.1:${vigilPort}/metrics`;
  // Under a cluster the holder of VIGIL_PORT may take a moment; wait for a merged answer.
  for (let i = 0; ; i++) {
    const r = await fetch(url).catch(() => undefined);
    if (r?.ok) break;
    if (i > 120) throw new Error(`${v.name}: no /metrics on ${url}`);
    await new Promise((res) => setTimeout(res, 250));
  }
  await (await fetch(url)).text();
  await new Promise((r) => setTimeout(r, 300));
  const before = s.pids.map(cpuMicros);
  const wall = [];
  let bytes = 0;
  for (let i = 0; i < SCRAPES; i++) {
    const t0 = performance.now();
    bytes = (await (await fetch(url)).text()).length;
    wall.push(performance.now() - t0);
  }
  const spent = s.pids.map((p, i) => cpuMicros(p) - before[i]);
  s.stop();
  // The holder is the process that did the most: it serves, fetches and merges.
  const holder = Math.max(...spent);
  return { wallMs: median(wall), wallMax: Math.max(...wall), holderMs: holder / SCRAPES / 1000, allMs: spent.reduce((a, b) => a + b, 0) / SCRAPES / 1000, bytes, processes: s.pids.length };
}
const scr = { one: [], four: [] };
for (let round = 0; round < Math.min(ROUNDS, 3); round++) {
  scr.one.push(await scrapeCost({ name: 'vigil, 1 process' }));
  scr.four.push(await scrapeCost({ name: 'vigil, 4-worker cluster', workers: 4 }));
}
console.log(`\nOne /metrics scrape (${SCRAPES} scrapes a round, ${scr.one.length} interleaved rounds; CPU ticks are 10 ms, so per-scrape CPU is an average)\n`);
console.log('app                          processes  wall ms median [min–max]  holder CPU ms/scrape  all processes CPU ms/scrape  KB');
for (const [name, xs] of [['1 process', scr.one], ['4-worker cluster', scr.four]]) {
  console.log(
    `${name.padEnd(28)} ${String(xs[0].processes).padStart(9)}  ${range(xs.map((x) => x.wallMs)).padEnd(24)}  ${range(xs.map((x) => x.holderMs)).padEnd(20)}  ${range(xs.map((x) => x.allMs)).padEnd(27)}  ${(xs[0].bytes / 1024).toFixed(0)}`,
  );
}
console.log(`4-worker / 1-process wall: ${range(scr.four.map((x, i) => x.wallMs / scr.one[i].wallMs))}`);
