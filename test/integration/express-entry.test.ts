import { afterEach, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ROOT, eventually, startApp, tempDir } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';

let child: Child | undefined;
afterEach(() => child?.kill('SIGKILL'));

describe('@vigil/otel/express', () => {
  it("serves /metrics on the application's own port and records errors its handlers pass on", async () => {
    const dataDir = tempDir();
    child = startApp(resolve(ROOT, 'test/fixtures/express/app.mjs'), { VIGIL_DATA_DIR: dataDir });
    const [, port] = await child.waitFor(/LISTENING (\d+)/);
    // The application's own error handler still answers: the middleware passed the error on.
    for (const id of [1, 2]) expect((await fetch(`http://127.0.0.1:${port}/orders/${id}`)).status).toBe(409);
    const metrics = await eventually(async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return text.includes('http_route="/orders/:id"') ? text : undefined;
    });
    expect(metrics).toContain('http_server_request_duration_seconds_count');
    const group = await eventually(() => {
      const db = new DatabaseSync(join(dataDir, 'monitoring.db'), { readOnly: true });
      try {
        const rows = db.prepare("SELECT message, count FROM errors WHERE message LIKE 'order % is locked'").all() as { count: number }[];
        // One group for both ids, counted once per request (the middleware's capture only).
        return rows.length === 1 && rows[0]!.count === 2 ? rows : undefined;
      } finally {
        db.close();
      }
    });
    expect(group).toHaveLength(1);
  });
});
