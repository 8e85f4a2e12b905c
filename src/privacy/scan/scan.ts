import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { createLeakFinder, HASH_IN_TEXT } from './finder.js';
import type { LeakFinder } from './finder.js';
import { asText, mapJsonStrings, rawStrings, stringsOf } from './strings.js';

/** One place that holds person data. The excerpt is the redacted text, never the raw one. */
export interface ScanFinding {
  where: string;
  kinds: string[];
  excerpt: string;
}

export interface ScanReport {
  database: string;
  tables: number;
  rows: number;
  crashFiles: number;
  /** Distinct PHI hashes found in the database: the values a leak is recognised by. */
  knownHashes: number;
  findings: ScanFinding[];
  /** Rows, files and outbox entries rewritten or removed by `purge`. */
  purged: number;
  /** After a purge: what a second scan still finds (empty when the purge worked). */
  remaining?: ScanFinding[];
}

export interface ScanOptions {
  dbPath: string;
  /** The installation's key (`redaction.key`), when there is one. */
  secret?: Buffer;
  purge?: boolean;
}

const EXCERPT = 160;

function excerpt(clean: string): string {
  return clean.length > EXCERPT ? clean.slice(0, EXCERPT) + '…' : clean;
}

function tables(db: DatabaseSync): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return rows.map((r) => r.name);
}

function* rowsOf(db: DatabaseSync, table: string): Generator<Record<string, unknown>> {
  const stmt = db.prepare(`SELECT rowid AS "__rowid", * FROM "${table}"`);
  stmt.setReadBigInts(true);
  yield* stmt.iterate() as Iterable<Record<string, unknown>>;
}

/** Every `hmac:…` the database holds: hashes of PHI values Vigil saw. */
function knownHashes(db: DatabaseSync): Set<string> {
  const known = new Set<string>();
  for (const t of tables(db)) {
    try {
      for (const row of rowsOf(db, t)) {
        for (const v of Object.values(row)) {
          const text = asText(v);
          if (text?.includes('hmac:')) for (const m of text.matchAll(HASH_IN_TEXT)) known.add(m[0]);
        }
      }
    } catch {
      // A table without rowid: scanned below as well as it can be.
    }
  }
  return known;
}

/** The leak in one stored text, judged string by string (JSON keys and values). */
function checkText(finder: LeakFinder, text: string): { kinds: string[]; clean: string } | undefined {
  const kinds = new Set<string>();
  for (const s of stringsOf(text)) for (const k of finder.check(s)?.kinds ?? []) kinds.add(k);
  if (kinds.size === 0) return undefined;
  return { kinds: [...kinds], clean: mapJsonStrings(text, (s) => finder.check(s)?.clean ?? s) };
}

function scanRows(db: DatabaseSync, finder: LeakFinder, report: ScanReport, purge: boolean): void {
  for (const t of tables(db)) {
    report.tables++;
    const fixes: { rowid: bigint; column: string; clean: string | null }[] = [];
    let rows: Iterable<Record<string, unknown>>;
    try {
      rows = rowsOf(db, t);
      for (const row of rows) {
        report.rows++;
        for (const [column, v] of Object.entries(row)) {
          if (column === '__rowid') continue;
          const text = asText(v);
          if (text === undefined) continue;
          const leak = checkText(finder, text);
          if (!leak) continue;
          report.findings.push({ where: `${t}.${column} (rowid ${row.__rowid as bigint})`, kinds: leak.kinds, excerpt: excerpt(typeof v === 'string' ? leak.clean : '[binary]') });
          // A BLOB (an outbox request) cannot be rewritten in place: it goes.
          fixes.push({ rowid: row.__rowid as bigint, column, clean: typeof v === 'string' ? leak.clean : null });
        }
      }
    } catch (err) {
      report.findings.push({ where: t, kinds: ['not scanned'], excerpt: (err as Error).message });
      continue;
    }
    if (!purge) continue;
    for (const f of fixes) {
      if (f.clean === null) db.prepare(`DELETE FROM "${t}" WHERE rowid = ?`).run(f.rowid);
      else db.prepare(`UPDATE "${t}" SET "${f.column}" = ? WHERE rowid = ?`).run(f.clean, f.rowid);
      report.purged++;
    }
  }
}

/** Old row versions live on in free pages and the WAL until the file is rewritten. */
function scanRawFiles(dbPath: string, finder: LeakFinder, report: ScanReport): void {
  for (const file of [dbPath, `${dbPath}-wal`]) {
    if (!existsSync(file)) continue;
    const kinds = new Set<string>();
    let n = 0;
    let sample = '';
    for (const s of new Set(rawStrings(readFileSync(file)))) {
      const leak = finder.check(s);
      if (!leak) continue;
      n++;
      sample ||= leak.clean;
      for (const k of leak.kinds) kinds.add(k);
    }
    if (n > 0) report.findings.push({ where: `file ${basename(file)} (${n} strings, live rows and stale pages)`, kinds: [...kinds], excerpt: excerpt(sample) });
  }
}

function scanCrashFiles(dataDir: string, finder: LeakFinder, report: ScanReport, purge: boolean): void {
  const dir = join(dataDir, 'crashes');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    report.crashFiles++;
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    const leak = checkText(finder, text);
    if (!leak) continue;
    report.findings.push({ where: `crash file ${name}`, kinds: leak.kinds, excerpt: excerpt(leak.clean) });
    if (purge) {
      writeFileSync(`${file}.tmp`, leak.clean + '\n', { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
      report.purged++;
    }
  }
}

/**
 * `vigil privacy scan`: every table, the raw database and WAL files, and the
 * crash files of a data dir, for the patterns the redactor masks and for text
 * whose keyed hash matches a PHI value hashed into the database. With
 * `purge`, rows are rewritten as the redactor would have written them (BLOBs
 * removed), crash files too, and the file is vacuumed so no old page keeps
 * the text; then everything is scanned again. Works on databases of any age:
 * it reads whatever tables there are.
 */
export function scanDataDir(db: DatabaseSync, opts: ScanOptions): ScanReport {
  const dataDir = dirname(opts.dbPath);
  const known = knownHashes(db);
  const finder = createLeakFinder(opts.secret, known);
  const fresh = (): ScanReport => ({ database: opts.dbPath, tables: 0, rows: 0, crashFiles: 0, knownHashes: known.size, findings: [], purged: 0 });
  const report = fresh();
  const purge = opts.purge === true;
  if (purge) db.exec('PRAGMA secure_delete = ON');
  scanRows(db, finder, report, purge);
  scanCrashFiles(dataDir, finder, report, purge);
  scanRawFiles(opts.dbPath, finder, report);
  if (!purge) return report;
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const after = fresh();
  scanRows(db, finder, after, false);
  scanCrashFiles(dataDir, finder, after, false);
  scanRawFiles(opts.dbPath, finder, after);
  return { ...report, remaining: after.findings };
}
