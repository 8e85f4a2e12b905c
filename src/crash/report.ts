import { randomUUID } from 'node:crypto';
import { arch, platform, release, type } from 'node:os';
import type { Attributes } from '@opentelemetry/api';
import type { Redactor } from '../privacy/index.js';
import { anonymiseResource, createAnonymiser, mapStrings } from './anonymise.js';
import { errorInfo } from './error-info.js';
import type { CrashReport } from './types.js';

const MAX_BREADCRUMBS = 100;

export interface ReportInputs {
  breadcrumbs?: () => unknown[];
  resourceAttributes?: Attributes;
  redactor: Redactor;
}

function lastBreadcrumbs(get?: () => unknown[]): unknown[] {
  try {
    const all = get?.() ?? [];
    return Array.isArray(all) ? all.slice(-MAX_BREADCRUMBS) : [];
  } catch {
    return [];
  }
}

/**
 * Builds the crash report synchronously (the process may be gone a moment
 * later): the error, process and OS facts, the last breadcrumbs and the
 * resource; then anonymised (home, user, host) and redacted as a whole.
 */
export function buildCrashReport(err: unknown, origin: string, inputs: ReportInputs): CrashReport {
  const now = Date.now();
  const raw: CrashReport = {
    id: randomUUID(),
    time: new Date(now).toISOString(),
    time_ms: now,
    origin,
    level: 'fatal',
    error: errorInfo(err),
    process: {
      pid: process.pid,
      uptime_s: process.uptime(),
      memory: process.memoryUsage(),
      cpu: process.cpuUsage(),
      node: process.version,
      versions: { v8: process.versions.v8, uv: process.versions.uv },
    },
    os: { type: type(), platform: platform(), release: release(), arch: arch() },
    breadcrumbs: lastBreadcrumbs(inputs.breadcrumbs),
    resource: anonymiseResource({ ...inputs.resourceAttributes }, inputs.redactor.hash),
  };
  const anonymised = mapStrings(raw, createAnonymiser()) as CrashReport;
  const redacted = inputs.redactor.redactValue(anonymised) as CrashReport;
  // Fields Vigil wrote itself stay exact (a timestamp must not meet a mask).
  return { ...redacted, id: raw.id, time: raw.time, time_ms: raw.time_ms, origin, level: 'fatal' };
}
