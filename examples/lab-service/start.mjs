// `npm run lab`: the lab-orders service preloaded with Vigil from dist/, with a
// throwaway PostgreSQL and Redis (on free loopback ports, temp data dirs) when
// DATABASE_URL / REDIS_URL are not set, and a trickle of realistic traffic
// (LAB_TRAFFIC=0 turns it off). Prints the service and telemetry URLs.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, startRedis } from '../../test/helpers/servers.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const stops = [];
let databaseUrl = process.env.DATABASE_URL;
let redisUrl = process.env.REDIS_URL;
if (!databaseUrl) {
  const pg = await startPostgres();
  stops.push(pg.stop);
  databaseUrl = `postgres://postgres@127.0.0.1:${pg.port}/postgres`;
  console.log(`PostgreSQL (throwaway) on 127.0.0.1:${pg.port}, data in ${pg.dir}`);
}
if (!redisUrl) {
  const redis = await startRedis();
  stops.push(redis.stop);
  redisUrl = `redis://127.0.0.1:${redis.port}`;
  console.log(`Redis (throwaway) on 127.0.0.1:${redis.port}`);
}

const port = process.env.PORT ?? '3100';
const vigilPort = process.env.VIGIL_PORT ?? '9464';
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  PORT: port,
  OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME ?? 'lab-service',
  VIGIL_PORT: vigilPort,
  VIGIL_DATA_DIR: process.env.VIGIL_DATA_DIR ?? resolve(root, 'data/lab-service'),
  OTEL_METRIC_EXPORT_INTERVAL: process.env.OTEL_METRIC_EXPORT_INTERVAL ?? '10000',
};
const child = spawn(process.execPath, ['--import', resolve(root, 'dist/src/register.js'), resolve(here, 'server.mjs')], { env, stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
let timer;
child.stdout.pipe(process.stdout);
child.stdout.on('data', (d) => {
  const m = /LISTENING (\d+)/.exec(String(d));
  if (!m || timer) return;
  console.log(`\nlab service:  http://127.0.0.1:${m[1]}/orders/1\ndashboard:    http://127.0.0.1:${vigilPort}/dashboard\nmetrics:      http://127.0.0.1:${vigilPort}/metrics\n`);
  if (process.env.LAB_TRAFFIC !== '0') timer = setInterval(() => void traffic(`http://127.0.0.1:${m[1]}`), 400);
});

let n = 0;
/** One step of a day at the lab: orders, repeated reads (cache hits), results (some unreadable), a failing report. */
async function traffic(base) {
  n++;
  const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  try {
    const order = await (await fetch(`${base}/orders`, json({ mrn: `MRN-${100000 + (n % 50)}`, test: ['CBC', 'BMP', 'HbA1c', 'TSH'][n % 4] }))).json();
    await fetch(`${base}/orders/${order.id}`);
    await fetch(`${base}/orders/${order.id}`);
    await fetch(`${base}/orders/${order.id}/result`, json({ value: n % 9 === 0 ? 'H!gh' : (4 + (n % 7) / 3).toFixed(1) }));
    if (n % 10 === 0) await fetch(`${base}/reports/turnaround`);
    if (n % 13 === 0) await fetch(`${base}/orders/999999`);
  } catch {
    // the service is stopping
  }
}

const stop = async () => {
  clearInterval(timer);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  for (const s of stops) await s();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
child.once('exit', (code) => {
  if (!timer) process.exitCode = code ?? 1;
});
