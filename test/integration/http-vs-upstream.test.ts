import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, eventually, startApp } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';
import type { NormalizedSpan } from '../helpers/otlp-receiver.js';

// Vigil's lean server-side HTTP instrumentation against the upstream
// instrumentation-http + instrumentation-express, for the same requests: the
// server spans must carry the same semantic-convention attributes and values.
type Receiver = Awaited<ReturnType<typeof startOtlpReceiver>>;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

const REQUESTS: [string, number][] = [
  ['/patients/17?expand=visits', 200],
  ['/fail', 500],
  ['/no/such/route', 404],
];

async function serverSpans(service: string, preload: string[]): Promise<NormalizedSpan[]> {
  const app = resolve(ROOT, 'test/fixtures/apps/express-app.mjs');
  const env = {
    OTEL_SERVICE_NAME: service,
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SEMCONV_STABILITY_OPT_IN: 'http',
    VIGIL_REDACTION: 'off',
  };
  const child: Child = preload.length ? startApp(app, env, { preload: false, nodeArgs: preload }) : startApp(app, env);
  try {
    const [, port] = await child.waitFor(/LISTENING (\d+)/);
    for (const [path, status] of REQUESTS) expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).toBe(status);
    return await eventually(() => {
      const spans = receiver.spans().filter((s) => s.resource['service.name'] === service && (s.kind === 'SPAN_KIND_SERVER' || s.kind === 2));
      return spans.length >= REQUESTS.length ? spans : undefined;
    });
  } finally {
    child.kill('SIGKILL');
  }
}

describe('the lean HTTP server instrumentation against upstream instrumentation-http', () => {
  it('gives the same span names and semantic-convention attributes for the same requests', async () => {
    const vigil = await serverSpans('lean-vigil', []);
    const upstream = await serverSpans('lean-upstream', ['--import', resolve(ROOT, 'test/fixtures/apps/upstream-register.mjs')]);
    const byPath = (spans: NormalizedSpan[], path: string) => spans.find((s) => s.attributes?.['url.path'] === path.split('?')[0])!;
    const compared = ['http.request.method', 'url.path', 'url.scheme', 'http.response.status_code', 'http.route', 'server.address', 'network.protocol.version', 'user_agent.original', 'error.type'];
    for (const [path] of REQUESTS) {
      const v = byPath(vigil, path);
      const u = byPath(upstream, path);
      expect(v, `vigil span for ${path}`).toBeDefined();
      expect(u, `upstream span for ${path}`).toBeDefined();
      expect(v.name).toBe(u.name);
      for (const key of compared) expect([key, v.attributes?.[key]]).toEqual([key, u.attributes?.[key]]);
      // Each process listened on its own port: both report theirs.
      expect(typeof v.attributes?.['server.port']).toBe(typeof u.attributes?.['server.port']);
    }
  });
});
