import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { startupLine } from '../../../src/config/summary.js';

describe('the start-up line', () => {
  it('shows effective settings and redacts secrets', () => {
    const env = {
      VIGIL_DASHBOARD_TOKEN: 's3cret-token',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer abc123',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://user:pw@collector.example:4318',
      OTEL_TRACES_EXPORTER: 'otlp',
    };
    const line = startupLine('1.2.3', loadConfig(env, '/srv').config, env);
    expect(line).toMatch(/^Vigil 1\.2\.3 started /);
    expect(line).toContain('"traces":"otlp"');
    expect(line).not.toContain('s3cret-token');
    expect(line).not.toContain('abc123');
    expect(line).not.toContain('user:pw');
    expect(line).toContain('collector.example:4318');
  });
});
