import { context, diag, logs, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { guardExposure, loadConfig } from '../config/index.js';
import type { Config, LoadedConfig } from '../config/index.js';
import { startupLine } from '../config/summary.js';
import type { TelemetryServer } from '../server/app.js';
import { metricsHandler } from '../server/metrics-route.js';
import { flushAtExit } from '../../exporters/sqlite/exit-flush.js';
import { TimeOrderedIdGenerator } from '../../exporters/sqlite/trace-ids.js';
import type { Fleet } from '../server/peers/fleet.js';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { Resource } from '@opentelemetry/resources';
import { vigilErrorHandler } from './error-handler.js';
import { createEvents } from './events.js';
import { buildExportPipeline } from './exporters.js';
import { FEATURES } from './features.js';
import { bounded } from './handle.js';
import type { VigilHandle } from './handle.js';
import { INSTRUMENTATIONS } from './instrumentations.js';
import { VigilDiagLogger, writeStderr } from './output.js';
import { sayingQueueDropsOnce } from './queue-drops.js';
import { buildPropagator } from './propagators.js';
import { buildResource } from './resource.js';
import { runtime } from './runtime.js';
import { buildSampler } from './sampler.js';
import { buildViews } from './views.js';
import type { FeatureParts, FeatureRoutes, StartOptions } from './types.js';
import { VERSION } from './version.js';
import { nodeSupported, unsupportedNodeLine } from '../node-version.js';

const DEFAULT_SHUTDOWN_MS = 5000;

/**
 * Start Vigil: config → resource → features → providers → instrumentations →
 * telemetry server. Never rejects for a configuration problem: each is one
 * line on stderr and that part stays off.
 */
export async function start(options: StartOptions = {}, loaded?: LoadedConfig): Promise<VigilHandle> {
  const env = options.env ?? process.env;
  if (!nodeSupported()) {
    writeStderr(unsupportedNodeLine('Vigil stays off'));
    return disabledHandle(loadConfig(env).config);
  }
  // The preload has already read the config (for the loader hook's include list): not twice.
  const { config, problems } = loaded ?? loadConfig(env);
  if (options.serviceName) config.serviceName = options.serviceName;
  if (options.server === false) config.server.port = 0;
  else if (options.server) Object.assign(config.server, options.server);
  guardExposure(config.server, config.dashboardToken, problems);
  diag.setLogger(sayingQueueDropsOnce(new VigilDiagLogger()), { logLevel: config.logLevel, suppressOverrideMessage: true });
  problems.report();
  if (config.disabled) return disabledHandle(config);
  setGlobalErrorHandler(vigilErrorHandler());

  let resource = buildResource(config);
  if (options.resourceAttributes) resource = resource.merge(resourceFromAttributes(options.resourceAttributes));
  if (options.serviceName) resource = resource.merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }));
  // Host and process detectors settle within a few ms; the Prometheus and SQLite exporters read attributes synchronously.
  if (resource.asyncAttributesPending) await bounded(resource.waitForAsyncAttributes?.() ?? Promise.resolve(), 1000);

  const parts: FeatureParts[] = [];
  const events = createEvents();
  for (const feature of FEATURES) {
    try {
      const p = await feature.setup({ config, resource, problems, events, options });
      if (p) parts.push(p);
    } catch (err) {
      problems.add(`vigil ${feature.name}`, `could not start (${(err as Error).message}); that part is off`);
    }
  }
  const instrumentations: Instrumentation[] = [...(options.instrumentations ?? [])];
  for (const name of config.instrumentations) {
    try {
      const p = await INSTRUMENTATIONS[name].load({ config });
      if (p.instrumentations) instrumentations.push(...p.instrumentations);
      if (p.spanProcessors) parts.push({ spanProcessors: p.spanProcessors });
    } catch (err) {
      problems.add(`OTEL_NODE_ENABLED_INSTRUMENTATIONS`, `instrumentation "${name}" could not be loaded (${(err as Error).message}); it is off`);
    }
  }
  const pipeline = await buildExportPipeline(config, parts.find((p) => p.localExporters)?.localExporters ?? {}, () => runtime().store?.db);
  const propagator = await buildPropagator(config.propagators);
  problems.report();

  const meterProvider = new MeterProvider({
    resource,
    readers: [...pipeline.metricReaders, ...parts.flatMap((p) => p.metricReaders ?? []), ...(options.metricReaders ?? [])],
    views: [
      ...buildViews({ redactor: config.redaction === 'strict' ? runtime().redactor : undefined, exponential: !config.metrics.exporters.includes('prometheus') }),
      ...parts.flatMap((p) => p.views ?? []),
      ...(options.views ?? []),
    ],
  });
  const spanProcessors = [...parts.flatMap((p) => p.spanProcessors ?? []), ...(options.spanProcessors ?? []), ...pipeline.spanProcessors];
  const tracerProvider = new TracerProvider({ resource, sampler: buildSampler(config.traces), spanProcessors, idGenerator: new TimeOrderedIdGenerator() });
  const logRecordProcessors = [...parts.flatMap((p) => p.logRecordProcessors ?? []), ...(options.logRecordProcessors ?? []), ...pipeline.logRecordProcessors];
  const loggerProvider = new LoggerProvider({ resource, processors: logRecordProcessors });

  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(propagator);
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  logs.setGlobalLoggerProvider(loggerProvider);
  // Vigil's own span processors and samplers read only a request's method and path when its span starts.
  const leanStart = !options.spanProcessors?.length;
  for (const inst of instrumentations) {
    (inst as { setLeanStart?(on: boolean): void }).setLeanStart?.(leanStart);
    inst.setTracerProvider(tracerProvider);
    inst.setMeterProvider(meterProvider);
    inst.setLoggerProvider?.(loggerProvider);
    inst.enable();
  }

  // The telemetry server is imported only when it is on; Express and the rooms' routers at its first request.
  let fleet: Fleet | undefined;
  let server: TelemetryServer | undefined;
  let shuttingDown: Promise<void> | undefined;
  const serve = async (): Promise<number | undefined> => {
    if (config.server.port === 0 || shuttingDown) return undefined;
    const { createTelemetryServer } = await import('../server/app.js');
    fleet = pipeline.prometheus ? await joinFleet(config, resource, pipeline.prometheus) : undefined;
    if (shuttingDown) return void (await fleet?.leave());
    server = createTelemetryServer({
      fleet,
      host: config.server.host,
      port: config.server.port,
      token: config.dashboardToken,
      allowedHosts: config.server.allowedHosts,
      prometheus: pipeline.prometheus,
      routes: async () => {
        const routes = await routesOf(parts);
        return { routers: routes.flatMap((r) => r.routers ?? []), protectedRouters: routes.flatMap((r) => r.protectedRouters ?? []) };
      },
    });
    const bound = await server.listen();
    if (shuttingDown) await server.close();
    return bound;
  };
  // Before the application's code runs: a scraper or probe may call as soon as the app is up.
  const port = await serve();
  const rt = runtime();
  rt.config = config;
  if (pipeline.prometheus) rt.metricsHandler = metricsHandler(pipeline.prometheus);
  const flushAll = (ms: number) => bounded(Promise.allSettled([tracerProvider.forceFlush(), loggerProvider.forceFlush(), meterProvider.forceFlush()]), ms);
  rt.flush = (ms = DEFAULT_SHUTDOWN_MS) => flushAll(ms);
  for (const p of parts) safe(() => p.started?.());
  diag.info(startupLine(VERSION, config, env));

  const markShuttingDown = (): void => {
    server?.markShuttingDown();
    for (const p of parts) safe(() => p.stopping?.());
  };
  const handle: VigilHandle = {
    config,
    port,
    markShuttingDown,
    flushAtExit: () => flushAtExit(pipeline.exitPairs),
    forceFlush: (timeoutMs = DEFAULT_SHUTDOWN_MS) => flushAll(timeoutMs),
    [Symbol.asyncDispose]: () => handle.shutdown(),
    shutdown(timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_MS) {
      shuttingDown ??= (async () => {
        markShuttingDown();
        for (const inst of instrumentations) safe(() => inst.disable());
        await bounded(
          (async () => {
            await fleet?.leave();
            await Promise.allSettled(parts.map((p) => Promise.resolve().then(() => p.shutdown?.())));
            await Promise.allSettled([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);
            for (const p of parts) safe(() => p.closeLast?.());
          })(),
          timeoutMs,
        );
        await server?.close();
        contextManager.disable();
      })();
      return shuttingDown;
    },
  };
  return handle;
}

