import { spawn } from 'node:child_process';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb, FIXTURE } from '../fixtures/cli/fixture-db.js';
import { CLI, NODE, vigil } from '../fixtures/cli/run.js';

let fx: { dir: string; path: string };

beforeAll(() => {
  fx = buildFixtureDb();
});

describe('vigil report', () => {
  it('prints the summary as JSON', async () => {
    const r = await vigil(['report', '--window', '24h', '--db', fx.path, '--json']);
    expect(r.code).toBe(0);
    const s = r.json<{ window: { name: string }; errors: { groups: Array<{ fingerprint: string }> }; crashes: Array<{ id: string }>; jobs: Array<{ jobId: string }> }>();
    expect(s.window.name).toBe('24h');
    expect(s.errors.groups.map((g) => g.fingerprint)).toContain(FIXTURE.errors.open);
    expect(s.crashes.map((c) => c.id)).toEqual([FIXTURE.crashId]);
    expect(s.jobs.map((j) => j.jobId)).toEqual([FIXTURE.jobId]);
  });

  it('prints a plain-text report without colour in a pipe', async () => {
    const r = await vigil(['report', '--db', fx.path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Vigil report - last 24h/);
    expect(r.stdout).toContain('Cannot read properties of undefined');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('refuses a window it does not offer as bad usage', async () => {
    const r = await vigil(['report', '--window', '3w', '--db', fx.path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are 1h, 24h, 7d/);
  });
});

describe('vigil export', () => {
  it('writes the export document to --out and says so in JSON', async () => {
    const out = join(fx.dir, 'export.json');
    const r = await vigil(['export', '--out', out, '--window', '7d', '--db', fx.path, '--json']);
    expect(r.code).toBe(0);
    const said = r.json<{ out: string; bytes: number; errorGroups: number }>();
    expect(said.out).toBe(out);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { format: string; window: string; errorGroups: unknown[] };
    expect(doc).toMatchObject({ format: 'vigil-export', window: '7d' });
    expect(doc.errorGroups).toHaveLength(3);
    expect(said.bytes).toBe(readFileSync(out).length);
    expect(readdirSync(dirname(out)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('needs --out', async () => {
    const r = await vigil(['export', '--db', fx.path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '--out <file>' not specified");
  });

  it('explains a folder it cannot write to with exit 1', async () => {
    const r = await vigil(['export', '--out', join(fx.dir, 'no', 'such', 'dir', 'x.json'), '--db', fx.path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^vigil: cannot write .*x\.json \(ENOENT/);
    expect(existsSync(join(fx.dir, 'no'))).toBe(false);
  });
});

describe('vigil dashboard', () => {
  let proc: ReturnType<typeof spawn> | undefined;
  afterEach(() => proc?.kill('SIGKILL'));

  it('serves the dashboard and its API from the file, read-only, until stopped', async () => {
    proc = spawn(NODE, [CLI, 'dashboard', '--port', '0', '--db', fx.path, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const first = await new Promise<string>((res, rej) => {
      let buf = '';
      proc!.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('}')) res(buf);
      });
      proc!.on('exit', (code) => rej(new Error(`exited ${code}`)));
    });
    const { url, port } = JSON.parse(first) as { url: string; port: number };
    expect(port).toBeGreaterThan(0);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const api = await fetch(`http://127.0.0.1:${port}/api/summary?window=24h`);
    expect(api.status).toBe(200);
    expect(((await api.json()) as { crashes: unknown[] }).crashes).toHaveLength(1);
    const exited = new Promise<number | null>((res) => proc!.on('exit', (code) => res(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('explains a missing database before listening', async () => {
    const r = await vigil(['dashboard', '--port', '0', '--db', join(fx.dir, 'gone.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no database at');
  });
});
