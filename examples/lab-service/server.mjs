// Lab orders: a small clinical service built the way real ones are — Fastify
// routes, PostgreSQL through `pg` (a pool), Redis through `ioredis` as a
// read-through cache, pino logs (Fastify's own logger). It has no Vigil code:
// run it with `node --import @vigil/otel/register server.mjs` (start.mjs does).
import Fastify from 'fastify';
import pg from 'pg';
import { Redis } from 'ioredis';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
const cache = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });

await pool.query(`CREATE TABLE IF NOT EXISTS lab_orders (
  id serial PRIMARY KEY, patient_mrn text NOT NULL, test text NOT NULL,
  status text NOT NULL DEFAULT 'ordered', result text, created_at timestamptz NOT NULL DEFAULT now())`);
await cache.connect();

app.get('/health', async () => ({ ok: true }));

app.post('/orders', async (req, reply) => {
  const { mrn, test } = req.body ?? {};
  if (typeof mrn !== 'string' || typeof test !== 'string') return reply.code(400).send({ error: 'mrn and test are required' });
  const { rows } = await pool.query('INSERT INTO lab_orders (patient_mrn, test) VALUES ($1, $2) RETURNING id, status', [mrn, test]);
  req.log.info({ orderId: rows[0].id, test }, `lab order placed for ${mrn}`);
  return reply.code(201).send(rows[0]);
});

app.get('/orders/:id', async (req, reply) => {
  const id = Number(req.params.id);
  const cached = await cache.get(`order:${id}`);
  if (cached) return JSON.parse(cached);
  const { rows } = await pool.query('SELECT id, test, status, result FROM lab_orders WHERE id = $1', [id]);
  if (rows.length === 0) {
    req.log.warn({ orderId: id }, 'order not found');
    return reply.code(404).send({ error: 'not found' });
  }
  await cache.set(`order:${id}`, JSON.stringify(rows[0]), 'EX', 30);
  return rows[0];
});

app.post('/orders/:id/result', async (req) => {
  const id = Number(req.params.id);
  // The analyzer interface sends free text; a bug in its parser makes some results fail.
  const value = Number.parseFloat(String(req.body?.value));
  if (Number.isNaN(value)) {
    req.log.error({ orderId: id }, 'analyzer sent an unreadable result');
    throw new Error('unreadable analyzer result');
  }
  await pool.query("UPDATE lab_orders SET result = $1, status = 'resulted' WHERE id = $2", [String(value), id]);
  await cache.del(`order:${id}`);
  return { id, status: 'resulted' };
});

// A report over a table the migration forgot: a database failure on purpose.
app.get('/reports/turnaround', async () => {
  const { rows } = await pool.query('SELECT test, avg(done_at - created_at) FROM lab_results GROUP BY test');
  return rows;
});

const close = async () => {
  await app.close();
  await Promise.allSettled([pool.end(), cache.quit()]);
};
process.once('SIGTERM', () => void close().then(() => process.exit(0)));
process.once('SIGINT', () => void close().then(() => process.exit(0)));

const address = await app.listen({ port: Number(process.env.PORT ?? 3100), host: '127.0.0.1' });
console.log(`LISTENING ${new URL(address).port}`);
