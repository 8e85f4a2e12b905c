import type { AlertRuleInput } from './types.js';

/**
 * Rules that ship on. Each reads only what the process records:
 * - database and API failures from the OTel semantic-convention histograms
 *   (`error.type` is set on failed DB operations; 5xx responses carry their
 *   status code);
 * - memory, CPU and disk from the health checks' observed values, which the
 *   health room pushes in as `vigil.health.observed{check,unit}` (percent);
 * - error groups, regressions, health changes, slow operations and crashes
 *   from the events the SDK hands the engine.
 * A config rule with the same name replaces a default; `alerts.defaults: false` turns them all off.
 */
export const DEFAULT_RULES: readonly AlertRuleInput[] = [
  {
    name: 'DatabaseFailures',
    expr: 'increase(db.client.operation.duration{error.type=~".+"}[5m]) >= 5',
    severity: 'ERROR',
    annotations: { title: 'Database failures', message: '{{ $value }} database operations failed in the last 5 minutes' },
  },
  {
    name: 'ApiErrors',
    expr: 'increase(http.server.request.duration{http.response.status_code=~"5.."}[5m]) >= 3',
    severity: 'ERROR',
    annotations: { title: 'API errors', message: '{{ $value }} requests answered 5xx in the last 5 minutes' },
  },
  {
    name: 'HighMemory',
    expr: 'max(vigil.health.observed{check=~".*memory.*",unit=~"%|percent"}) by (check) >= 85',
    severity: 'WARNING',
    annotations: { title: 'Memory high', message: '{{ $labels.check }} at {{ $value }} %' },
  },
  {
    name: 'HighCpu',
    expr: 'max(vigil.health.observed{check=~".*cpu.*",unit=~"%|percent"}) by (check) >= 85',
    severity: 'WARNING',
    annotations: { title: 'CPU high', message: '{{ $labels.check }} at {{ $value }} %' },
  },
  {
    name: 'DiskFull',
    expr: 'max(vigil.health.observed{check=~".*disk.*",unit=~"%|percent"}) by (check) >= 90',
    severity: 'ERROR',
    annotations: { title: 'Disk filling up', message: '{{ $labels.check }} at {{ $value }} %' },
  },
  { name: 'HealthCheckFailed', kind: 'health', severity: 'ERROR', statuses: ['fail'] },
  { name: 'NewErrorGroup', kind: 'error_group', severity: 'WARNING', annotations: { title: 'New error' } },
  { name: 'ErrorRegression', kind: 'regression', severity: 'ERROR', annotations: { title: 'Error regressed' } },
  { name: 'SlowOperation', kind: 'slow_operation', severity: 'INFO', annotations: { title: 'Slow operation' } },
  { name: 'Crash', kind: 'crash', severity: 'CRITICAL', annotations: { title: 'Crash' } },
];
