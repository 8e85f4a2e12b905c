import { get } from 'node:http';
import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { NODE, REGISTER, ROOT, eventually, freePort, startApp, tempDir } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';

const APP = resolve(ROOT, 'test/fixtures/cluster/app.mjs');
let running: Child | undefined;
afterEach(async () => {
  running?.kill('SIGTERM');
  await running?.exited;
  running = undefined;
});

/** The summed request count of http.server.request.duration on a scrape (the name with or without the unit suffix). */
function requestCount(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/^http_server_request_duration(?:_seconds)?_count\{[^}]*\} (\d+)$/gm)) total += Number(m[1]);
  return total;
}

/** Waits until the shared database holds exactly `n` server spans; says how many it saw if not. */
async function storedServerSpans(dataDir: string, n: number): Promise<void> {
  let seen = -1;
  try {
    await eventually(() => {
      const db = new DatabaseSync(join(dataDir, 'monitoring.db'), { readOnly: true });
      seen = (db.prepare('SELECT COUNT(*) AS n FROM spans WHERE kind = 1').get() as { n: number }).n;
      db.close();
      return seen === n ? true : undefined;
    }, 30_000, 250);
  } catch {
    throw new Error(`expected ${n} server spans in the database, saw ${seen}`);
  }
}

/** A new connection per request, so the cluster's round-robin spreads them over the workers. */
function once(port: number): Promise<string> {
  return new Promise((res, rej) => {
    const req = get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 3000 }, (r) => {
      r.resume();
      r.on('end', () => res(String(r.headers['x-worker'])));
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 3 s')));
    req.on('error', rej);
  });
}

async function send(port: number, n: number): Promise<Map<string, number>> {
  const byWorker = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const w = await once(port);
    byWorker.set(w, (byWorker.get(w) ?? 0) + 1);
  }
  return byWorker;
}

describe.each([2, 4])('a node:cluster service with %i workers, preloaded', (workers) => {
  it('one /metrics counts every worker, keeps counting across a killed worker, no port error', async () => {
    const [appPort, vigilPort] = [await freePort(), await freePort()];
    const dataDir = tempDir();
    const child = (running = startApp(APP, { WORKERS: String(workers), APP_PORT: String(appPort), VIGIL_PORT: String(vigilPort), VIGIL_DATA_DIR: dataDir }));
    await child.waitFor(/READY/, 60_000);
    const scrape = async () => (await fetch(`http://127.0.0.1:${vigilPort}/metrics`)).text();

    const first = await send(appPort, 120);
    expect(first.size).toBe(workers); // the cluster spread them: every worker served some
    await eventually(async () => (requestCount(await scrape()) === 120 ? true : undefined), 20_000, 250);

    // Its spans are in the database before it dies (a kill -9 loses what a process still buffers).
    await storedServerSpans(dataDir, 120);
    // SIGKILL one worker: its totals must stay in the sums (no counter reset for rate()).
    const victim = [...first.keys()][0]!;
    process.kill(Number(victim), 'SIGKILL');
    await child.waitFor(/RESPAWNED/, 60_000);
    expect(requestCount(await scrape())).toBe(120);

    const second = await send(appPort, 80);
    expect(second.has(victim)).toBe(false);
    await eventually(async () => (requestCount(await scrape()) === 200 ? true : undefined), 20_000, 250);

    // Gauges are per process; every live worker and the primary answer.
    const pids = new Set([...(await scrape()).matchAll(/^process_memory_usage(?:_bytes)?\{[^}]*process_pid="(\d+)"/gm)].map((m) => m[1]));
    expect(pids.size).toBe(workers + 1);
    expect(pids.has(victim)).toBe(false);

    expect(child.stderr()).not.toMatch(/already in use|EADDRINUSE/);
    // Every request the workers answered is a span in the shared database.
    await storedServerSpans(dataDir, 200);
  });
});

describe('a PM2 cluster (2 instances), preloaded through --node-args', () => {
  let stopPm2: (() => void) | undefined;
  afterEach(() => stopPm2?.());
  it('one /metrics counts both instances, and keeps counting across a SIGKILLed instance PM2 restarts', { timeout: 150_000 }, async () => {
    const [appPort, vigilPort] = [await freePort(), await freePort()];
    const env = { PATH: process.env.PATH ?? '', HOME: tempDir(), PM2_HOME: tempDir('vigil-pm2-'), APP_PORT: String(appPort), VIGIL_PORT: String(vigilPort), VIGIL_DATA_DIR: tempDir() };
    const pm2 = (...args: string[]) => execFileSync(NODE, [resolve(ROOT, 'node_modules/pm2/bin/pm2'), ...args], { env, encoding: 'utf8', timeout: 60_000 });
    stopPm2 = () => pm2('kill');
    {
      pm2('start', resolve(ROOT, 'test/fixtures/cluster/pm2-app.mjs'), '-i', '2', '--name', 'lab', '--node-args', `--import ${REGISTER}`);
      const scrape = async () => (await fetch(`http://127.0.0.1:${vigilPort}/metrics`)).text();
      let sent = 0;
      const counted = async (n: number) => {
        const m = await send(appPort, n);
        sent += n;
        return m;
      };
      // Until both instances listen (a refused connection throws before counting).
      const served = await eventually(async () => {
        const m = await counted(10);
        return m.size === 2 ? m : undefined;
      }, 60_000, 250);
      await counted(60);
      await eventually(async () => (requestCount(await scrape()) >= sent ? true : undefined), 20_000, 250);
      expect(requestCount(await scrape())).toBe(sent);

      process.kill(Number([...served.keys()][0]), 'SIGKILL');
      // PM2 restarts it: both instances answer again, and nothing counted before went missing.
      await eventually(async () => ((await send(appPort, 4)).size === 2 ? true : undefined), 60_000, 500);
      expect(requestCount(await scrape())).toBeGreaterThanOrEqual(sent);
      expect(pm2('logs', 'lab', '--nostream', '--lines', '200', '--err')).not.toMatch(/already in use|EADDRINUSE/);
    }
  });
});
