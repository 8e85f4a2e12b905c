import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT, eventually, startApp, tempDir } from '../helpers/child.js';
import { missing, startMariadb, startPostgres, startRedis } from '../helpers/servers.js';
import type { TestServer } from '../helpers/servers.js';

// Real servers, real clients, the real preload: spans and metrics as stored in monitoring.db.
const FIXTURES = resolve(ROOT, 'test/fixtures/services');
const SECRETS = ['Jane Secret', 'John', 'MRN-98765', 'MRN-11111'];

for (const kind of ['postgres', 'mariadb', 'redis'] as const) {
  const why = missing(kind);
  if (why) console.warn(`db-clients: skipping the ${kind} tests: ${why}`);
}

interface StoredSpan {
  name: string;
  kind: number;
  status_code: number;
  parent_span_id: string | null;
  attributes: Record<string, unknown>;
}

async function run(app: string, env: Record<string, string>, cwd?: string): Promise<{ spans: StoredSpan[]; metrics: { attributes: Record<string, unknown>; count: number }[]; dump: string; stdout: string }> {
  const dataDir = tempDir();
  const child = startApp(cwd ? join(cwd, app) : join(FIXTURES, app), { ...env, VIGIL_DATA_DIR: dataDir }, { cwd });
  try {
    await child.waitFor(/DONE/, 60_000);
    const db = join(dataDir, 'monitoring.db');
    // The metric reader exports every 500 ms: wait for the failure to be counted.
    await eventually(() => {
      const d = new DatabaseSync(db, { readOnly: true });
      try {
        const n = d.prepare("SELECT count(*) AS n FROM metrics WHERE name = 'db.client.operation.duration' AND attributes LIKE '%error.type%'").get() as { n: number };
        return n.n > 0 || undefined;
      } finally {
        d.close();
      }
    }, 20_000);
    child.kill();
    await child.exited;
    const d = new DatabaseSync(db, { readOnly: true });
    const spans = (d.prepare("SELECT name, kind, status_code, parent_span_id, attributes FROM spans WHERE attributes LIKE '%db.system.name%'").all() as unknown as (StoredSpan & { attributes: string })[]).map(
      (s) => ({ ...s, attributes: JSON.parse(s.attributes) as Record<string, unknown> }),
    );
    const metrics = (d.prepare("SELECT attributes, count FROM metrics WHERE name = 'db.client.operation.duration'").all() as { attributes: string; count: number }[]).map((m) => ({
      ...m,
      attributes: JSON.parse(m.attributes) as Record<string, unknown>,
    }));
    const dump = JSON.stringify([
      d.prepare('SELECT name, attributes, events, status_message FROM spans').all(),
      d.prepare('SELECT attributes FROM metrics').all(),
      d.prepare('SELECT body, attributes FROM messages').all(),
    ]);
    d.close();
    return { spans, metrics, dump, stdout: child.stdout() };
  } finally {
    child.kill('SIGKILL');
  }
}

async function createPgDatabase(server: TestServer, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ host: server.host, port: server.port, user: 'postgres', database: 'postgres' });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
}

function expectNoSecrets(dump: string): void {
  for (const s of SECRETS) expect(dump).not.toContain(s);
}

describe.skipIf(missing('postgres'))('pg against a real PostgreSQL', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startPostgres()), 120_000);
  afterAll(async () => server?.stop());

  // A fresh database per app: both create the same table.
  test.each(['pg-app.mjs', 'pg-app.cjs'])('%s: client and pool queries: spans, literals gone, the failure counted', async (app) => {
    const database = app.replace(/\W/g, '_');
    await createPgDatabase(server, database);
    const { spans, metrics, dump, stdout } = await run(app, { DB_PORT: String(server.port), DB_NAME: database });
    expect(stdout).toContain('FAILED 42P01');
    expect(stdout).toContain('ROWS 1');
    const names = spans.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['CREATE patients', 'INSERT patients', 'SELECT patients', 'SELECT missing_table', 'UPDATE patients', 'DELETE patients']));
    const insert = spans.find((s) => s.name === 'INSERT patients')!;
    expect(insert.kind).toBe(2);
    expect(insert.parent_span_id).toBeTruthy();
    expect(insert.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.namespace': database,
      'db.operation.name': 'INSERT',
      'db.collection.name': 'patients',
      'db.query.text': 'INSERT INTO patients (name, mrn) VALUES (?, ?)',
      'server.address': '127.0.0.1',
      'server.port': server.port,
    });
    expect(spans.find((s) => s.name === 'SELECT patients')!.attributes['db.response.returned_rows']).toBe(1);
    const failed = spans.find((s) => s.name === 'SELECT missing_table')!;
    expect(failed.status_code).toBe(2);
    expect(failed.attributes).toMatchObject({ 'error.type': '42P01', 'db.response.status_code': '42P01' });
    expect(metrics.some((m) => m.attributes['error.type'] === '42P01' && m.attributes['db.system.name'] === 'postgresql')).toBe(true);
    expect(metrics.some((m) => m.attributes['db.operation.name'] === 'UPDATE' && m.attributes['error.type'] === undefined)).toBe(true);
    expectNoSecrets(dump);
  }, 120_000);
});

