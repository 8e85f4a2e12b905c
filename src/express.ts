// @vigil/otel/express: Vigil inside an application's own Express app.
//
// The handlers are typed on node:http's request and response, not on
// express's: Vigil's public types must compile in a project that has no
// @types/express, and Express's own objects (which extend them) fit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureException } from './facade.js';
import { runtime } from './sdk/runtime.js';
import { send } from './server/metrics-route.js';
import { requireToken as tokenGuard } from './server/auth.js';

/** What an Express request adds that these handlers read. */
export interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

/** Express's `next`: call with an error to pass it on. */
export type Next = (err?: unknown) => void;
export type Handler = (req: IncomingMessage, res: ServerResponse, next: Next) => void;
export type ErrorHandler = (err: unknown, req: RoutedRequest, res: ServerResponse, next: Next) => void;

/**
 * Error middleware that records the error as an error event (with the
 * route and method) and passes it on unchanged to the next error handler.
 * Express 5 errors are captured without it (through the router's
 * diagnostics channel); Express 4 applications add it last:
 * `app.use(vigilErrorHandler())`.
 */
export function vigilErrorHandler(): ErrorHandler {
  return (err, req, _res, next) => {
    const route = req.route?.path;
    captureException(err, { tags: { 'http.request.method': req.method ?? 'GET', ...(typeof route === 'string' ? { 'http.route': (req.baseUrl ?? '') + route } : {}) } });
    next(err);
  };
}

/**
 * `GET /metrics` of the running Vigil on a route of the application's own
 * server, for deployments that expose one port only:
 * `app.get('/metrics', vigilMetrics())`. Answers 503 while Vigil is off.
 * Works on any node:http server (Fastify's `reply.raw`, Koa's `ctx.res`).
 */
export function vigilMetrics(): Handler {
  return (req, res) => {
    const handler = runtime().metricsHandler;
    if (!handler) return send(res, 503, 'text/plain; charset=utf-8', '# Vigil is not running\n');
    void handler(req, res);
  };
}

/**
 * Guards the application's own routes with Vigil's dashboard token:
 * `Authorization: Bearer <token>` or `?token=`; 401 otherwise.
 */
export function requireToken(token: string | undefined): Handler {
  return tokenGuard(token) as unknown as Handler;
}
