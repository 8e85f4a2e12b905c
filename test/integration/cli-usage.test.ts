import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb } from '../fixtures/cli/fixture-db.js';
import { vigil } from '../fixtures/cli/run.js';

let fx: { dir: string; path: string };

beforeAll(() => {
  fx = buildFixtureDb();
});

describe('bad usage exits 2 with a helpful line', () => {
  it.each([
    [['errros'], /unknown command 'errros'[\s\S]*Did you mean errors\?/],
    [['errors', '--limit', 'x'], /option '--limit <n>' argument 'x' is invalid\. expected a whole number > 0/],
    [['errors', '--status', 'open'], /argument 'open' is invalid\. Allowed choices are unresolved, resolved, ignored, all/],
    [['errors', 'show'], /missing required argument 'fingerprint'/],
    [['health', '--bogus'], /unknown option '--bogus'/],
    [['cleanup', '--days', '-3'], /expected a number >= 0/],
    [['silence', 'add', 'alertname=X', '--duration', 'soon'], /expected a duration like 30m, 24h, 7d/],
    [['silence', 'add', 'a=~('], /invalid regex/],
    [[], /Usage: vigil/],
  ])('vigil %j', async (args, message) => {
    const r = await vigil([...args, '--db', fx.path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    if (args.length > 0) expect(r.stderr).toContain('--help');
  });
});

describe('--help for each command', () => {
  it.each([['report'], ['export'], ['dashboard'], ['health'], ['errors'], ['errors', 'show'], ['alerts'], ['silence', 'add'], ['silence', 'expire'], ['crashes'], ['cleanup'], ['aggregate']])(
    'vigil %j --help exits 0 with its usage and the global options',
    async (...cmd) => {
      const r = await vigil([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: vigil ${cmd.join(' ')}`);
      expect(r.stdout).toContain('--db <path>');
      expect(r.stdout).toContain('--json');
    },
  );
});

describe('a database it cannot use exits 1 with one clear line', () => {
  it('missing file', async () => {
    const r = await vigil(['errors', '--db', join(fx.dir, 'nope.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`vigil: no database at ${join(fx.dir, 'nope.db')} (give --db PATH or set VIGIL_DATA_DIR)\n`);
  });

  it('corrupt file, read-only and writable commands alike, and the file is left where it is', async () => {
    const bad = join(fx.dir, 'corrupt.db');
    writeFileSync(bad, 'this is not sqlite at all, just a text file that is long enough to have a header'.repeat(20));
    for (const args of [['health'], ['cleanup', '--days', '1'], ['silence', 'add', 'a=b']]) {
      const r = await vigil([...args, '--db', bad]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`vigil: ${bad} is not a valid SQLite database (file is not a database)\n`);
    }
    expect((await import('node:fs')).readFileSync(bad, 'utf8')).toMatch(/^this is not sqlite/);
  });

  it('a SQLite file that is not a Vigil database', async () => {
    const other = join(fx.dir, 'other.db');
    const db = new DatabaseSync(other);
    db.exec('CREATE TABLE patients (id INTEGER PRIMARY KEY)');
    db.close();
    const r = await vigil(['alerts', '--db', other]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`vigil: ${other} is not a Vigil database (no spans, metrics, errors, alerts, health_checks tables)\n`);
  });

  it('a directory', async () => {
    const r = await vigil(['crashes', '--db', fx.dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is a directory, not a database file/);
  });
});

describe('where the database is found', () => {
  it('uses $VIGIL_DATA_DIR/monitoring.db without --db', async () => {
    const r = await vigil(['health', '--json'], { VIGIL_DATA_DIR: fx.dir });
    expect(r.code).toBe(0);
    expect(r.json<{ score: number }>().score).toBe(83);
  });

  it('falls back to ./data/monitoring.db', async () => {
    const cwd = join(fx.dir, 'empty-cwd');
    mkdirSync(cwd, { recursive: true });
    const r = await vigil(['health'], { CWD: cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no database at ${join(cwd, 'data', 'monitoring.db')}`);
  });
});

describe('output in a pipe', () => {
  it('is tab-separated plain text with a header and no colour codes', async () => {
    const r = await vigil(['errors', '--status', 'all', '--db', fx.path]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('FINGERPRINT\tSTATUS\tCOUNT\t24H\tUSERS\tLAST SEEN\tERROR');
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => l.split('\t').length === 7)).toBe(true);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('colours with FORCE_COLOR and not when NO_COLOR is set too', async () => {
    expect((await vigil(['health', '--db', fx.path], { FORCE_COLOR: '1' })).stdout).toContain('\x1b[33mwarn\x1b[39m');
    expect((await vigil(['health', '--db', fx.path], { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain('\x1b[');
  });

  it('draws no progress bar on a non-TTY stderr', async () => {
    const r = await vigil(['aggregate', '--db', buildFixtureDb().path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
