// @vigil/otel/express: Vigil inside an application's own Express app.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { captureException } from './facade.js';
import { runtime } from './sdk/runtime.js';

export { requireToken } from './server/auth.js';

/**
 * Error middleware that records the error as an error event (with the
 * route and method) and passes it on unchanged to the next error handler.
 * Express 5 errors are captured without it (through the router's
 * diagnostics channel); Express 4 applications add it last:
 * `app.use(vigilErrorHandler())`.
 */
export function vigilErrorHandler(): ErrorRequestHandler {
  return (err, req, _res, next) => {
    const route = (req as { route?: { path?: unknown } }).route?.path;
    captureException(err, { tags: { 'http.request.method': req.method, ...(typeof route === 'string' ? { 'http.route': (req.baseUrl ?? '') + route } : {}) } });
    next(err);
  };
}

/**
 * `GET /metrics` of the running Vigil on a route of the application's own
 * server, for deployments that expose one port only:
 * `app.get('/metrics', vigilMetrics())`. Answers 503 while Vigil is off.
 */
export function vigilMetrics(): RequestHandler {
  return (req, res, next) => {
    const handler = runtime().metricsHandler;
    if (!handler) {
      res.status(503).type('text/plain').send('# Vigil is not running\n');
      return;
    }
    void handler(req, res, next);
  };
}
