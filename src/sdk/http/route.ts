import { diag } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import { expressRoute } from './attributes.js';

/** The server span of a request, for the framework hooks and the error tracker. */
export const kServerSpan = Symbol.for('vigil.http.serverSpan');
/** The error a framework saw for a request, if any: its message becomes the status message of a 5xx. */
export const kRouteError = Symbol.for('vigil.http.routeError');
/** The route template a framework matched, set on the raw request by Fastify's and Koa's hooks. */
export const kRoute = Symbol.for('vigil.http.route');

interface RoutedRequest extends IncomingMessage {
  /** The template, or a function reading it when the response ends (Koa routes after the context exists). */
  [kRoute]?: string | (() => unknown);
  [kServerSpan]?: Span;
  [kRouteError]?: unknown;
}

/** Records the template a framework matched for this request (the last one set wins, as the innermost router's). */
export function setRoute(req: IncomingMessage | undefined, route: unknown): void {
  if (req && ((typeof route === 'string' && route) || typeof route === 'function')) (req as RoutedRequest)[kRoute] = route as string | (() => unknown);
}

/** The route template of a request when its response ends: a framework's, else Express's `req.route`. */
export function routeOf(req: IncomingMessage): string | undefined {
  let route = (req as RoutedRequest)[kRoute];
  if (typeof route === 'function') route = asRoute(route());
  return route ?? expressRoute(req);
}

function asRoute(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * Records an error a framework saw while handling a request as an
 * `exception` event on the request's server span, once per error object;
 * a 5xx response then takes its message as the span's status message.
 */
export function recordRouteError(req: IncomingMessage | undefined, error: unknown): void {
  try {
    const r = req as RoutedRequest | undefined;
    const span = r?.[kServerSpan];
    if (!r || !span || error === undefined || error === null || r[kRouteError] === error) return;
    r[kRouteError] = error;
    span.recordException(toException(error));
  } catch (err) {
    diag.warn('vigil http: could not record a route error', err);
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
