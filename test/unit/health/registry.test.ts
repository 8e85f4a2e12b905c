import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHealth } from '../../../src/health/registry.js';
import type { Health } from '../../../src/health/types.js';

let health: Health | undefined;
afterEach(() => health?.stop());

describe('createHealth: custom checks', () => {
  it('turns booleans, results, undefined and throws into statuses', async () => {
    health = createHealth();
    health.register('yes', () => true);
    health.register('no', () => false);
    health.register('quiet', () => undefined);
    health.register('result', async () => ({ status: 'warn', observedValue: 3, observedUnit: 'jobs', output: 'queue backing up' }));
    health.register('throws', () => {
      throw new Error('printer offline');
    });
    health.register('rejects', async () => Promise.reject(new Error('lab link down')));
    health.register('nonsense', () => ({ status: 'ok' }) as never);
    const by = Object.fromEntries((await health.runNow()).map((r) => [r.name, r.result]));
    expect(by.yes!.status).toBe('pass');
    expect(by.no).toMatchObject({ status: 'fail', output: 'the check returned false' });
    expect(by.quiet!.status).toBe('pass');
    expect(by.result).toMatchObject({ status: 'warn', observedValue: 3, output: 'queue backing up' });
    expect(by.throws).toMatchObject({ status: 'fail', output: 'printer offline' });
    expect(by.rejects).toMatchObject({ status: 'fail', output: 'lab link down' });
    expect(by.nonsense!.status).toBe('fail');
  });

  it('fails a run at its timeout and aborts its signal', async () => {
    health = createHealth();
    let aborted: unknown;
    health.register(
      'hangs',
      (signal) =>
        new Promise<boolean>(() => {
          signal.addEventListener('abort', () => (aborted = signal.reason));
        }),
      { timeout: 30 },
    );
    const [r] = await health.runNow('hangs');
    expect(r!.result).toMatchObject({ status: 'fail', output: 'timed out after 30 ms' });
    expect(aborted).toBeInstanceOf(Error);
  });

  it('caches results: a report runs only never-run checks', async () => {
    health = createHealth();
    let runs = 0;
    health.register('counted', () => {
      runs++;
      return true;
    });
    await health.report();
    await health.report({ verbose: true });
    expect(runs).toBe(1);
    await health.runNow('counted');
    expect(runs).toBe(2);
  });

  it('shares one run between concurrent callers', async () => {
    health = createHealth();
    let runs = 0;
    health.register('slowish', async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      return true;
    });
    await Promise.all([health.report(), health.report(), health.readiness()]);
    expect(runs).toBe(1);
  });

  it('replaces a check of the same name and removes through the returned function', async () => {
    health = createHealth();
    health.register('x', () => false);
    const off = health.register('x', () => true);
    expect(health.names()).toEqual(['x']);
    expect((await health.runNow('x'))[0]!.result.status).toBe('pass');
    off();
    expect(health.names()).toEqual([]);
  });
});

describe('createHealth: report and readiness', () => {
  it('reports the worst critical status, non-critical failures as warn', async () => {
    health = createHealth({ serviceId: 'emr', version: '1.2.0', description: 'clinic EMR' });
    health.register('db', () => true, { critical: true });
    health.register('backup', () => false);
    const brief = await health.report();
    expect(brief).toEqual({ status: 'warn', version: '1.2.0', serviceId: 'emr', description: 'clinic EMR' });
    health.register('db', () => false, { critical: true });
    expect((await health.report()).status).toBe('fail');
  });

  it('puts checks keyed component:measurement, score and system info in the verbose report', async () => {
    health = createHealth();
    health.register('queue', () => ({ status: 'pass', observedValue: 2, observedUnit: 'jobs' }), { critical: true });
    const r = await health.report({ verbose: true });
    expect(r.checks!['queue:status']).toEqual([
      expect.objectContaining({ componentId: 'queue', componentType: 'component', status: 'pass', observedValue: 2, observedUnit: 'jobs', critical: true }),
    ]);
    expect(Date.parse(r.checks!['queue:status']![0]!.time)).toBeGreaterThan(0);
    expect(r.checks!.uptime![0]).toMatchObject({ componentType: 'system', observedUnit: 's', status: 'pass' });
    expect(r.score).toBe(100);
    expect(r.system!.node).toBe(process.version);
    expect(r.system!.cpus.count).toBeGreaterThan(0);
    expect(r.system!.memory.totalBytes).toBeGreaterThan(0);
  });

  it('readiness looks at critical checks only and fails while shutting down', async () => {
    health = createHealth();
    health.register('optional', () => false);
    health.register('db', () => true, { critical: true });
    expect(await health.readiness()).toEqual({ status: 'pass', failing: [] });
    health.register('db', () => false, { critical: true });
    expect(await health.readiness()).toEqual({ status: 'fail', failing: ['db'] });
    health.register('db', () => true, { critical: true });
    health.markShuttingDown();
    expect(health.shuttingDown).toBe(true);
    expect((await health.readiness()).status).toBe('fail');
    expect((await health.report()).notes).toEqual(['shutting down']);
  });

  it('scores from cached results with the documented weights', async () => {
    health = createHealth();
    health.register('a', () => true, { critical: true });
    health.register('b', () => false);
    expect(health.score()).toBe(100);
    await health.runNow();
    expect(health.score()).toBe(75);
  });

  it('runs added checks on their interval once started, and no more after stop', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      health = createHealth();
      let runs = 0;
      health.register('ticker', () => void runs++, { interval: 1000 });
      expect(runs).toBe(0);
      health.start();
      await vi.advanceTimersByTimeAsync(3500);
      expect(runs).toBe(4); // one at start, then at 1, 2 and 3 s
      health.stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(runs).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
