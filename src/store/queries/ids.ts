import type { DatabaseSync } from 'node:sqlite';

/** The full id of a table row from a unique prefix (as git does with hashes), for ids typed by hand. */
export function idsWithPrefix(db: DatabaseSync, table: 'errors' | 'crash_reports' | 'silences', prefix: string): string[] {
  const column = table === 'errors' ? 'fingerprint' : 'id';
  const rows = db.prepare(`SELECT ${column} AS id FROM ${table} WHERE substr(${column}, 1, ?) = ? LIMIT 2`).all(prefix.length, prefix) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}
