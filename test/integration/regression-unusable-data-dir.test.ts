import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, startApp } from '../helpers/child.js';
import { makeDir } from '../../src/make-dir.js';

// VIGIL_DATA_DIR under /proc: Node's recursive mkdir retried ENOENT there
// forever, and the preload hung the application before its first line.
const APP = resolve(ROOT, 'test/fixtures/storage/app.mjs');

describe('a data directory that cannot be created', () => {
  it('makeDir throws at once, naming the cause', () => {
    expect(() => makeDir('/proc/vigil-no-such/data')).toThrow(/ENOENT/);
  });

  it('the application starts, serves and exits; one line names the directory', async () => {
    const app = startApp(APP, { VIGIL_DATA_DIR: '/proc/vigil-no-such/data' });
    await app.waitFor(/LISTENING (\d+)/, 15_000);
    app.kill('SIGTERM');
    const { code } = await app.exited;
    expect(code).toBe(0);
    const lines = app.stderr().split('\n').filter((l) => l.includes('/proc/vigil-no-such/data'));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(app.stderr()).toMatch(/cannot use data directory \/proc\/vigil-no-such\/data/);
  }, 30_000);
});
