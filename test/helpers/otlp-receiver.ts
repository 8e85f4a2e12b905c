import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// CommonJS package without types: the few members the tests use.
const mock = require('@elastic/mockotlpserver') as {
  MockOtlpServer: new (opts: Record<string, unknown>) => { start(): Promise<void>; close(): Promise<void>; httpUrl: string | null; grpcUrl: string | null };
  normalizeTrace(raw: unknown): NormalizedTrace;
  normalizeMetrics(raw: unknown): NormalizedMetrics;
  normalizeLogs(raw: unknown): unknown;
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

/** A real OTLP/HTTP receiver (@elastic/mockotlpserver) on 127.0.0.1 for all three signals, decoding protobuf and JSON. */
export async function startOtlpReceiver(opts: { grpc?: boolean } = {}): Promise<{
  url: string;
  /** The OTLP/gRPC endpoint, when started with grpc: true. */
  grpcUrl?: string;
  traces: NormalizedTrace[];
  metrics: NormalizedMetrics[];
  logs: unknown[];
  spans(): (NormalizedSpan & { resource: Record<string, unknown> })[];
  /** Everything received, as JSON (ids in hex, attributes as plain objects). */
  json(): string;
  close(): Promise<void>;
}> {
  const traces: NormalizedTrace[] = [];
  const metrics: NormalizedMetrics[] = [];
  const logs: unknown[] = [];
  const server = new mock.MockOtlpServer({
    services: opts.grpc ? ['http', 'grpc'] : ['http'],
    httpHostname: '127.0.0.1',
    grpcHostname: '127.0.0.1',
    grpcPort: 0,
    httpPort: 0,
    logLevel: 'warn',
    onTrace: (t: unknown) => traces.push(mock.normalizeTrace(t)),
    onMetrics: (m: unknown) => metrics.push(mock.normalizeMetrics(m)),
    onLogs: (l: unknown) => logs.push(mock.normalizeLogs(l)),
  });
  await server.start();
  return {
    url: String(server.httpUrl).replace(/\/$/, ''),
    ...(server.grpcUrl ? { grpcUrl: String(server.grpcUrl).replace(/\/$/, '') } : {}),
    traces,
    metrics,
    logs,
    json: () => JSON.stringify({ traces, metrics, logs }),
    spans: () =>
      traces.flatMap((t) => t.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, resource: rs.resource?.attributes ?? {} }))))),
    close: () => server.close(),
  };
}
