import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE, REGISTER, ROOT, tempDir } from '../helpers/child.js';

const FIXTURES = resolve(ROOT, 'test/fixtures/frameworks');
// Express 4 is installed as `express4` (the project runs Express 5); the
// instrumentation knows it by its name, so the test gives it that name,
// inside the project so that its hoisted dependencies resolve.
const EXPRESS4 = resolve(ROOT, 'node_modules/.cache/vigil-express4', String(process.pid));

beforeAll(() => {
  mkdirSync(join(EXPRESS4, 'node_modules'), { recursive: true });
  cpSync(resolve(ROOT, 'node_modules/express4'), join(EXPRESS4, 'node_modules/express'), { recursive: true });
  cpSync(join(FIXTURES, 'express4.cjs'), join(EXPRESS4, 'app.cjs'));
});
afterAll(() => rmSync(EXPRESS4, { recursive: true, force: true }));

interface ServerSpan {
  name: string;
  status: number;
  route: unknown;
  exceptions: string[];
}

async function run(app: string, env: Record<string, string> = {}): Promise<{ stdout: string; spans: ServerSpan[]; errors: string[] }> {
  const dataDir = tempDir();
  const { stdout } = await promisify(execFile)(NODE, ['--import', REGISTER, app], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, VIGIL_PORT: '0', VIGIL_DATA_DIR: dataDir, OTEL_BSP_SCHEDULE_DELAY: '50', DRIVE: join(FIXTURES, 'drive.mjs'), ...env },
    timeout: 30_000,
  });
  const db = new DatabaseSync(join(dataDir, 'monitoring.db'), { readOnly: true });
  const rows = db.prepare('SELECT name, status_code, attributes, events FROM spans WHERE kind = 1 ORDER BY start_ms').all() as { name: string; status_code: number; attributes: string; events: string | null }[];
  const errors = (db.prepare('SELECT message FROM error_events').all() as { message: string }[]).map((r) => r.message);
  db.close();
  const spans = rows.map((r) => ({
    name: r.name,
    status: r.status_code,
    route: (JSON.parse(r.attributes) as Record<string, unknown>)['http.route'],
    exceptions: ((r.events ? JSON.parse(r.events) : []) as { name: string; attributes?: Record<string, unknown> }[])
      .filter((e) => e.name === 'exception')
      .map((e) => String(e.attributes?.['exception.message'])),
  }));
  return { stdout, spans, errors };
}

// The same four requests everywhere: two routes (one under a prefix or nested router), a failing route, no route.
const ROUTED = [
  { name: 'GET /patients/:id', status: 0, route: '/patients/:id' },
  { name: 'GET /patients/:id/chart', status: 0, route: '/patients/:id/chart' },
  { name: 'GET /fail', status: 2, route: '/fail' },
  { name: 'GET', status: 0, route: undefined },
];

describe.each([
  ['Fastify 5', join(FIXTURES, 'fastify.mjs'), {}],
  ['Koa with @koa/router', join(FIXTURES, 'koa.mjs'), {}],
  ['NestJS on Express', join(FIXTURES, 'nest.mjs'), {}],
  ['NestJS on Fastify', join(FIXTURES, 'nest.mjs'), { NEST_ADAPTER: 'fastify' }],
  ['Express 4 without vigilErrorHandler()', join(EXPRESS4, 'app.cjs'), {}],
])('%s, preloaded', (_name, app, env) => {
  it('names spans by route template, records the failure once', async () => {
    const { stdout, spans, errors } = await run(app, env);
    expect(stdout).toContain('STATUSES 200 200 500 404');
    expect(spans.map(({ name, status, route }) => ({ name, status, route }))).toEqual(ROUTED);
    expect(spans[2]!.exceptions).toEqual(['chart store unavailable']);
    expect(errors).toEqual(['chart store unavailable']);
  });
});

describe('plain node:http, preloaded', () => {
  it('names spans by method only and records a throwing listener', async () => {
    const { stdout, spans } = await run(join(FIXTURES, 'http.mjs'));
    expect(stdout).toContain('APP CAUGHT chart store unavailable');
    expect(spans.map(({ name, route }) => ({ name, route }))).toEqual([
      { name: 'GET', route: undefined },
      { name: 'GET', route: undefined },
      { name: 'GET', route: undefined },
      { name: 'GET', route: undefined },
    ]);
    expect(spans[2]).toMatchObject({ status: 2, exceptions: ['chart store unavailable'] });
  });
});
