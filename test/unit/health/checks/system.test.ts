import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpuCheck } from '../../../../src/health/checks/cpu.js';
import { diskCheck } from '../../../../src/health/checks/disk.js';
import { eventLoopCheck } from '../../../../src/health/checks/event-loop.js';
import { memoryCheck } from '../../../../src/health/checks/memory.js';
import { runCheck } from '../../../../src/health/run.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vigil-health-sys-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('diskCheck', () => {
  it('reports the used percentage of the temp dir and applies the thresholds', async () => {
    const relaxed = await runCheck(diskCheck({ path: dir, warnPercent: 101, failPercent: 101 }));
    expect(relaxed.result).toMatchObject({ status: 'pass', observedUnit: '%' });
    const used = relaxed.result.observedValue as number;
    expect(used).toBeGreaterThanOrEqual(0);
    expect(used).toBeLessThanOrEqual(100);
    expect((await runCheck(diskCheck({ path: dir, warnPercent: 0, failPercent: 101 }))).result.status).toBe('warn');
    const full = await runCheck(diskCheck({ path: dir, warnPercent: 0, failPercent: 0 }));
    expect(full.result.status).toBe('fail');
    expect(full.result.output).toMatch(/% used \(warn at 0%, fail at 0%\)/);
  });

  it('fails for a missing path and defaults to 15 s', async () => {
    const check = diskCheck({ path: join(dir, 'missing') });
    expect(check.intervalMs).toBe(15_000);
    expect((await runCheck(check)).result.status).toBe('fail');
  });
});

describe('memoryCheck', () => {
  it('reports the highest memory pressure with system, heap and RSS figures', async () => {
    const r = await runCheck(memoryCheck({ warnPercent: 101, failPercent: 101 }));
    expect(r.result).toMatchObject({ status: 'pass', observedUnit: '%' });
    expect(r.result.details).toMatchObject({ systemPercent: expect.any(Number), heapPercent: expect.any(Number), rssBytes: expect.any(Number) });
    expect((await runCheck(memoryCheck({ warnPercent: 0, failPercent: 0 }))).result.status).toBe('fail');
  });
});

describe('cpuCheck', () => {
  it('reports host and process CPU since the previous run', async () => {
    const check = cpuCheck({ warnPercent: 101, failPercent: 101 });
    const end = Date.now() + 30;
    while (Date.now() < end); // some work to measure
    const r = await runCheck(check);
    expect(r.result).toMatchObject({ status: 'pass', observedUnit: '%' });
    expect(r.result.observedValue).toBeGreaterThanOrEqual(0);
    expect(r.result.observedValue).toBeLessThanOrEqual(100);
    expect((r.result.details as { processPercent: number }).processPercent).toBeGreaterThan(0);
  });
});

describe('eventLoopCheck', () => {
  it('sees a blocked event loop in its p99 and releases the histogram on close', async () => {
    const check = eventLoopCheck({ warnMs: 50, failMs: 10_000 });
    await new Promise((r) => setTimeout(r, 60));
    const end = Date.now() + 120;
    while (Date.now() < end); // block the loop
    await new Promise((r) => setTimeout(r, 60));
    const r = await runCheck(check);
    expect(r.result.status).toBe('warn');
    expect(r.result.observedValue).toBeGreaterThanOrEqual(50);
    check.close!();
  });
});
