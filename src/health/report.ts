import { healthScore } from './score.js';
import { overall } from './status.js';
import { systemInfo } from './system.js';
import type { CachedResult, HealthCheck, HealthCheckEntry, HealthReport } from './types.js';

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
 */
export function buildReport(entries: Array<{ check: HealthCheck; last: CachedResult }>, meta: ReportMeta, verbose: boolean): HealthReport {
  const status = overall(entries.map((e) => ({ status: e.last.result.status, critical: e.check.critical })));
  const report: HealthReport = { status };
  if (meta.version !== undefined) report.version = meta.version;
  if (meta.releaseId !== undefined) report.releaseId = meta.releaseId;
  if (meta.serviceId !== undefined) report.serviceId = meta.serviceId;
  if (meta.description !== undefined) report.description = meta.description;
  if (meta.shuttingDown) report.notes = ['shutting down'];
  if (!verbose) return report;

  const failing = entries.filter((e) => e.last.result.status !== 'pass').map((e) => `${e.check.name}: ${e.last.result.output ?? e.last.result.status}`);
  if (failing.length > 0) report.output = failing.join('; ');
  report.score = healthScore(entries.map((e) => ({ status: e.last.result.status, critical: e.check.critical })));
  const checks: Record<string, HealthCheckEntry[]> = {};
  for (const { check, last } of entries) {
    const key = `${check.component}:${check.measurement}`;
    (checks[key] ??= []).push(entry(check, last));
  }
  const system = systemInfo();
  checks.uptime = [{ componentType: 'system', observedValue: system.uptime.processSeconds, observedUnit: 's', status: 'pass', time: new Date().toISOString() }];
  report.checks = checks;
  report.system = system;
  return report;
}

function entry(check: HealthCheck, last: CachedResult): HealthCheckEntry {
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
  };
}
