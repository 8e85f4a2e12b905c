import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// CommonJS package without types: the few members the tests use.
const mock = require('@elastic/mockotlpserver') as {
  MockOtlpServer: new (opts: Record<string, unknown>) => { start(): Promise<void>; close(): Promise<void>; httpUrl: string | null };
  normalizeTrace(raw: unknown): NormalizedTrace;
  normalizeMetrics(raw: unknown): NormalizedMetrics;
};

export interface NormalizedSpan {
  name: string;
  spanId: string;
  traceId: string;
  parentSpanId?: string;
  kind: string | number;
  attributes?: Record<string, unknown>;
}
export interface NormalizedTrace {
  resourceSpans: { resource?: { attributes?: Record<string, unknown> }; scopeSpans: { spans: NormalizedSpan[] }[] }[];
}
export interface NormalizedMetrics {
  resourceMetrics: { resource?: { attributes?: Record<string, unknown> }; scopeMetrics: { metrics: { name: string }[] }[] }[];
}

/** A real OTLP/HTTP receiver (@elastic/mockotlpserver) on 127.0.0.1, decoding protobuf and JSON. */
export async function startOtlpReceiver(): Promise<{
  url: string;
  traces: NormalizedTrace[];
  metrics: NormalizedMetrics[];
  spans(): (NormalizedSpan & { resource: Record<string, unknown> })[];
  close(): Promise<void>;
}> {
  const traces: NormalizedTrace[] = [];
  const metrics: NormalizedMetrics[] = [];
  const server = new mock.MockOtlpServer({
    services: ['http'],
    httpHostname: '127.0.0.1',
    httpPort: 0,
    logLevel: 'warn',
    onTrace: (t: unknown) => traces.push(mock.normalizeTrace(t)),
    onMetrics: (m: unknown) => metrics.push(mock.normalizeMetrics(m)),
  });
  await server.start();
  return {
    url: String(server.httpUrl).replace(/\/$/, ''),
    traces,
    metrics,
    spans: () =>
      traces.flatMap((t) => t.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, resource: rs.resource?.attributes ?? {} }))))),
    close: () => server.close(),
  };
}