describe.skipIf(missing('mariadb'))('mysql2 against a real MariaDB', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startMariadb()), 180_000);
  afterAll(async () => server?.stop());

  test('query and execute, promise and callback APIs: spans, literals gone, the failure counted', async () => {
    const { spans, metrics, dump, stdout } = await run('mysql2-app.mjs', { DB_PORT: String(server.port) });
    expect(stdout).toContain('FAILED ER_NO_SUCH_TABLE');
    expect(stdout).toContain('ROWS 1');
    const names = spans.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['CREATE patients', 'INSERT patients', 'SELECT patients', 'SELECT missing_table', 'UPDATE patients']));
    const insert = spans.find((s) => s.name === 'INSERT patients')!;
    expect(insert.parent_span_id).toBeTruthy();
    expect(insert.attributes).toMatchObject({ 'db.system.name': 'mysql', 'db.query.text': 'INSERT INTO patients (name, mrn) VALUES (?, ?)', 'server.port': server.port });
    // The pool names its database: db.namespace.
    expect(spans.find((s) => s.name === 'UPDATE patients')!.attributes).toMatchObject({ 'db.namespace': 'clinic', 'db.query.text': 'UPDATE patients SET name = ? WHERE id = ?' });
    expect(spans.find((s) => s.name === 'SELECT patients')!.attributes['db.query.text']).toBe('SELECT * FROM patients WHERE mrn = ?');
    const failed = spans.find((s) => s.name === 'SELECT missing_table')!;
    expect(failed.status_code).toBe(2);
    expect(failed.attributes['error.type']).toBe('ER_NO_SUCH_TABLE');
    expect(metrics.some((m) => m.attributes['error.type'] === 'ER_NO_SUCH_TABLE' && m.attributes['db.system.name'] === 'mysql')).toBe(true);
    expectNoSecrets(dump);
  }, 180_000);

  test('mysql2 3.19, which publishes no TracingChannel: the same spans through the connection patch', async () => {
    const release = withRelease('mysql2-3.19', 'mysql2', 'mysql2-app.mjs');
    try {
      // A database of its own: the app creates the same table.
      const { spans, metrics, dump, stdout } = await run(release.app, { DB_PORT: String(server.port), DB_NAME: 'clinic_legacy' }, release.dir);
      expect(stdout).toContain('VERSION 3.19.1');
      expect(stdout).toContain('FAILED ER_NO_SUCH_TABLE');
      const names = spans.map((s) => s.name);
      expect(names.filter((n) => n === 'INSERT patients')).toHaveLength(1);
      expect(names).toEqual(expect.arrayContaining(['CREATE patients', 'SELECT patients', 'SELECT missing_table', 'UPDATE patients']));
      const insert = spans.find((s) => s.name === 'INSERT patients')!;
      expect(insert.parent_span_id).toBeTruthy();
      expect(insert.attributes).toMatchObject({ 'db.system.name': 'mysql', 'db.query.text': 'INSERT INTO patients (name, mrn) VALUES (?, ?)' });
      expect(spans.find((s) => s.name === 'UPDATE patients')!.attributes).toMatchObject({ 'db.namespace': 'clinic_legacy', 'db.query.text': 'UPDATE patients SET name = ? WHERE id = ?' });
      expect(spans.find((s) => s.name === 'SELECT missing_table')!.attributes['error.type']).toBe('ER_NO_SUCH_TABLE');
      expect(metrics.some((m) => m.attributes['error.type'] === 'ER_NO_SUCH_TABLE')).toBe(true);
      expectNoSecrets(dump);
    } finally {
      release.remove();
    }
  }, 180_000);
});

