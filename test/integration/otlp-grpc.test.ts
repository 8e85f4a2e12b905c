import { afterEach, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, eventually, startApp } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';

// OTEL_EXPORTER_OTLP_PROTOCOL=grpc: spans reach a real OTLP/gRPC receiver;
// without it, @grpc/grpc-js is never loaded.
const APP = resolve(ROOT, 'test/fixtures/apps/grpc-probe.mjs');
let child: Child | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await close?.();
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
});
