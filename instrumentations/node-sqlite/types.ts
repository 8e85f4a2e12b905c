import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { DbOperation } from '../db-client/types.js';

export interface NodeSqliteInstrumentationConfig extends InstrumentationConfig {
  /**
   * Databases whose operations are not traced, by file path (`:memory:` for
   * in-memory ones). Vigil's own store marks its handles with `kUntraced`
   * instead, so this is for the application's side databases.
   */
  ignoreDatabase?: (location: string) => boolean;
  /**
   * Make a span only for an operation inside another span (default true, the
   * OpenTelemetry contrib convention). A start-up script's 10,000 INSERTs
   * otherwise became 10,000 one-span traces and overflowed the span queue.
   * Operations outside a span still record `db.client.operation.duration`.
   */
  requireParentSpan?: boolean;
}

/** What a query text means, computed once per distinct SQL string. */
export interface SqlSummary {
  /** The query with literals replaced by `?` and comments removed. */
  text: string;
  /** `SELECT`, `INSERT`, …, `BATCH` / `BATCH INSERT` for multi-statement exec. */
  operation: string | undefined;
  /** The single table the statement targets, when there is exactly one. */
  collection: string | undefined;
  /** Statements in the text (exec may run several). */
  statements: number;
}

/** Everything a traced call needs, computed once per prepared statement. */
export interface OperationInfo extends DbOperation {  /** The database is marked untraced (Vigil's own store) or ignored by config. */
  untraced: boolean;
}
