import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AggregationTemporality, DataPointType, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { Fleet } from '../../../src/server/peers/fleet.js';
import { isAlive, peersDir, procStartOf, register } from '../../../src/server/peers/registry.js';
import { PEER_PATH, TOKEN_HEADER } from '../../../src/server/peers/wire.js';

// A real process stands for a peer's pid (a recycled pid is a live process of someone else).
let sleeper: ChildProcess;
let servers: Server[] = [];
let fleet: Fleet | undefined;
beforeEach(() => {
  sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
});
afterEach(async () => {
  sleeper.kill('SIGKILL');
  await fleet?.leave();
  fleet = undefined;
  for (const s of servers) s.close();
  servers = [];
});

const requests = (value: number): ScopeMetrics[] => [
  {
    scope: { name: 'test' },
    metrics: [
      {
        descriptor: { name: 'requests', description: '', unit: '', type: InstrumentType.COUNTER, valueType: 1 },
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints: [{ startTime: [1, 0], endTime: [1, 0], attributes: {}, value }],
      },
    ],
  },
];
const total = (out: ScopeMetrics[]) => out.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'requests')?.dataPoints[0]?.value;

/** A peer's endpoint answering fixed metrics behind a token. */
async function peer(token: string, metrics: ScopeMetrics[]): Promise<number> {
  const s = createServer((req, res) => {
    if (req.url !== PEER_PATH || req.headers[TOKEN_HEADER] !== token) return void res.writeHead(404).end();
    res.end(JSON.stringify(metrics));
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

async function leader(dataDir: string): Promise<Fleet> {
  fleet = new Fleet({ dataDir, serviceName: 'svc', collectOwn: async () => [] });
  await fleet.join();
  fleet.becomeLeader();
  return fleet;
}

describe('the peers registry and a recycled pid', () => {
  it('takes a live pid started at another time for a gone process', () => {
    const start = procStartOf(sleeper.pid!);
    expect(start).toMatch(/^\d+$/);
    expect(isAlive({ pid: sleeper.pid!, procStart: start })).toBe(true);
    expect(isAlive({ pid: sleeper.pid!, procStart: '1' })).toBe(false);
    expect(isAlive({ pid: sleeper.pid! })).toBe(true); // no start time recorded: the pid alone decides
  });

  it('drops a registration whose pid now belongs to another process: no peer is waited for, the file goes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-peers-'));
    const f = await leader(dataDir);
    const dir = peersDir(dataDir, 'svc');
    register(dir, { pid: sleeper.pid!, port: 1, token: 'x', startedAt: 1, procStart: '1' });
    expect(f.othersAlive()).toBe(false);
    expect(existsSync(join(dir, `${sleeper.pid}.json`))).toBe(false);
  });

  it('keeps the totals of a worker replaced by another under the same pid, so the sum does not fall back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-peers-'));
    const f = await leader(dataDir);
    const dir = peersDir(dataDir, 'svc');
    const procStart = procStartOf(sleeper.pid!);
    register(dir, { pid: sleeper.pid!, port: await peer('first', requests(100)), token: 'first', startedAt: 1, procStart });
    expect(total(await f.collect([]))).toBe(100);
    // The first worker died; a new one got the same pid and registered over it, counting from zero.
    register(dir, { pid: sleeper.pid!, port: await peer('second', requests(5)), token: 'second', startedAt: 2, procStart });
    expect(total(await f.collect([]))).toBe(105);
    expect(total(await f.collect([]))).toBe(105);
  });
});

describe('a registration nobody answers for', () => {
  it('is dropped when its port refuses, even where the pid alone looks alive (no /proc start time)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-peers-'));
    const f = await leader(dataDir);
    const dir = peersDir(dataDir, 'svc');
    const closed = await peer('x', requests(1));
    servers.pop()!.close();
    register(dir, { pid: sleeper.pid!, port: closed, token: 'x', startedAt: 1 });
    expect(f.othersAlive()).toBe(true); // the pid alone cannot tell
    await f.collect([]);
    expect(f.othersAlive()).toBe(false);
    expect(existsSync(join(dir, `${sleeper.pid}.json`))).toBe(false);
    expect(await f.peerHealth()).toEqual([]);
  });
});
