import type { DatabaseSync } from 'node:sqlite';

/** Receives one human-readable line per storage fault (already names the path). */
export type ProblemSink = (line: string) => void;

export interface OpenStoreOptions {
  /** Folder of `monitoring.db`; created when missing. */
  dataDir: string;
  /** Size cap the maintenance loop enforces; informational here. */
  maxDbMb?: number;
  /** Where fault lines go; default `vigil: <line>` on stderr. */
  onProblem?: ProblemSink;
  /** Busy timeout of the writer handle, ms. Default 1000: long enough for a CLI cleanup, short enough not to stall the app for long. */
  busyTimeoutMs?: number;
}

/** The writer handle on `monitoring.db`. One per process. */
export interface Store {
  /** Absolute path of the database file. */
  readonly path: string;
  /** Writer connection; other rooms prepare their own statements on it. Read it each time: a damaged file is replaced. */
  readonly db: DatabaseSync;
  /** Cap from the options, in MB (undefined: no cap). */
  readonly maxDbMb: number | undefined;
  /** Reports a fault line once per distinct line (exporters switch off through this). */
  problem(line: string): void;
  /** Reports a line every time (a writer's own once-per-kind logic decides). */
  report(line: string): void;
  /** Bumped each time a damaged file is replaced; a writer's reply from an older file is stale. */
  readonly generation: number;
  /**
   * A write found the file damaged (SQLITE_CORRUPT): close it, move it aside
   * with its WAL, open a fresh one (one line). False when that failed; the
   * store is then closed and its writers drop quietly.
   */
  replaceDamaged(error: unknown): boolean;
  /** Runs `callback` with the new handle after replaceDamaged. */
  onReopen(callback: (db: DatabaseSync) => void): void;
  /** True after close(); writers check it and drop instead of throwing. */
  readonly closed: boolean;
  /** Runs `callback` when close() is called (e.g. a write thread closes its own connection). */
  onClose(callback: () => void): void;
  close(): void;
}

/** One forward migration; `up` runs inside a transaction with user_version bumped in the same transaction. */
export interface Migration {
  version: number;
  description: string;
  up(db: DatabaseSync): void;
}
