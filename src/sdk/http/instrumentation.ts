import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, diag, metrics, propagation, trace } from '@opentelemetry/api';
import type { Context, Histogram, MeterProvider, Span, Tracer, TracerProvider } from '@opentelemetry/api';
import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_DURATION_BUCKETS } from '../../metrics/buckets.js';
import { VERSION } from '../version.js';
import { leadingRequestAttributes, normalizeMethod, requestAttributes } from './attributes.js';
import { EndAttributeSets } from './end-attributes.js';
import { kRouteError, kServerSpan, recordRouteError, routeOf } from './route.js';
import { addOwnAttributes } from './span-attributes.js';

/** Marks a server whose requests are Vigil's own (the telemetry server): never traced. */
export const kUntraced = Symbol.for('vigil.http.untraced');

const NAME = '@vigil/otel/instrumentation-http-server';

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
type RequestWithSpan = IncomingMessage & { [kServerSpan]?: Span; [kRouteError]?: unknown };

/**
 * A lean server-side HTTP instrumentation: one SERVER span and one
 * `http.server.request.duration` point per request, W3C context extracted,
 * the Express route as `http.route`. It patches `Server.prototype.emit` of
 * node:http and node:https (the same objects for ESM and CommonJS, so no
 * loader hook is needed). The upstream instrumentation-http costs about
 * 2.5× a bare request on this path; see bench/README.md.
 */
export class HttpServerInstrumentation implements Instrumentation {
  readonly instrumentationName = NAME;
  readonly instrumentationVersion = VERSION;
  private config: InstrumentationConfig = { enabled: true };
  private tracer: Tracer = trace.getTracer(NAME, VERSION);
  private duration: Histogram = this.createHistogram(metrics.getMeterProvider());
  private readonly originals = new Map<object, Emit>();
  private readonly endAttributes = new EndAttributeSets();
  private leanStart = false;

  setTracerProvider(provider: TracerProvider): void {
    this.tracer = provider.getTracer(NAME, VERSION);
  }

  setMeterProvider(provider: MeterProvider): void {
    this.duration = this.createHistogram(provider);
  }

  /**
   * `true` when every span processor is Vigil's own (start() was given none)
   * and so is the sampler: they read only the method and path of a request
   * when its span starts. The SDK then validates only those at the start
   * (it allocates a WeakSet per value, twice); the rest are written just
   * after, before the application runs, through `addOwnAttributes`, in the
   * same order. An application's processor sees them all at its `onStart`.
   */
  setLeanStart(on: boolean): void {
    this.leanStart = on;
  }

  setConfig(config: InstrumentationConfig): void {
    this.config = { ...config };
  }

  getConfig(): InstrumentationConfig {
    return this.config;
  }

  enable(): void {
    this.patch(http.Server.prototype, 'http');
    this.patch(https.Server.prototype as unknown as http.Server, 'https');
  }

  disable(): void {
    for (const [proto, original] of this.originals) (proto as { emit: Emit }).emit = original;
    this.originals.clear();
  }

  private createHistogram(provider: MeterProvider): Histogram {
    return provider.getMeter(NAME, VERSION).createHistogram('http.server.request.duration', {
      unit: 's',
      description: 'Duration of HTTP server requests.',
      advice: { explicitBucketBoundaries: [...HTTP_DURATION_BUCKETS] },
    });
  }

