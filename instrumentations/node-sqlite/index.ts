import { NodeSqliteInstrumentation, kUntraced } from './instrumentation.js';
import type { NodeSqliteInstrumentationConfig } from './types.js';

export { NodeSqliteInstrumentation, kUntraced };
export { sanitizeSql } from './sanitize.js';
export type { SqlDialect } from './sanitize.js';
export { summarizeSql } from './utils.js';
export type { NodeSqliteInstrumentationConfig, SqlSummary } from './types.js';

/** node:sqlite is a builtin patched on its prototypes: no import-in-the-middle hook needed. */
export const NODE_SQLITE_MODULES: readonly string[] = [];

export function createNodeSqliteInstrumentation(config: NodeSqliteInstrumentationConfig = {}): NodeSqliteInstrumentation {
  return new NodeSqliteInstrumentation(config);
}
