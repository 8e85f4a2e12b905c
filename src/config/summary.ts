import type { Config } from './types.js';

const SECRET_ENV = /(HEADERS|TOKEN|PASSWORD|SECRET|DSN|KEY)/i;

/**
 * The effective settings as one line, secrets redacted (after Elastic's
 * getSafeEdotEnv): printed at OTEL_LOG_LEVEL=info on start.
 */
export function startupLine(version: string, config: Config, env: Record<string, string | undefined>): string {
  const settings: Record<string, unknown> = {
    service: config.serviceName,
    traces: config.traces.exporters.join(',') || 'none',
    metrics: config.metrics.exporters.join(',') || 'none',
    logs: config.logs.exporters.join(',') || 'none',
    otlpProtocol: config.traces.protocol,
    sampler: config.traces.sampler,
    propagators: config.propagators.join(',') || 'none',
    instrumentations: config.instrumentations.join(','),
    server: config.server.port === 0 ? 'off' : `${config.server.host}:${config.server.port}`,
    allowedHosts: config.server.allowedHosts.length ? config.server.allowedHosts.join(',') : undefined,
    dataDir: config.dataDir,
    retentionDays: config.retentionDays,
    redaction: config.redaction,
    dashboardToken: config.dashboardToken ? '[REDACTED]' : undefined,
    configFile: config.file?.path,
  };
  const otel: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || !/^(OTEL_EXPORTER_OTLP_|CRASH_REPORT_URL|SENTRY_DSN)/.test(k)) continue;
    otel[k] = SECRET_ENV.test(k) ? '[REDACTED]' : stripCredentials(v);
  }
  return `Vigil ${version} started ${JSON.stringify({ ...settings, env: otel })}`;
}

/** user:password@ in URLs is a secret too. */
export function stripCredentials(v: string): string {
  return v.replace(/\/\/[^/@\s]+@/g, '//[REDACTED]@');
}
