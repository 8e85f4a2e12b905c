// `vigil privacy scan` on a database from before issue 12 (schema v1, rows
// written by an older Vigil that let PHI through): it finds the planted leaks
// (patterns, and a name recognised only by its own keyed hash), in every
// table, the WAL and a crash file, prints them redacted, exits 1; `--purge`
// rewrites them, and afterwards neither the rows nor the raw files hold them.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/index.js';
import { tempDir } from '../helpers/child.js';
import { vigil } from '../fixtures/cli/run.js';

// Not in any name list and no context word before it: only its hash can find it.
const NAME = 'Zorababel Oyelaran';
const NEEDLES = ['Zorababel', 'Oyelaran', '123-45-6789', '1984-03-12', 'drsmith', 'jo@example.org'];

function plant(): { dir: string; db: string; writer: DatabaseSync } {
  const dir = tempDir('vigil-scan-');
  const key = randomBytes(32);
  writeFileSync(join(dir, 'redaction.key'), key.toString('hex') + '\n', { mode: 0o600 });
  const hash = (v: string) => 'hmac:' + createHmac('sha256', key).update(v).digest('hex').slice(0, 32);
  const path = join(dir, 'monitoring.db');
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA wal_autocheckpoint = 0'); // the leaks stay in the WAL too
  migrate(db, 1);
  const now = Date.now();
  const span = db.prepare(
    "INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, start_time_ns, end_time_ns, duration_ms, status_code, status_message, attributes, events, service_name, start_ms, end_ms) VALUES (?, ?, NULL, ?, 1, ?, ?, 5, 0, NULL, ?, '[]', 'emr', ?, ?)",
  );
  // The PHI attribute was hashed, as it should be…
  span.run('a'.repeat(32), '1'.repeat(16), 'GET /patients/:id', BigInt(now) * 1_000_000n, BigInt(now + 5) * 1_000_000n, JSON.stringify({ 'patient.name': hash(NAME), 'http.route': '/patients/:id' }), now, now + 5);
  // …but the same name leaked in clear into free text elsewhere.
  span.run('b'.repeat(32), '2'.repeat(16), 'lookup', BigInt(now) * 1_000_000n, BigInt(now + 5) * 1_000_000n, JSON.stringify({ note: `called ${NAME} back`, bytes: 1234567890 }), now, now + 5);
  db.prepare("INSERT INTO messages (time_ms, time_ns, severity_number, severity_text, body, attributes, service_name) VALUES (?, ?, 9, 'INFO', ?, '{}', 'emr')").run(now, BigInt(now) * 1_000_000n, `re-import 123-45-6789 for ${NAME}, DOB 1984-03-12`);
  db.prepare("INSERT INTO progress (job_id, name, state, total, processed, successful, failed, started_ms, updated_ms) VALUES ('j1', ?, 'completed', 1, 1, 1, 0, ?, ?)").run(`mail jo@example.org`, now, now);
  mkdirSync(join(dir, 'crashes'));
  writeFileSync(join(dir, 'crashes', 'c1.json'), JSON.stringify({ error: { message: 'ENOENT: open "/home/drsmith/notes.txt"' } }));
  // Left open, as by a running application: the rows are still in the WAL only.
  return { dir, db: path, writer: db };
}

function raw(dir: string): string {
  let all = '';
  for (const f of ['monitoring.db', 'monitoring.db-wal', 'crashes/c1.json']) {
    try {
      all += readFileSync(join(dir, f)).toString('latin1');
    } catch {
      // No WAL after a checkpoint.
    }
  }
  return all;
}

describe('vigil privacy scan', () => {
  it('finds planted leaks in an old database, its WAL and crash files; --purge removes them', async () => {
    const { dir, db, writer } = plant();
    expect(NEEDLES.filter((n) => raw(dir).includes(n))).toEqual(NEEDLES);

    const scan = await vigil(['privacy', 'scan', '--db', db, '--json']);
    expect(scan.code, scan.stderr).toBe(1);
    const report = scan.json<{ findings: { where: string; kinds: string[] }[]; knownHashes: number }>();
    expect(report.knownHashes).toBe(1);
    const where = (w: string) => report.findings.filter((f) => f.where.startsWith(w)).flatMap((f) => f.kinds);
    expect(where('spans.attributes')).toContain('declared value');
    expect(where('messages.body')).toEqual(expect.arrayContaining(['ssn', 'dob', 'declared value']));
    expect(where('progress.name')).toContain('email');
    expect(where('crash file')).toContain('home directory');
    expect(where('file monitoring.db-wal')).toEqual(expect.arrayContaining(['declared value', 'ssn']));
    // The report itself never prints what it found.
    for (const n of NEEDLES) expect(scan.stdout).not.toContain(n);
    // A 10-digit number in JSON is not a phone number.
    expect(report.findings.map((f) => f.kinds).flat()).not.toContain('phone');

    writer.close();
    const human = await vigil(['privacy', 'scan', '--db', db]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/found patient data in \d+ places/);
    // Checkpointed on close: now the database file itself holds the text.
    expect(human.stdout).toMatch(/file monitoring\.db \(/);

    const purge = await vigil(['privacy', 'scan', '--db', db, '--purge', '--json']);
    expect(purge.code, purge.stderr).toBe(1);
    expect(purge.json<{ remaining: unknown[]; purged: number }>()).toMatchObject({ remaining: [] });
    expect(NEEDLES.filter((n) => raw(dir).includes(n))).toEqual([]);

    const again = await vigil(['privacy', 'scan', '--db', db, '--json']);
    expect(again.code, again.stdout).toBe(0);
    // The hashed attribute and the rest of the data are still there.
    const check = new DatabaseSync(db, { readOnly: true });
    const rows = check.prepare('SELECT attributes FROM spans ORDER BY span_id').all() as { attributes: string }[];
    check.close();
    expect(JSON.parse(rows[0]!.attributes)['patient.name']).toMatch(/^hmac:/);
    expect(JSON.parse(rows[1]!.attributes)).toEqual({ note: 'called [PHI] back', bytes: 1234567890 });
  });
});
