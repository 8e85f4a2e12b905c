import type { DatabaseSync } from 'node:sqlite';

/** One service's requests in a window: root span durations (ms) and how many failed. */
export interface ServiceRoots {
  service: string;
  durations: number[];
  errors: number;
}

/**
 * Requests (local roots: no parent, or a parent in another process) by
 * `service.name`, for services side by side on one data dir, from raw
 * spans (the part of a window not rolled up yet). Spans without a service
 * name count under `unknown_service`, as OpenTelemetry names such a service.
 */
export function serviceRoots(db: DatabaseSync, fromMs: number, toMs: number): ServiceRoots[] {
  const rows = db
    .prepare(
      `SELECT COALESCE(service_name, 'unknown_service') AS s, duration_ms AS d, status_code = 2 AS e FROM spans
       WHERE start_ms >= ? AND start_ms < ? AND (parent_span_id IS NULL OR remote_parent = 1) AND duration_ms IS NOT NULL`,
    )
    .all(fromMs, toMs) as Array<{ s: string; d: number; e: number }>;
  const by = new Map<string, ServiceRoots>();
  for (const r of rows) {
    let acc = by.get(r.s);
    if (!acc) by.set(r.s, (acc = { service: r.s, durations: [], errors: 0 }));
    acc.durations.push(r.d);
    if (r.e) acc.errors++;
  }
  return [...by.values()];
}

