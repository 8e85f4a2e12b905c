import { systemInfo } from './system.js';
import { fleetName } from './fleet.js';
import { verdict } from './verdict.js';
import type { FleetEntry, HealthCheckEntry, HealthReport } from './types.js';

export interface ReportMeta {
  serviceId?: string;
  version?: string;
  releaseId?: string;
  description?: string;
  shuttingDown: boolean;
}

/**
 * The application/health+json body (draft-inadarei-api-health-check).
 * Without `verbose` only the status and the service's identity: the check
 * names and outputs describe the infrastructure, so they are details.
 * `entries` may hold several processes' checks (see fleet.ts).
 */
export function buildReport(entries: FleetEntry[], meta: ReportMeta, verbose: boolean): HealthReport {
  const v = verdict(entries.map((e) => ({ name: fleetName(e), status: e.last.result.status, critical: e.check.critical, output: e.last.result.output })));
  const report: HealthReport = { status: v.status };
  if (meta.version !== undefined) report.version = meta.version;
  if (meta.releaseId !== undefined) report.releaseId = meta.releaseId;
  if (meta.serviceId !== undefined) report.serviceId = meta.serviceId;
  if (meta.description !== undefined) report.description = meta.description;
  if (meta.shuttingDown) report.notes = ['shutting down'];
  if (!verbose) return report;

  if (v.output !== undefined) report.output = v.output;
  report.score = v.score;
  const checks: Record<string, HealthCheckEntry[]> = {};
  for (const e of entries) (checks[`${e.check.component}:${e.check.measurement}`] ??= []).push(entry(e));
  const system = systemInfo();
  checks.uptime = [{ componentType: 'system', observedValue: system.uptime.processSeconds, observedUnit: 's', status: 'pass', time: new Date().toISOString() }];
  report.checks = checks;
  report.system = system;
  return report;
}

function entry({ check, last, pid }: FleetEntry): HealthCheckEntry {
  const r = last.result;
  // Key order follows the draft's examples; undefined fields drop out of JSON.
  return {
    componentId: check.componentId ?? check.name,
    componentType: check.componentType,
    observedValue: r.observedValue,
    observedUnit: r.observedUnit,
    status: r.status,
    time: new Date(last.timeMs).toISOString(),
    output: r.output,
    critical: check.critical,
    durationMs: Math.round(last.durationMs * 100) / 100,
    details: r.details,
    pid,
  };
}
