import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ROOT, eventually, freePort, startApp, tempDir } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';

// Storage faults through the wired product: one clear line naming the path,
// the application keeps serving, and the other exporters keep working.
const APP = resolve(ROOT, 'test/fixtures/storage/app.mjs');

async function serve(app: Child, times = 3): Promise<void> {
  const port = (await app.waitFor(/LISTENING (\d+)/))[1];
  for (let i = 0; i < times; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/patients/${i}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  }
}

const vigilLines = (app: Child): string[] => app.stderr().split('\n').filter((l) => l.startsWith('vigil:'));

describe('a data dir that cannot be created', () => {
  it('serves requests, says so in one line naming the path, and /metrics still works', async () => {
    // chmod does not stop root: a directory under a regular file fails for everyone (ENOTDIR).
    const parent = resolve(tempDir(), 'not-a-dir');
    writeFileSync(parent, 'a regular file');
    const dataDir = resolve(parent, 'data');
    const vigilPort = await freePort();
    const app = startApp(APP, { VIGIL_DATA_DIR: dataDir, VIGIL_PORT: String(vigilPort) });
    try {
      await serve(app);
      // The privacy room adds its own line about keeping the redaction key there; storage says it once.
      const lines = vigilLines(app).filter((l) => !l.includes('redaction key'));
      expect(lines, app.stderr()).toHaveLength(1);
      expect(lines[0]).toContain(dataDir);
      expect(lines[0]).toMatch(/SQLite storage is off/);
      // No stack trace: the fault is the line, nothing else on stderr.
      expect(app.stderr()).not.toMatch(/\n\s+at /);
      // Prometheus (the other metrics exporter) keeps working.
      const text = await eventually(async () => {
        const t = await (await fetch(`http://127.0.0.1:${vigilPort}/metrics`)).text();
        return t.includes('http_server_request_duration') ? t : undefined;
      });
      expect(text).toMatch(/http_server_request_duration(?:_seconds)?_count\{[^}]*\} 3/);
    } finally {
      app.kill('SIGKILL');
    }
  });
});

describe('a corrupt monitoring.db', () => {
  it('moves it aside, says so in one line naming both files, and writes to a fresh one', async () => {
    const dataDir = tempDir();
    const path = resolve(dataDir, 'monitoring.db');
    const garbage = Buffer.concat([Buffer.from('this is not an SQLite file\n'), randomBytes(16_384)]);
    writeFileSync(path, garbage);
    const app = startApp(APP, { VIGIL_DATA_DIR: dataDir });
    try {
      await serve(app);
      const lines = vigilLines(app).filter((l) => l.includes(path));
      expect(lines, app.stderr()).toHaveLength(1);
      const aside = readdirSync(dataDir).filter((f) => f.startsWith('monitoring.db.corrupt-'));
      expect(aside).toHaveLength(1);
      const asidePath = resolve(dataDir, aside[0]!);
      expect(lines[0]).toContain(asidePath);
      // Kept for inspection, byte for byte.
      expect(readFileSync(asidePath).equals(garbage)).toBe(true);
      // The fresh file takes the requests' spans.
      const n = await eventually(() => {
        if (!existsSync(path)) return undefined;
        const db = new DatabaseSync(path, { readOnly: true });
        try {
          const r = db.prepare(`SELECT COUNT(*) AS n FROM spans WHERE kind = 1`).get() as { n: number };
          return Number(r.n) >= 3 ? Number(r.n) : undefined;
        } finally {
          db.close();
        }
      });
      expect(n).toBe(3);
      expect(app.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      app.kill('SIGKILL');
    }
  });
});
