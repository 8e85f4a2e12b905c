import type { SpanFilter } from './types.js';

/** WHERE clause and parameters for a span filter; the time column is start_ms (indexed). */
export function spanWhere(f: SpanFilter): { sql: string; params: Array<string | number> } {
  const parts = ['start_ms >= ?', 'start_ms < ?'];
  const params: Array<string | number> = [f.fromMs, f.toMs];
  if (f.name !== undefined) {
    parts.push('name = ?');
    params.push(f.name);
  }
  if (f.serviceName !== undefined) {
    parts.push('service_name = ?');
    params.push(f.serviceName);
  }
  if (f.rootsOnly) parts.push('(parent_span_id IS NULL OR remote_parent = 1)');
  return { sql: parts.join(' AND '), params };
}
