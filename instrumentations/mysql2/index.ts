import { DbChannelInstrumentation } from '../db-client/channel.js';
import type { ChannelSpec } from '../db-client/channel.js';
import { sqlOperation } from '../db-client/sql.js';
import type { DbOperation } from '../db-client/types.js';

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

/** mysql2 (and MariaDB through it): `query()` and `execute()`, callback and promise APIs, pools included. */
export function createMysql2Instrumentation(): DbChannelInstrumentation {
  return new DbChannelInstrumentation(NAME, SPECS);
}
