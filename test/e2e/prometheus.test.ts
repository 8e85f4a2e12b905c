import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { NODE, ROOT, eventually, freePort, startApp, tempDir } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';
import { promtoolCheckMetrics, startPrometheus } from '../helpers/prometheus.js';
import type { PrometheusServer } from '../helpers/prometheus.js';

let demo: Child;
let ollama: Child;
let prom: PrometheusServer;
let vigilPort: number;

beforeAll(async () => {
  const ollamaPort = await freePort();
  ollama = startApp(resolve(ROOT, 'examples/emr-clinic/fake-ollama.mjs'), { PORT: String(ollamaPort) }, { preload: false });
  await ollama.waitFor(/stand-in Ollama/);
  vigilPort = await freePort();
  const appPort = await freePort();
  const data = tempDir();
  demo = startApp(resolve(ROOT, 'examples/emr-clinic/server.mjs'), {
    PORT: String(appPort),
    VIGIL_PORT: String(vigilPort),
    VIGIL_DATA_DIR: data,
    CLINIC_DB: resolve(data, 'clinic.db'),
    OLLAMA_HOST: `http://127.0.0.1:${ollamaPort}`,
    OTEL_SERVICE_NAME: 'emr-clinic',
  });
  await demo.waitFor(/EMR clinic on/);
  execFileSync(NODE, [resolve(ROOT, 'examples/emr-clinic/load.mjs'), `http://127.0.0.1:${appPort}`, '6'], { stdio: 'pipe' });
  prom = await startPrometheus([`127.0.0.1:${vigilPort}`]);
});

afterAll(() => {
  prom?.stop();
  demo?.kill('SIGKILL');
  ollama?.kill('SIGKILL');
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
    const expr = 'histogram_quantile(0.95, sum by (le, http_route) (rate(http_server_request_duration_bucket[1m])))';
    const series = await eventually(async () => {
      const r = await prom.query(expr);
      return r.some((s) => s.metric.http_route === '/patients/:id') ? r : undefined;
    }, 60_000, 1000);
    expect(series.map((s) => s.metric.http_route)).toContain('/fhir/Patient/:id');
  });

  it('promtool accepts /metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${vigilPort}/metrics`)).text();
    expect(text).toContain('http_server_request_duration_bucket');
    expect(() => promtoolCheckMetrics(text)).not.toThrow();
  });
});