  private patch(proto: http.Server, scheme: string): void {
    if (this.originals.has(proto)) return;
    const original = proto.emit as Emit;
    this.originals.set(proto, original);
    const self = this;
    proto.emit = function patchedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
      if (event !== 'request' || (this as unknown as Record<symbol, unknown>)[kUntraced]) {
        return original.apply(this, [event, ...args]);
      }
      return self.onRequest(this, original, args[0] as IncomingMessage, args[1] as ServerResponse, scheme);
    } as typeof proto.emit;
  }

  private onRequest(server: http.Server, emit: Emit, req: IncomingMessage, res: ServerResponse, scheme: string): boolean {
    let span: Span;
    let active: Context;
    let parent = ROOT_CONTEXT;
    const start = performance.now();
    const method = normalizeMethod(req.method);
    try {
      if (carriesContext(req.headers)) parent = propagation.extract(ROOT_CONTEXT, req.headers);
      // At the start, through the SDK: samplers and processors' onStart (breadcrumbs) read them (see setLeanStart).
      const attributes = requestAttributes(req, method, scheme);
      span = this.tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: this.leanStart ? leadingRequestAttributes(attributes) : attributes }, parent);
      if (this.leanStart) addOwnAttributes(span, attributes);
      (req as RequestWithSpan)[kServerSpan] = span;
      active = trace.setSpan(parent, span);
      // One shared listener and a plain record on the response: no closure, no `once` wrapper per request.
      (res as ResponseWithState)[kState] = { self: this, req, span, active, method, scheme, start };
      res.on('close', onClose);
    } catch (err) {
      diag.warn('vigil http: could not start a server span', err);
      return emit.call(server, 'request', req, res);
    }
    try {
      // No `this` for the context manager to bind: emitRequest passes the server itself.
      return context.with(active, emitRequest, undefined, emit, server, req, res);
    } catch (err) {
      // A plain node:http listener that throws: recorded, then rethrown unchanged.
      recordRouteError(req, err);
      throw err;
    }
  }

  onEnd(req: IncomingMessage, res: ServerResponse, span: Span, active: Context, method: string, scheme: string, start: number): void {
    try {
      const status = res.statusCode;
      const route = routeOf(req);
      // The client went away before the response was complete (error type `aborted`; a 5xx's is its status).
      const aborted = status < 500 && !res.writableFinished;
      if (status >= 500) {
        const routeError = (req as RequestWithSpan)[kRouteError];
        span.setStatus({ code: SpanStatusCode.ERROR, message: routeError instanceof Error ? routeError.message : undefined });
      } else if (aborted) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'response aborted' });
      }
      const attrs = this.endAttributes.get(method, scheme, req.httpVersion, status, route, aborted);
      if (route !== undefined) span.updateName(this.endAttributes.spanName(attrs, method, route));
      // The span takes the point's set: status, route and error type are new, the rest it has already.
      addOwnAttributes(span, attrs);
      span.end();
      // The request's context, not whatever is active when the socket closes:
      // the point belongs to this span, and the SDK need not look the context up.
      this.duration.record((performance.now() - start) / 1000, attrs, active);
    } catch (err) {
      diag.warn('vigil http: could not end a server span', err);
    }
  }
}

/**
 * Whether any header of the configured propagators is present (`fields()`:
 * `traceparent`, `tracestate`, `baggage`, B3's): most requests to a clinic's
 * server carry none, and extracting from nothing gives the root context back.
 */
function carriesContext(headers: IncomingMessage['headers']): boolean {
  const fields = propagation.fields();
  // A propagator that names no field (not per the API) is always asked.
  if (fields.length === 0) return true;
  for (const field of fields) if (headers[field] !== undefined) return true;
  return false;
}

function emitRequest(emit: Emit, server: http.Server, req: IncomingMessage, res: ServerResponse): boolean {
  return emit.call(server, 'request', req, res);
}

const kState = Symbol('vigil.http.requestState');

interface RequestState {
  self: HttpServerInstrumentation;
  req: IncomingMessage;
  span: Span;
  active: Context;
  method: string;
  scheme: string;
  start: number;
}
type ResponseWithState = ServerResponse & { [kState]?: RequestState };

function onClose(this: ResponseWithState): void {
  const state = this[kState];
  if (state === undefined) return;
  this[kState] = undefined;
  this.removeListener('close', onClose);
  state.self.onEnd(state.req, this, state.span, state.active, state.method, state.scheme, state.start);
}

export function createHttpServerInstrumentation(): HttpServerInstrumentation {
  return new HttpServerInstrumentation();
}
