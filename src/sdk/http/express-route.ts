import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { diag } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';
import { VERSION } from '../version.js';
import { kRouteError, kServerSpan } from './instrumentation.js';

// Published by the `router` package (Express 5) for each error at its origin.
const ERROR_CHANNEL = 'tracing:express.router.request:error';

interface RouterErrorContext {
  req?: { [kServerSpan]?: Span; [kRouteError]?: unknown };
  error?: unknown;
}

/**
 * Express support: the route template comes from `req.route` when the
 * response ends (see attributes.ts), and errors thrown or passed to `next()`
 * in any layer are recorded as an `exception` event on the request's server
 * span, through the router's diagnostics channel: no patching, so it works
 * the same for ESM and CommonJS. No span per middleware: they cost more than
 * they tell for a clinic's small Express apps.
 */
export class ExpressRouteInstrumentation implements Instrumentation {
  readonly instrumentationName = '@vigil/otel/instrumentation-express';
  readonly instrumentationVersion = VERSION;
  private config: InstrumentationConfig = { enabled: true };
  private subscribed = false;

  private readonly onError = (message: unknown): void => {
    try {
      const ctx = message as RouterErrorContext;
      const span = ctx.req?.[kServerSpan];
      if (!span || ctx.error === undefined || ctx.req === undefined) return;
      ctx.req[kRouteError] = ctx.error;
      span.recordException(toException(ctx.error));
    } catch (err) {
      diag.warn('vigil express: could not record a route error', err);
    }
  };

  enable(): void {
    if (this.subscribed) return;
    subscribe(ERROR_CHANNEL, this.onError);
    this.subscribed = true;
  }

  disable(): void {
    if (!this.subscribed) return;
    unsubscribe(ERROR_CHANNEL, this.onError);
    this.subscribed = false;
  }

  setTracerProvider(): void {}
  setMeterProvider(): void {}
  setConfig(config: InstrumentationConfig): void {
    this.config = { ...config };
  }
  getConfig(): InstrumentationConfig {
    return this.config;
  }
}

function toException(error: unknown): Error | string {
  if (error instanceof Error) return error;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

export function createExpressRouteInstrumentation(): ExpressRouteInstrumentation {
  return new ExpressRouteInstrumentation();
}
