import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/src/health/index.js', import.meta.url));

describe('a started health registry', () => {
  it('never keeps the process alive, yet an awaited report waits for its first runs', () => {
    expect(existsSync(dist), 'run `npm run build` first (npm test does)').toBe(true);
    const script = `
      const h = await import(${JSON.stringify(dist)});
      const health = h.createHealth();
      for (const c of [h.memoryCheck(), h.cpuCheck(), h.eventLoopCheck(), h.diskCheck({ path: '.' })]) health.add(c);
      health.register('slow', () => new Promise((r) => setTimeout(r, 60_000).unref()), { timeout: 300, interval: 1000 });
      health.start();
      const r = await health.report({ verbose: true });
      console.log(r.checks['slow:status'][0].output);
    `;
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('timed out after 300 ms');
    expect(r.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
