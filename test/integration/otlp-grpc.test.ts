import { afterEach, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, eventually, startApp, tempDir } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';
import { query } from '../fixtures/e2e/lib.js';

// OTEL_EXPORTER_OTLP_PROTOCOL=grpc: spans reach a real OTLP/gRPC receiver;
// without it, @grpc/grpc-js is never loaded.
const APP = resolve(ROOT, 'test/fixtures/apps/grpc-probe.mjs');
let child: Child | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await close?.();
  child = close = undefined;
});

describe('OTLP over gRPC', () => {
  it('exports spans to a gRPC receiver when asked for, and nothing on stderr (no refusal)', async () => {
    const receiver = await startOtlpReceiver({ grpc: true });
    close = receiver.close;
    child = startApp(APP, { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.grpcUrl! });
    await child.waitFor(/GRPC_LOADED true/);
    const span = await eventually(() => receiver.spans().find((s) => s.name === 'GET /patients/:id'));
    expect(span.attributes?.['http.route']).toBe('/patients/:id');
    expect(child.stderr()).toBe('');
  });

  it('is not loaded for OTLP over HTTP', async () => {
    const receiver = await startOtlpReceiver();
    close = receiver.close;
    child = startApp(APP, { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    await child.waitFor(/GRPC_LOADED false/);
    await eventually(() => receiver.spans().find((s) => s.name === 'GET /patients/:id'));
  });

  it('without the optional exporter installed: one line naming the package, the app runs, local storage keeps the spans', async () => {
    const dataDir = tempDir();
    child = startApp(
      APP,
      { VIGIL_DATA_DIR: dataDir, OTEL_TRACES_EXPORTER: 'otlp,sqlite', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' },
      { nodeArgs: ['--import', resolve(ROOT, 'test/fixtures/apps/hide-grpc.mjs')] },
    );
    await child.waitFor(/GRPC_LOADED false/);
    const lines = child.stderr().trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^vigil: OTEL_EXPORTER_OTLP_PROTOCOL=grpc for traces needs @opentelemetry\/exporter-trace-otlp-grpc \(npm install @opentelemetry\/exporter-trace-otlp-grpc@[\d.]+\); traces are not sent over OTLP/)]);
    await eventually(() => query(dataDir, "SELECT 1 FROM spans WHERE name = 'GET /patients/:id'").length > 0 || undefined);
  });
});
