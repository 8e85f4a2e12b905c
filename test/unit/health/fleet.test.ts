import { afterEach, describe, expect, it } from 'vitest';
import { createHealth } from '../../../src/health/registry.js';
import type { PeerHealth } from '../../../src/health/types.js';
import type { Health } from '../../../src/health/types.js';
import { verdict } from '../../../src/health/verdict.js';

let health: Health | undefined;
afterEach(() => health?.stop());

const dbCheck = { name: 'db', component: 'db', measurement: 'status', critical: true };
const result = (status: 'pass' | 'fail', output?: string) => ({ name: 'db', result: { status, ...(output ? { output } : {}) }, timeMs: 1, durationMs: 1 });

describe('the health of several processes of one service', () => {
  it('puts every process\'s checks into the one computation, each named with its pid; a silent process is a warning', async () => {
    health = createHealth();
    health.register('db', () => true, { critical: true });
    const peers: PeerHealth[] = [
      { pid: 99, answered: true, health: { pid: 99, checks: [{ check: dbCheck, last: result('fail', 'connection refused') }] } },
      { pid: 100, answered: false },
      { pid: 101, answered: false, health: { pid: 101, checks: [{ check: dbCheck, last: result('pass') }] } },
    ];
    health.setPeers(async () => peers);
    const report = await health.report({ verbose: true });
    expect(report.status).toBe('fail');
    expect(report.output).toContain('db (pid 99): connection refused');
    expect(report.output).toContain('process (pid 100): did not answer in time; nothing known of its checks');
    expect(report.output).toContain('process (pid 101): did not answer in time; its last results are shown');
    expect(report.output).not.toContain(`db (pid ${process.pid})`);
    expect(report.checks!['db:status']!.map((e) => [e.pid, e.status])).toEqual([
      [process.pid, 'pass'],
      [99, 'fail'],
      [101, 'pass'],
    ]);

    // The dashboard's view is the same computation over the same results.
    const fleet = await health.fleet();
    expect(fleet.verdict).toEqual(
      verdict([
        { name: `db (pid ${process.pid})`, status: 'pass', critical: true },
        { name: 'db (pid 99)', status: 'fail', critical: true, output: 'connection refused' },
        { name: 'process (pid 100)', status: 'warn', critical: false, output: 'did not answer in time; nothing known of its checks' },
        { name: 'db (pid 101)', status: 'pass', critical: true },
        { name: 'process (pid 101)', status: 'warn', critical: false, output: 'did not answer in time; its last results are shown' },
      ]),
    );
    expect(report.score).toBe(fleet.verdict.score);
  });

  it('is this process alone when there are no peers, or asking them fails', async () => {
    health = createHealth();
    health.register('db', () => true, { critical: true });
    health.setPeers(async () => []);
    expect((await health.report({ verbose: true })).checks!['db:status']![0]!.pid).toBeUndefined();
    health.setPeers(() => Promise.reject(new Error('peers dir gone')));
    expect((await health.report()).status).toBe('pass');
  });
});
