import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { trackProgress } from '../../../src/progress/index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'vigil-progress-'));

describe('trackProgress counts, status and report', () => {
  test('updates are per batch; status sums them, percent and ETA follow', () => {
    let now = 0;
    const t = trackProgress('import-patients', { total: 100, clock: () => now });
    expect(t.status().etaSeconds).toBeNull();
    now = 1000;
    t.update({ processed: 10, failed: 1 });
    now = 2000;
    t.update({ successful: 15, failed: 5 });
    const s = t.status();
    expect(s).toMatchObject({ processed: 30, successful: 24, failed: 6, total: 100, state: 'running', resumed: false });
    expect(s.percent).toBe(30);
    expect(s.rate).toBe(15);
    expect(s.etaSeconds).toBeCloseTo(70 / 15);
    expect(t.report()).toMatch(/^import-patients: 30\/100 \(30\.0%\) · .*\/s · ETA .* · elapsed .* · 24 ok, 6 failed$/);
  });

  test('complete() sets state and ETA 0; reset() starts over', () => {
    const t = trackProgress('job-complete', { total: 4 });
    t.update({ processed: 4 });
    const done = t.complete();
    expect(done.state).toBe('completed');
    expect(done.etaSeconds).toBe(0);
    expect(t.report()).toContain('done');
    t.reset(8);
    expect(t.status()).toMatchObject({ processed: 0, successful: 0, failed: 0, total: 8, state: 'running' });
  });

  test('no rate or ETA from a tiny first interval; then the recent window, not the whole run', () => {
    // Issue 10, defect 5: 100 of 1000 items 0.2 ms after the start showed as "494071.1/s · ETA 0s".
    let now = 0;
    const t = trackProgress('window-job', { total: 10_000, clock: () => now });
    now = 0.2;
    t.update({ processed: 100 });
    expect(t.status()).toMatchObject({ rate: 0, etaSeconds: null });
    expect(t.report()).toContain('ETA ?');
    // 100 items a second for a minute, then 10 a second for a minute.
    for (let s = 1; s <= 60; s++) {
      now = s * 1000;
      t.update({ processed: 100 });
    }
    expect(t.status().rate).toBeCloseTo(100, 0);
    for (let s = 61; s <= 120; s++) {
      now = s * 1000;
      t.update({ processed: 10 });
    }
    const slow = t.status();
    expect(slow.rate).toBeCloseTo(10, 5);
    expect(slow.etaSeconds).toBeCloseTo((10_000 - slow.processed) / 10, 0);
  });

  test('stop() ends the run part-way: state stopped, no ETA; a later update carries on', () => {
    let now = 0;
    const t = trackProgress('stop-job', { total: 1000, clock: () => now });
    now = 2000;
    t.update({ processed: 400 });
    expect(t.stop()).toMatchObject({ state: 'stopped', processed: 400, etaSeconds: null, rate: 200 });
    now = 3000;
    t.update({ processed: 100 });
    expect(t.status()).toMatchObject({ state: 'running', processed: 500 });
  });

  test('bad input is dropped, never thrown', () => {
    const t = trackProgress('job-bad', { total: 10 });
    t.update({ processed: Number.NaN, failed: -3 });
    expect(t.status().processed).toBe(0);
  });
});

describe('checkpoint file', () => {
  test('written on every update as valid JSON, and a new tracker resumes from it', () => {
    const file = join(tmp(), 'nested', 'job.checkpoint.json');
    const first = trackProgress('resume-job', { total: 50, checkpointFile: file });
    first.update({ processed: 20, failed: 2 });
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ version: 1, jobId: 'resume-job', processed: 20, successful: 18, failed: 2 });
    const second = trackProgress('resume-job', { total: 50, checkpointFile: file });
    expect(second.status()).toMatchObject({ processed: 20, successful: 18, failed: 2, resumed: true });
    expect(second.status().startedMs).toBe(saved.startedMs);
    second.update({ processed: 30 });
    expect(second.status()).toMatchObject({ processed: 50, successful: 48, percent: 100 });
  });

  test('a completed checkpoint starts a new run; a corrupt one is ignored', () => {
    const dir = tmp();
    const done = join(dir, 'done.json');
    const a = trackProgress('done-job', { total: 2, checkpointFile: done });
    a.update({ processed: 2 });
    a.complete();
    expect(trackProgress('done-job', { total: 2, checkpointFile: done }).status()).toMatchObject({
      processed: 0,
      resumed: false,
    });
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"version":1,"processed":');
    expect(trackProgress('corrupt-job', { total: 2, checkpointFile: corrupt }).status().processed).toBe(0);
  });

  test('an unwritable checkpoint path does not throw into the job', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), 'x');
    const t = trackProgress('unwritable', { total: 5, checkpointFile: join(dir, 'file', 'cp.json') });
    expect(() => t.update({ processed: 1 })).not.toThrow();
    expect(t.status().processed).toBe(1);
  });
});