/** A directory inside the project whose node_modules/<name> is another installed release (its dependencies resolve from the project's). */
function withRelease(installedAs: string, name: string, fixture: string): { dir: string; app: string; remove(): void } {
  const dir = resolve(ROOT, 'node_modules/.cache', `vigil-${installedAs}`, String(process.pid));
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  cpSync(resolve(ROOT, 'node_modules', installedAs), join(dir, 'node_modules', name), { recursive: true });
  cpSync(join(FIXTURES, fixture), join(dir, fixture));
  return { dir, app: fixture, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe.skipIf(missing('redis'))('redis and ioredis against a real Redis', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startRedis()), 60_000);
  afterAll(async () => server?.stop());

  test('commands: spans with every argument a placeholder, the failure counted', async () => {
    const { spans, metrics, dump, stdout } = await run('redis-app.mjs', { REDIS_PORT: String(server.port) });
    expect(stdout).toContain('GOT Jane Secret');
    expect(stdout.match(/FAILED WRONGTYPE/g)).toHaveLength(2);
    const byScope = (name: string) => spans.filter((s) => s.name === name);
    expect(byScope('SET')).toHaveLength(2);
    expect(byScope('GET').length).toBeGreaterThanOrEqual(2);
    for (const set of byScope('SET')) {
      expect(set.parent_span_id).toBeTruthy();
      expect(set.attributes).toMatchObject({ 'db.system.name': 'redis', 'db.operation.name': 'SET', 'db.query.text': 'SET ? ?', 'db.namespace': '0', 'server.port': server.port });
    }
    const failed = byScope('LPUSH');
    expect(failed).toHaveLength(2);
    for (const f of failed) expect(f.attributes['error.type']).toBe('WRONGTYPE');
    expect(metrics.filter((m) => m.attributes['error.type'] === 'WRONGTYPE').reduce((n, m) => n + m.count, 0)).toBeGreaterThanOrEqual(2);
    // The clients' own CLIENT SETINFO at connect (refused by Redis < 7.2) is neither a span nor a failure.
    expect(spans.filter((s) => s.name === 'CLIENT')).toEqual([]);
    expect(metrics.filter((m) => m.attributes['error.type'] !== undefined && m.attributes['error.type'] !== 'WRONGTYPE')).toEqual([]);
    // The values read back are the application's; the store holds none of them.
    expectNoSecrets(dump);
  }, 60_000);

  // Releases from before the clients' TracingChannels, through Vigil's own patches: the same spans.
  test.each([
    { release: 'redis@4 (@redis/client 1.x), queue patch', installedAs: 'redis4', name: 'redis', app: 'redis4-app.mjs', version: /VERSION 1\./, got: 'Jane Secret', where: {} },
    { release: 'ioredis 5.10, sendCommand patch', installedAs: 'ioredis5', name: 'ioredis', app: 'ioredis5-app.cjs', version: /VERSION 5\.10\.1/, got: 'John Secret', where: { 'db.namespace': '0' } },
  ])('$release', async ({ installedAs, name, app, version, got, where }) => {
    const release = withRelease(installedAs, name, app);
    try {
      const { spans, metrics, dump, stdout } = await run(release.app, { REDIS_PORT: String(server.port) }, release.dir);
      expect(stdout).toMatch(version);
      expect(stdout).toContain(`GOT ${got}`);
      const set = spans.filter((s) => s.name === 'SET');
      expect(set).toHaveLength(1);
      expect(set[0].parent_span_id).toBeTruthy();
      expect(set[0].attributes).toMatchObject({ 'db.system.name': 'redis', 'db.operation.name': 'SET', 'db.query.text': 'SET ? ?', ...where });
      const failed = spans.filter((s) => s.name === 'LPUSH');
      expect(failed).toHaveLength(1);
      expect(failed[0].attributes['error.type']).toBe('WRONGTYPE');
      expect(metrics.some((m) => m.attributes['error.type'] === 'WRONGTYPE')).toBe(true);
      expectNoSecrets(dump);
    } finally {
      release.remove();
    }
  }, 60_000);
});
