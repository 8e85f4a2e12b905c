import { isIP } from 'node:net';
import type { EnvReader } from './env.js';
import type { Problems } from './problems.js';
import type { ServerConfig } from './types.js';

/**
 * VIGIL_HOST / VIGIL_PORT, with the OpenTelemetry Prometheus exporter's
 * OTEL_EXPORTER_PROMETHEUS_HOST / _PORT as aliases (Vigil's own name wins
 * when both are set).
 */
export function serverConfig(r: EnvReader): ServerConfig {
  const portName = r.string('VIGIL_PORT') === undefined && r.string('OTEL_EXPORTER_PROMETHEUS_PORT') !== undefined ? 'OTEL_EXPORTER_PROMETHEUS_PORT' : 'VIGIL_PORT';
  const hostVar = r.string('VIGIL_HOST') === undefined && r.string('OTEL_EXPORTER_PROMETHEUS_HOST') !== undefined ? 'OTEL_EXPORTER_PROMETHEUS_HOST' : 'VIGIL_HOST';
  return {
    host: r.string(hostVar) ?? '127.0.0.1',
    hostVar,
    port: r.port(portName, 9464),
    allowedHosts: (r.string('VIGIL_ALLOWED_HOSTS') ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    allowRemoteWithoutToken: r.boolean('VIGIL_ALLOW_REMOTE_WITHOUT_TOKEN', false),
  };
}

/** Loopback only: 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * Without a token, /api and the dashboard answer anyone who reaches the
 * port, so a bind beyond loopback (0.0.0.0, ::, a LAN address) is refused
 * and the server stays on 127.0.0.1 unless the user opts in. Prometheus'
 * exporters warn of the same; we refuse, because a clinic's EMR data is
 * behind it.
 */
export function guardExposure(server: ServerConfig, token: string | undefined, problems: Problems): void {
  if (server.port === 0 || token || isLoopback(server.host)) return;
  if (server.allowRemoteWithoutToken) {
    problems.add(server.hostVar, `WARNING: ${server.host} exposes /api and the dashboard to the network without VIGIL_DASHBOARD_TOKEN (VIGIL_ALLOW_REMOTE_WITHOUT_TOKEN=true)`);
    return;
  }
  problems.add(
    server.hostVar,
    `WARNING: "${server.host}" would expose /api and the dashboard to the network without VIGIL_DASHBOARD_TOKEN; listening on 127.0.0.1 instead (set a token, or VIGIL_ALLOW_REMOTE_WITHOUT_TOKEN=true)`,
  );
  server.host = '127.0.0.1';
}