/** Each room's routers, in room order (the order they are mounted in). */
function routesOf(parts: FeatureParts[]): Promise<FeatureRoutes[]> {
  const one = (p: FeatureParts): Promise<FeatureRoutes> =>
    (p.routes?.() ?? Promise.resolve({})).catch((err: unknown) => (diag.warn('vigil: a room\'s routes could not load; they are not served', err), {}));
  return Promise.all(parts.map(one));
}

/** The other processes of this service on this data dir (cluster workers): one /metrics and one /health for all. */
async function joinFleet(config: Config, resource: Resource, prometheus: PrometheusExporter): Promise<Fleet | undefined> {
  const { Fleet } = await import('../server/peers/fleet.js');
  const fleet = new Fleet({
    dataDir: config.dataDir,
    serviceName: String(resource.attributes[ATTR_SERVICE_NAME] ?? config.serviceName),
    collectOwn: async () => (await prometheus.collect()).resourceMetrics.scopeMetrics,
    healthOwn: () => runtime().health?.snapshot(),
  });
  try {
    await fleet.join();
    // /health on the process holding the port covers every process: the others' checks come over the peer wire.
    runtime().health?.setPeers(() => fleet.peerHealth());
    return fleet;
  } catch (err) {
    diag.debug('vigil: could not join the other processes of this service; /metrics shows this process only', err);
    return undefined;
  }
}

function disabledHandle(config: Config): VigilHandle {
  return {
    config,
    markShuttingDown() {},
    flushAtExit() {},
    forceFlush: async () => {},
    shutdown: async () => {},
    [Symbol.asyncDispose]: async () => {},
  };
}

function safe(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    diag.warn('vigil: a component failed', err);
  }
}
