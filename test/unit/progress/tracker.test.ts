import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { trackProgress } from '../../../src/progress/index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'vigil-progress-'));

describe('trackProgress counts, status and report', () => {
  test('updates are per batch; status sums them, percent and ETA follow', () => {
    const t = trackProgress('import-patients', { total: 100 });
    expect(t.status().etaSeconds).toBeNull();
    t.update({ processed: 10, failed: 1 });
    t.update({ successful: 15, failed: 5 });
    const s = t.status();
    expect(s).toMatchObject({ processed: 30, successful: 24, failed: 6, total: 100, state: 'running', resumed: false });
    expect(s.percent).toBe(30);
    expect(s.rate).toBeGreaterThan(0);
    expect(s.etaSeconds).toBeGreaterThan(0);
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
