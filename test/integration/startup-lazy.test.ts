import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { ROOT, freePort, startApp, tempDir } from '../helpers/child.js';

const DIR = resolve(ROOT, 'test/fixtures/startup');
const WATCH = ['--import', resolve(DIR, 'watch-loads.mjs')];

async function loadedBy(env: Record<string, string>): Promise<{ first: string[]; later: string[]; files: { dist: number; opentelemetry: number } }> {
  const app = startApp(resolve(DIR, 'loaded-modules.mjs'), env, { nodeArgs: WATCH });
  const first = JSON.parse((await app.waitFor(/FIRST (.*)/))[1]!) as string[];
  const files = JSON.parse((await app.waitFor(/FILES (.*)/))[1]!) as { dist: number; opentelemetry: number };
  const later = JSON.parse((await app.waitFor(/LATER (.*)/))[1]!) as string[];
  await app.exited;
  return { first, later, files };
}

describe('start-up loads only what is on (a child process lists the modules it loaded)', () => {
  it('with the telemetry server off: no Express, no server or router modules, no YAML parser without a config file', async () => {
    const { first, later } = await loadedBy({ VIGIL_PORT: '0' });
    expect(first).toEqual(['/src/sdk/start.js']);
    expect(later).toEqual(['/src/sdk/start.js']);
  });

  it('the preload is bundled: its OpenTelemetry dependencies are inside, and it reads tens of files, not hundreds', async () => {
    // Each file costs ≈ 0.35 ms to load (bench/README.md, start-up); tsc's per-file dist/ read ≈ 280 of
    // Vigil's and ≈ 250 of OpenTelemetry's.
    const { files } = await loadedBy({ VIGIL_PORT: '0' });
    expect(files.opentelemetry).toBe(0);
    expect(files.dist).toBeGreaterThan(0);
    expect(files.dist).toBeLessThan(100);
  });

  it('with the server on: it listens before the application runs, and loads Express and the routers at its first request', async () => {
    const port = await freePort();
    const app = startApp(resolve(DIR, 'loaded-modules.mjs'), { VIGIL_PORT: String(port), WAIT_MS: '3000' }, { nodeArgs: WATCH });
    const first = JSON.parse((await app.waitFor(/FIRST (.*)/))[1]!) as string[];
    expect(first).toEqual(['/src/server/app.js', '/src/sdk/start.js']);
    const r = await fetch(`http://127.0.0.1:${port}/health`);
    expect(r.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/monitoring`)).status).toBe(200);
    const later = JSON.parse((await app.waitFor(/LATER (.*)/))[1]!) as string[];
    expect(later).toEqual(['/node_modules/express/', '/src/server/app.js', '/src/dashboard/router.js', '/src/sdk/start.js']);
    await app.exited;
  });

  it('with a config file the YAML parser loads and the file applies; with the SDK disabled nothing of the SDK loads', async () => {
    const dir = tempDir();
    const file = resolve(dir, 'vigil.config.yaml');
    writeFileSync(file, 'health:\n  checks: []\n');
    expect((await loadedBy({ VIGIL_PORT: '0', VIGIL_CONFIG: file })).first).toEqual(['/node_modules/yaml/', '/src/sdk/start.js']);
    expect((await loadedBy({ VIGIL_PORT: '0', OTEL_SDK_DISABLED: 'true' })).first).toEqual([]);
  });
});
