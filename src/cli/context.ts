import type { Command } from 'commander';
import type { DatabaseSync } from 'node:sqlite';
import { openForRead, openForWrite, resolveDbPath } from './db.js';
import { createOutput } from './output.js';
import type { Output } from './output.js';

/** Options every command accepts (declared once on the root program). */
export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

export interface Context {
  out: Output;
  dbPath: string;
  /** Runs `fn` on a read-only handle and closes it, whatever happens. */
  read<T>(fn: (db: DatabaseSync) => T): T;
  /** Same with a writer handle (cleanup, aggregate, silences, error status). */
  write<T>(fn: (db: DatabaseSync) => T): T;
  writeAsync<T>(fn: (db: DatabaseSync) => Promise<T>): Promise<T>;
}

export function contextOf(cmd: Command): Context {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  const dbPath = resolveDbPath(g.db);
  const out = createOutput({ json: g.json === true });
  const using = <T>(db: DatabaseSync, fn: (db: DatabaseSync) => T): T => {
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    out,
    dbPath,
    read: (fn) => using(openForRead(dbPath), fn),
    write: (fn) => using(openForWrite(dbPath), fn),
    async writeAsync(fn) {
      const db = openForWrite(dbPath);
      try {
        return await fn(db);
      } finally {
        db.close();
      }
    },
  };
}
