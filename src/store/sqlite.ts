import type * as Sqlite from 'node:sqlite';

/**
 * `node:sqlite`, loaded through `process.getBuiltinModule` instead of a static
 * import: on a Node without it (20), a static import fails at link time and
 * takes the application down before Vigil can step aside. Every module that
 * opens a database takes `DatabaseSync` from here.
 */
const sqlite = process.getBuiltinModule?.('node:sqlite') as typeof Sqlite | undefined;

export const DatabaseSync: typeof Sqlite.DatabaseSync =
  sqlite?.DatabaseSync ??
  (class {
    constructor() {
      throw new Error(`node:sqlite is not available in Node.js ${process.version}`);
    }
  } as unknown as typeof Sqlite.DatabaseSync);
export type DatabaseSync = Sqlite.DatabaseSync;
export type StatementSync = Sqlite.StatementSync;
