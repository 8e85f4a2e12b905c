import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT, eventually, startApp, tempDir } from '../helpers/child.js';
import { missing, startPostgres, startRedis } from '../helpers/servers.js';
import type { TestServer } from '../helpers/servers.js';

// The example service of examples/lab-service (Fastify + pg + ioredis + pino), preloaded, against real servers.
const why = missing('postgres') ?? missing('redis');
if (why) console.warn(`lab-service: skipped: ${why}`);

describe.skipIf(why)('examples/lab-service with the preload', () => {
  let pg: TestServer;
  let redis: TestServer;
  beforeAll(async () => ([pg, redis] = await Promise.all([startPostgres(), startRedis()])), 120_000);
  afterAll(async () => Promise.all([pg?.stop(), redis?.stop()]));

  test('named routes, database and cache spans inside the request trace, correlated redacted logs, both failures recorded', async () => {
    const dataDir = tempDir();
    const app = startApp(resolve(ROOT, 'examples/lab-service/server.mjs'), {
      VIGIL_DATA_DIR: dataDir,
      DATABASE_URL: `postgres://postgres@127.0.0.1:${pg.port}/postgres`,
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      PORT: '0',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
    });
    try {
      const base = `http://127.0.0.1:${(await app.waitFor(/LISTENING (\d+)/, 60_000))[1]}`;
      const post = (path: string, body: unknown) => fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const order = (await (await post('/orders', { mrn: 'MRN-4455667', test: 'CBC' })).json()) as { id: number };
      expect((await fetch(`${base}/orders/${order.id}`)).status).toBe(200);
      expect((await fetch(`${base}/orders/${order.id}`)).status).toBe(200);
      expect((await post(`/orders/${order.id}/result`, { value: 'H!gh' })).status).toBe(500);
      expect((await fetch(`${base}/reports/turnaround`)).status).toBe(500);

      const db = join(dataDir, 'monitoring.db');
      const query = <T>(sql: string): T[] => {
        const d = new DatabaseSync(db, { readOnly: true });
        try {
          return d.prepare(sql).all() as T[];
        } finally {
          d.close();
        }
      };
      await eventually(() => query("SELECT 1 FROM metrics WHERE name = 'db.client.operation.duration' AND attributes LIKE '%42P01%'").length > 0 || undefined, 20_000);
      await eventually(() => query("SELECT 1 FROM messages WHERE body LIKE 'lab order placed%'").length > 0 || undefined);

      type Row = { trace_id: string; span_id: string; parent_span_id: string | null; name: string; kind: number; attributes: string };
      const spans = query<Row>('SELECT trace_id, span_id, parent_span_id, name, kind, attributes FROM spans');
      const insert = spans.find((s) => s.name === 'INSERT lab_orders')!;
      const request = spans.find((s) => s.span_id === insert.parent_span_id)!;
      expect(request).toMatchObject({ kind: 1, name: 'POST /orders' }); // the HTTP server span, named by its Fastify route
      expect(JSON.parse(insert.attributes)['db.query.text']).toBe('INSERT INTO lab_orders (patient_mrn, test) VALUES ($1, $2) RETURNING id, status');
      // The second read is a cache hit: one SELECT, GET twice, SET once.
      expect(spans.filter((s) => s.name === 'SELECT lab_orders')).toHaveLength(1);
      expect(spans.filter((s) => s.name === 'GET' && JSON.parse(s.attributes)['db.system.name'] === 'redis')).toHaveLength(2);
      expect(spans.filter((s) => s.name === 'SET')).toHaveLength(1);

      const placed = query<{ body: string; trace_id: string; span_id: string }>("SELECT body, trace_id, span_id FROM messages WHERE body LIKE 'lab order placed%'");
      expect(placed).toEqual([{ body: 'lab order placed for [MRN]', trace_id: insert.trace_id, span_id: request.span_id }]);
      const unreadable = query<{ trace_id: string }>("SELECT trace_id FROM messages WHERE body = 'analyzer sent an unreadable result'");
      expect(unreadable).toHaveLength(1);
      expect(spans.some((s) => s.trace_id === unreadable[0].trace_id && s.kind === 1)).toBe(true);
      // The failing report is an error group whose event carries the request's log lines as breadcrumbs.
      await eventually(() => query("SELECT 1 FROM error_events WHERE type = '42P01'").length > 0 || undefined);
      const [event] = query<{ trace_id: string; breadcrumbs: string }>("SELECT trace_id, breadcrumbs FROM error_events WHERE type = '42P01'");
      const crumbs = JSON.parse(event.breadcrumbs) as { category: string; message: string }[];
      expect(crumbs).toContainEqual(expect.objectContaining({ category: 'log', message: 'incoming request' }));
      expect(crumbs).toContainEqual(expect.objectContaining({ category: 'db', message: 'INSERT lab_orders' }));
      expect(query<{ n: number }>(`SELECT count(*) AS n FROM messages WHERE trace_id = '${event.trace_id}'`)[0].n).toBeGreaterThan(0);
      // The route's own failure (Fastify turns it into a 500) is an error group too.
      await eventually(() => query("SELECT 1 FROM errors WHERE message = 'unreadable analyzer result'").length > 0 || undefined);
      // Nothing stored holds the MRN.
      const stored = JSON.stringify([query('SELECT attributes, events FROM spans'), query('SELECT body, attributes FROM messages'), query('SELECT attributes FROM metrics'), query('SELECT message, context, breadcrumbs FROM error_events')]);
      expect(stored).not.toContain('4455667');
    } finally {
      app.kill('SIGKILL');
    }
  }, 120_000);
});
