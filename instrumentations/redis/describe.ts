import type { Attributes } from '@opentelemetry/api';
import { addTarget } from '../db-client/sql.js';
import type { DbOperation } from '../db-client/types.js';

/**
 * A Redis command from the TracingChannel context that ioredis and
 * node-redis publish: `{ command, args, database, serverAddress, serverPort }`.
 * Every argument becomes `?`: keys name patients as often as values do.
 */
export function describeRedisCommand(ctx: Record<string, unknown>): DbOperation | undefined {
  if (typeof ctx.command !== 'string') return undefined;
  const command = ctx.command.toUpperCase();
  if (command === 'CLIENT' && isSetInfo(ctx.args)) return undefined;
  const metricAttributes: Attributes = { 'db.system.name': 'redis', 'db.operation.name': command };
  addTarget(metricAttributes, {
    namespace: typeof ctx.database === 'number' || typeof ctx.database === 'string' ? String(ctx.database) : undefined,
    serverAddress: typeof ctx.serverAddress === 'string' ? ctx.serverAddress : undefined,
    serverPort: typeof ctx.serverPort === 'number' ? ctx.serverPort : undefined,
  });
  // node-redis passes the command name as args[0]; ioredis passes the arguments only.
  const args = Array.isArray(ctx.args) ? ctx.args.length - (String(ctx.args[0]).toUpperCase() === command ? 1 : 0) : 0;
  const spanAttributes: Attributes = { ...metricAttributes, 'db.query.text': command + ' ?'.repeat(Math.max(0, args)) };
  if (typeof ctx.batchSize === 'number') spanAttributes['db.operation.batch.size'] = ctx.batchSize;
  return { spanName: command, spanAttributes, metricAttributes };
}

/**
 * The clients' own `CLIENT SETINFO` at connect, which servers before 7.2
 * refuse and the clients ignore: not the application's call, and not a
 * database failure to count.
 */
function isSetInfo(args: unknown): boolean {
  if (!Array.isArray(args)) return false;
  return args.slice(0, 2).some((a) => String(a).toUpperCase() === 'SETINFO');
}

