// Issue 16: an idle application is not woken 20–40 times a second to sample
// its event-loop delay. The `event_loop` check (every 3 s here) reports how
// many samples its window held: 60 at the fine 50 ms period, 6 at the idle
// period of 500 ms. The runtime gauges read the same sampler.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, freePort, startApp, tempDir } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';

let child: Child | undefined;
afterAll(() => child?.kill('SIGKILL'));

interface Entry {
  time: string;
  details?: { samples?: number };
}

describe('event-loop delay sampling at idle', () => {
  it('drops to the idle period once the loop has been idle 10 s, and keeps measuring', async () => {
    const dir = tempDir();
    const config = join(dir, 'vigil.config.yaml');
    writeFileSync(config, 'health:\n  checks:\n    - { type: event_loop, interval: 3s }\n');
    const app = join(dir, 'idle-app.mjs');
    writeFileSync(app, "import { createServer } from 'node:http';\ncreateServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', () => console.log('READY'));\n");
    const port = await freePort();
    child = startApp(app, { VIGIL_PORT: String(port), VIGIL_CONFIG: config, VIGIL_DATA_DIR: join(dir, 'data') });
    const latest = async (): Promise<Entry | undefined> => {
      const body = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { checks?: Record<string, Entry[]> };
      return body.checks?.['eventLoop:delay']?.[0];
    };
    // Start-up counts as use: the first windows are sampled finely.
    const early = await eventually(async () => ((await latest())?.details?.samples ?? 0) > 0 ? latest() : undefined);
    expect(early!.details!.samples).toBeGreaterThan(20);
    // 10 s of holding, a one-second window, then a whole 3 s check window at the idle period.
    const idle = await eventually(async () => {
      const e = await latest();
      return e && Date.parse(e.time) - Date.parse(early!.time) >= 15_000 ? e : undefined;
    }, 30_000, 500);
    expect(idle.details!.samples).toBeGreaterThan(0);
    expect(idle.details!.samples).toBeLessThanOrEqual(10);
  }, 45_000);
});
