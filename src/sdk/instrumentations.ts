import { join, resolve } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { Config, InstrumentationName } from '../config/index.js';

export interface InstrumentationContext {
  config: Config;
}

export interface InstrumentationParts {
  instrumentations?: Instrumentation[];
  spanProcessors?: SpanProcessor[];
}

export interface InstrumentationEntry {
  /** Module names the import-in-the-middle hook must wrap for ESM applications. */
  modules: readonly string[];
  /** Loaded lazily so that a disabled instrumentation costs no import at start. */
  load(ctx: InstrumentationContext): Promise<InstrumentationParts>;
}

/** The table of instrumentation factories, by the short names of OTEL_NODE_*_INSTRUMENTATIONS. */
export const INSTRUMENTATIONS: Record<InstrumentationName, InstrumentationEntry> = {
  http: {
    modules: ['http', 'https', 'node:http', 'node:https'],
    async load() {
      // Server side: Vigil's lean instrumentation. Client side (node:http requests): upstream's.
      const [{ createHttpServerInstrumentation }, { HttpInstrumentation }] = await Promise.all([
        import('./http/instrumentation.js'),
        import('@opentelemetry/instrumentation-http'),
      ]);
      return { instrumentations: [createHttpServerInstrumentation(), new HttpInstrumentation({ disableIncomingRequestInstrumentation: true })] };
    },
  },
  express: {
    modules: ['express', 'router'],
    async load() {
      // Express 5 through the router's diagnostics channel; Express 4 by watching each layer's `next`.
      const [{ createExpressRouteInstrumentation }, { createExpress4Instrumentation }] = await Promise.all([import('./http/express-route.js'), import('./http/express4.js')]);
      return { instrumentations: [createExpressRouteInstrumentation(), createExpress4Instrumentation()] };
    },
  },
  fastify: {
    // Fastify 5 publishes its handler on a diagnostics channel: no loader hook.
    modules: [],
    async load() {
      const { createFastifyInstrumentation } = await import('./http/fastify.js');
      return { instrumentations: [createFastifyInstrumentation()] };
    },
  },
  nestjs: {
    modules: ['@nestjs/core'],
    async load() {
      const { createNestInstrumentation } = await import('./http/nest.js');
      return { instrumentations: [createNestInstrumentation()] };
    },
  },
  koa: {
    modules: ['koa'],
    async load() {
      const { createKoaInstrumentation } = await import('./http/koa.js');
      return { instrumentations: [createKoaInstrumentation()] };
    },
  },
  undici: {
    modules: [],
    async load() {
      const { UndiciInstrumentation } = await import('@opentelemetry/instrumentation-undici');
      return { instrumentations: [new UndiciInstrumentation()] };
    },
  },
  'runtime-node': {
    modules: [],
    async load() {
      // Upstream's metrics, with the event-loop delay read from Vigil's one sampler (no timer of its own).
      const { VigilRuntimeNodeInstrumentation } = await import('./runtime-node.js');
      return { instrumentations: [new VigilRuntimeNodeInstrumentation()] };
    },
  },
  'host-metrics': {
    modules: [],
    async load({ config }) {
      const { HostMetricsInstrumentation } = await import('@opentelemetry/instrumentation-host-metrics');
      // Process metrics always; system-wide ones only when asked (they cost a systeminformation poll).
      const metricGroups = ['process.cpu', 'process.memory'];
      if (config.systemMetrics) metricGroups.push('system.cpu', 'system.memory', 'system.network');
      return { instrumentations: [new HostMetricsInstrumentation({ metricGroups })] };
    },
  },
  'node-sqlite': {
    modules: [],
    async load({ config }) {
      const { createNodeSqliteInstrumentation } = await import('../../instrumentations/node-sqlite/index.js');
      const own = join(config.dataDir, 'monitoring.db');
      // Vigil's own monitoring.db (writer and readers) is never traced; the application's databases are, wherever they live.
      return { instrumentations: [createNodeSqliteInstrumentation({ ignoreDatabase: (location) => resolve(location) === own })] };
    },
  },
  // The database clients below need no import-in-the-middle hook: pg is patched in the file its
  // index requires, the others publish diagnostics_channel events. A client the app never loads costs
  // one small module import at start and nothing after.
  pg: {
    modules: [],
    async load() {
      const { createPgInstrumentation } = await import('../../instrumentations/pg/index.js');
      return { instrumentations: [createPgInstrumentation()] };
    },
  },
  mysql2: {
    modules: [],
    async load() {
      const { createMysql2Instrumentations } = await import('../../instrumentations/mysql2/index.js');
      return { instrumentations: createMysql2Instrumentations() };
    },
  },
  redis: {
    modules: [],
    async load() {
      const { createRedisInstrumentations } = await import('../../instrumentations/redis/index.js');
      return { instrumentations: createRedisInstrumentations() };
    },
  },
  ioredis: {
    modules: [],
    async load() {
      const { createIoredisInstrumentations } = await import('../../instrumentations/redis/index.js');
      return { instrumentations: createIoredisInstrumentations() };
    },
  },
  // Log bridges: records with the active trace and span, through the redacting log pipeline.
  pino: {
    // Upstream's: it wraps the pino() factory, so ESM imports need the hook. Correlation fields
    // stay out of the application's own lines (its output is unchanged).
    modules: ['pino'],
    async load() {
      const { PinoInstrumentation } = await import('@opentelemetry/instrumentation-pino');
      return { instrumentations: [new PinoInstrumentation({ disableLogCorrelation: true })] };
    },
  },
  winston: {
    modules: [],
    async load() {
      const { WinstonInstrumentation } = await import('../../instrumentations/logs/winston.js');
      return { instrumentations: [new WinstonInstrumentation()] };
    },
  },
  console: {
    modules: [],
    async load({ config }) {
      // Opt-in: console lines are often debugging noise, and a library's too.
      if (!config.captureConsole) return {};
      const { ConsoleInstrumentation } = await import('../../instrumentations/logs/console.js');
      return { instrumentations: [new ConsoleInstrumentation()] };
    },
  },
  ollama: {
    modules: ['ollama'],
    async load({ config }) {
      const [{ createOllamaInstrumentation }, { redactText }] = await Promise.all([import('../../instrumentations/ollama/index.js'), import('../privacy/index.js')]);
      return { instrumentations: [createOllamaInstrumentation({ captureContent: config.captureLlmContent, redact: redactText })] };
    },
  },
  fhir: {
    modules: [],
    async load() {
      const { createFhirInstrumentation } = await import('../../instrumentations/fhir/index.js');
      const fhir = createFhirInstrumentation();
      return { instrumentations: [fhir], spanProcessors: [fhir.spanProcessor] };
    },
  },
  emr: {
    modules: [],
    async load() {
      const { createEmrInstrumentation } = await import('../../instrumentations/emr/index.js');
      return { instrumentations: [createEmrInstrumentation()] };
    },
  },
};

/** The import-in-the-middle include list for the enabled instrumentations. */
export function hookedModules(names: readonly InstrumentationName[]): string[] {
  return [...new Set(names.flatMap((n) => INSTRUMENTATIONS[n].modules))];
}
