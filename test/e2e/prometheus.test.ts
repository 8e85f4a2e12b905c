import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/child.js';
import { startDemo } from '../helpers/demo.js';
import type { Demo } from '../helpers/demo.js';
import { promtoolCheckMetrics, startPrometheus } from '../helpers/prometheus.js';
import type { PrometheusServer } from '../helpers/prometheus.js';

let demo: Demo;
let prom: PrometheusServer;
let vigilPort: number;

beforeAll(async () => {
  demo = await startDemo();
  vigilPort = demo.vigilPort;
  demo.load(6);
  prom = await startPrometheus([`127.0.0.1:${vigilPort}`]);
});

afterAll(() => {
  prom?.stop();
  demo?.stop();
});

describe('a real Prometheus scraping the demo', () => {
  it('sees the target up', async () => {
    const up = await eventually(async () => {
      const r = await prom.query('up{job="vigil"}');
      return r.length && r[0]!.value[1] === '1' ? r : undefined;
    }, 60_000, 500);
    expect(up[0]!.value[1]).toBe('1');
  });

  it('answers a PromQL quantile over the HTTP duration histogram by route', async () => {
    const expr = 'histogram_quantile(0.95, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket[1m])))';
    const series = await eventually(async () => {
      const r = await prom.query(expr);
      return r.some((s) => s.metric.http_route === '/patients/:id') ? r : undefined;
    }, 60_000, 1000);
    expect(series.map((s) => s.metric.http_route)).toContain('/fhir/Patient/:id');
  });

  it('promtool accepts /metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${vigilPort}/metrics`)).text();
    expect(text).toContain('http_server_request_duration_seconds_bucket');
    expect(() => promtoolCheckMetrics(text)).not.toThrow();
  });
});
