import { DbChannelInstrumentation } from '../db-client/channel.js';
import type { ChannelSpec } from '../db-client/channel.js';
import { sqlOperation } from '../db-client/sql.js';
import type { DbOperation } from '../db-client/types.js';
import { Mysql2LegacyInstrumentation } from './legacy.js';

const NAME = '@vigil/otel/instrumentation-mysql2';

/** mysql2's TracingChannel context: `query` is the text as sent (with `query()`, values already inlined). */
function describe(ctx: Record<string, unknown>): DbOperation | undefined {
  if (typeof ctx.query !== 'string') return undefined;
  return sqlOperation('mysql', 'mysql', ctx.query, {
    namespace: typeof ctx.database === 'string' ? ctx.database : undefined,
    serverAddress: typeof ctx.serverAddress === 'string' ? ctx.serverAddress : undefined,
    serverPort: typeof ctx.serverPort === 'number' ? ctx.serverPort : undefined,
  });
}

function rows(ctx: Record<string, unknown>): number | undefined {
  return Array.isArray(ctx.result) ? ctx.result.length : undefined;
}

const SPECS: readonly ChannelSpec[] = [
  { name: 'mysql2:query', describe, rows },
  { name: 'mysql2:execute', describe, rows },
];

/**
 * mysql2 (and MariaDB through it): `query()` and `execute()`, callback and
 * promise APIs, pools included; from its TracingChannels (≥ 3.20) or, for
 * older releases, a patch of the connection class. The version ranges do not
 * overlap, so a query is traced once.
 */
export function createMysql2Instrumentations(): [DbChannelInstrumentation, Mysql2LegacyInstrumentation] {
  return [new DbChannelInstrumentation(NAME, SPECS), new Mysql2LegacyInstrumentation()];
}
