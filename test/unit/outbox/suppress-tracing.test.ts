import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { ScriptedServer, exportAsync, makeSpans, waitFor } from './helpers.js';

describe('Vigil does not trace its own exports', () => {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const server = new ScriptedServer();
  let undici: UndiciInstrumentation;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
    undici = new UndiciInstrumentation(); // enabled on construction, on the global provider
    await server.start();
  });
  afterAll(async () => {
    undici.disable();
    await server.close();
    await provider.shutdown();
  });

  const tracedPaths = () => memory.getFinishedSpans().map((s) => s.attributes['url.path']);

  it('the undici instrumentation traces the application fetch but not the OTLP POST', async () => {
    await (await fetch(`${server.url}/before`)).text();
    const exporter = createOutboxSpanExporter({ protocol: 'http/json', url: `${server.url}/v1/traces` });
    await exportAsync(exporter, makeSpans('clinic-op'));
    await (await fetch(`${server.url}/after`)).text();
    await exporter.shutdown();

    expect(server.received.map((r) => r.path)).toEqual(['/before', '/v1/traces', '/after']);
    // Spans end asynchronously; once the last control span is in, the OTLP one would be too.
    await waitFor(() => tracedPaths().includes('/after'), 'the control spans');
    expect(tracedPaths()).toEqual(['/before', '/after']);
  });
});
