import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const node = join(root, 'node_modules/.bin/node');
const fixture = join(root, 'test/fixtures/progress/job.mjs');
const TOTAL = 400;

// The fixture runs the compiled code, as a user's job would. `npm test` builds dist/
// first; rebuilding it here raced other tests' child processes loading it.
beforeAll(() => {
  expect(existsSync(join(root, 'dist/src/progress/index.js'))).toBe(true);
});

function readProcessed(file: string): number {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).processed as number;
  } catch {
    return 0;
  }
}

function run(checkpoint: string, dbFile: string) {
  const child = spawn(node, [fixture, checkpoint, dbFile, String(TOTAL)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines = () =>
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, exited, lines, stderr: () => err };
}

describe('a progress job killed half-way', () => {
  test('resumes from its checkpoint after SIGKILL and finishes with the right totals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-progress-job-'));
    const checkpoint = join(dir, 'job.checkpoint.json');
    const dbFile = join(dir, 'monitoring.db');

    const first = run(checkpoint, dbFile);
    const deadline = Date.now() + 30_000;
    while (readProcessed(checkpoint) < TOTAL / 2) {
      if (Date.now() > deadline) throw new Error(`job made no progress: ${first.stderr()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    const atKill = readProcessed(checkpoint);
    expect(atKill).toBeGreaterThanOrEqual(TOTAL / 2);
    expect(atKill).toBeLessThan(TOTAL);

    const second = run(checkpoint, dbFile);
    const { code } = await second.exited;
    expect(code, second.stderr()).toBe(0);
    const [start, done] = second.lines();
    expect(start).toEqual({ event: 'start', processed: atKill, resumed: true });
    const failed = Math.ceil(TOTAL / 7); // items 0, 7, 14, ... < TOTAL
    expect((done as { status: Record<string, unknown> }).status).toMatchObject({
      state: 'completed',
      total: TOTAL,
      processed: TOTAL,
      failed,
      successful: TOTAL - failed,
      percent: 100,
      resumed: true,
    });

    const db = new DatabaseSync(dbFile, { readOnly: true });
    try {
      expect(db.prepare('SELECT state, processed, successful, failed FROM progress').all()).toEqual([
        { state: 'completed', processed: TOTAL, successful: TOTAL - failed, failed },
      ]);
    } finally {
      db.close();
    }
    expect(JSON.parse(readFileSync(checkpoint, 'utf8'))).toMatchObject({ state: 'completed', processed: TOTAL });
  });
});
