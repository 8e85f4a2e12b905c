import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, freePort, startApp } from '../helpers/child.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';

type Receiver = Awaited<ReturnType<typeof startOtlpReceiver>>;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

function app(service: string, extra: Record<string, string> = {}) {
  return startApp(resolve(ROOT, 'test/fixtures/apps/express-app.mjs'), {
    OTEL_SERVICE_NAME: service,
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    // Long enough that only the shutdown flush can deliver the span in time.
    OTEL_BSP_SCHEDULE_DELAY: '60000',
    ...extra,
  });
}

describe('SIGTERM', () => {
  it('flushes the last request span, then ends the process by the signal', async () => {
    const child = app('sigterm-default');
    const [, port] = await child.waitFor(/LISTENING (\d+)/);
    await fetch(`http://127.0.0.1:${port}/patients/7`);
    child.kill('SIGTERM');
    const exit = await child.exited;
    expect(exit.signal === 'SIGTERM' || exit.code === 143).toBe(true);
    const spans = receiver.spans().filter((s) => s.resource['service.name'] === 'sigterm-default');
    expect(spans.map((s) => s.name)).toContain('GET /patients/:id');
  });

  it('leaves the exit to an application that handles SIGTERM itself, after flushing', async () => {
    const child = app('sigterm-app', { APP_SIGTERM: '1' });
    const [, port] = await child.waitFor(/LISTENING (\d+)/);
    await fetch(`http://127.0.0.1:${port}/patients/8`);
    child.kill('SIGTERM');
    const exit = await child.exited;
    expect(child.stdout()).toContain('APP HANDLER');
    expect(exit.code).toBe(7);
    const spans = receiver.spans().filter((s) => s.resource['service.name'] === 'sigterm-app');
    expect(spans.map((s) => s.name)).toContain('GET /patients/:id');
  });
});

describe('a process that wants to exit', () => {
  it('is not kept alive by Vigil (telemetry server, timers)', async () => {
    const child = startApp(resolve(ROOT, 'test/fixtures/apps/short-lived.mjs'), { VIGIL_PORT: String(await freePort()), OTEL_METRIC_EXPORT_INTERVAL: '60000' });
    const exit = await child.exited;
    expect(exit.code).toBe(0);
    expect(child.stdout()).toContain('DONE');
  });
});
