import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, eventually, startApp } from '../helpers/child.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';

type Receiver = Awaited<ReturnType<typeof startOtlpReceiver>>;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

describe.each(['http/protobuf', 'http/json'])('OTLP over %s', (protocol) => {
  it('delivers spans and metrics with the service name', async () => {
    const service = `otlp-${protocol.replace('/', '-')}`;
    const child = startApp(resolve(ROOT, 'test/fixtures/apps/express-app.mjs'), {
      OTEL_SERVICE_NAME: service,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    });
    try {
      const [, port] = await child.waitFor(/LISTENING (\d+)/);
      await fetch(`http://127.0.0.1:${port}/patients/42`);
      const span = await eventually(() => receiver.spans().find((s) => s.resource['service.name'] === service && s.name === 'GET /patients/:id'));
      expect(span.attributes?.['http.route']).toBe('/patients/:id');
      expect(span.attributes?.['http.response.status_code']).toBe(200);
      expect(span.resource['telemetry.distro.name']).toBe('@vigil/otel');
      const names = await eventually(() => {
        const ms = receiver.metrics.filter((m) => m.resourceMetrics.some((rm) => rm.resource?.attributes?.['service.name'] === service));
        const all = ms.flatMap((m) => m.resourceMetrics.flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((x) => x.name))));
        return all.includes('http.server.request.duration') ? all : undefined;
      });
      expect(names).toContain('http.server.request.duration');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
