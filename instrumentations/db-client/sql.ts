import type { Attributes } from '@opentelemetry/api';
import type { SqlDialect } from '../node-sqlite/sanitize.js';
import { summarizeSql } from '../node-sqlite/utils.js';
import type { DbOperation, DbTarget } from './types.js';

/**
 * Span name and attributes of one SQL call, for every SQL client: the text
 * is sanitized (every literal a `?`) and summarized once per distinct string.
 */
export function sqlOperation(system: string, dialect: SqlDialect, sql: string, target: DbTarget): DbOperation {
  const s = summarizeSql(sql, dialect);
  const metricAttributes: Attributes = { 'db.system.name': system };
  if (s.operation) metricAttributes['db.operation.name'] = s.operation;
  if (s.collection) metricAttributes['db.collection.name'] = s.collection;
  addTarget(metricAttributes, target);
  const spanAttributes: Attributes = { ...metricAttributes, 'db.query.text': s.text };
  if (s.statements > 1) spanAttributes['db.operation.batch.size'] = s.statements;
  const where = s.collection ?? target.namespace;
  const spanName = s.operation ? (where ? `${s.operation} ${where}` : s.operation) : (where ?? system);
  return { spanName, spanAttributes, metricAttributes };
}

export function addTarget(attributes: Attributes, target: DbTarget): void {
  if (target.namespace) attributes['db.namespace'] = target.namespace;
  if (target.serverAddress) attributes['server.address'] = target.serverAddress;
  if (target.serverPort !== undefined) attributes['server.port'] = target.serverPort;
}
