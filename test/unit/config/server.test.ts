import { describe, expect, it } from 'vitest';
import { Problems, guardExposure, loadConfig } from '../../../src/config/index.js';

const load = (env: Record<string, string>) => loadConfig(env, '/srv/app');

describe('telemetry server settings', () => {
  it('takes OTEL_EXPORTER_PROMETHEUS_HOST/_PORT as aliases; VIGIL_HOST/PORT win', () => {
    expect(load({ OTEL_EXPORTER_PROMETHEUS_HOST: '::1', OTEL_EXPORTER_PROMETHEUS_PORT: '9999' }).config.server).toMatchObject({ host: '::1', port: 9999 });
    expect(load({ OTEL_EXPORTER_PROMETHEUS_PORT: '9999', VIGIL_PORT: '9000', VIGIL_HOST: 'localhost', OTEL_EXPORTER_PROMETHEUS_HOST: '::1' }).config.server).toMatchObject({ host: 'localhost', port: 9000 });
    const { problems } = load({ OTEL_EXPORTER_PROMETHEUS_PORT: 'x' });
    expect(problems.lines[0]).toMatch(/^OTEL_EXPORTER_PROMETHEUS_PORT: "x"/);
  });

  it('reads VIGIL_ALLOWED_HOSTS as a comma list', () => {
    expect(load({ VIGIL_ALLOWED_HOSTS: ' monitor.lan , .clinic.lan,' }).config.server.allowedHosts).toEqual(['monitor.lan', '.clinic.lan']);
  });
});

describe('guardExposure: no bind beyond loopback without a token', () => {
  const guard = (env: Record<string, string>) => {
    const { config } = load(env);
    const problems = new Problems();
    guardExposure(config.server, config.dashboardToken, problems);
    return { host: config.server.host, lines: problems.lines };
  };

  it('keeps 0.0.0.0, ::, and a LAN address on 127.0.0.1 with one loud line', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'clinic-box']) {
      const { host: bound, lines } = guard({ VIGIL_HOST: host });
      expect(bound, host).toBe('127.0.0.1');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^VIGIL_HOST: WARNING: .* without VIGIL_DASHBOARD_TOKEN; listening on 127\.0\.0\.1 instead/);
    }
  });

  it('binds as asked with a token, or with the explicit opt-in (still one line)', () => {
    expect(guard({ VIGIL_HOST: '0.0.0.0', VIGIL_DASHBOARD_TOKEN: 't' })).toEqual({ host: '0.0.0.0', lines: [] });
    const optIn = guard({ VIGIL_HOST: '0.0.0.0', VIGIL_ALLOW_REMOTE_WITHOUT_TOKEN: 'true' });
    expect(optIn.host).toBe('0.0.0.0');
    expect(optIn.lines).toHaveLength(1);
  });

  it('leaves loopback alone', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost', '::ffff:127.0.0.1']) expect(guard({ VIGIL_HOST: host })).toEqual({ host, lines: [] });
  });
});
