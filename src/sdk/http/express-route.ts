import type { IncomingMessage } from 'node:http';
import { ChannelInstrumentation } from './channels.js';
import { recordRouteError } from './route.js';

// Published by the `router` package (Express 5) for each error at its origin.
const ERROR_CHANNEL = 'tracing:express.router.request:error';

interface RouterErrorContext {
  req?: IncomingMessage;
  error?: unknown;
}

/**
 * Express 5 support: the route template comes from `req.route` when the
 * response ends (see route.ts), and errors thrown or passed to `next()` in
 * any layer are recorded as an `exception` event on the request's server
 * span, through the router's diagnostics channel. No span per middleware:
 * they cost more than they tell for a clinic's small Express apps. Express 4
 * has no channel: see express4.ts.
 */
export function createExpressRouteInstrumentation(): ChannelInstrumentation {
  return new ChannelInstrumentation('@vigil/otel/instrumentation-express', {
    [ERROR_CHANNEL]: (message) => {
      const ctx = message as RouterErrorContext;
      recordRouteError(ctx.req, ctx.error);
    },
  });
}
