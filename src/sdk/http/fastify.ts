import type { IncomingMessage } from 'node:http';
import { ChannelInstrumentation } from './channels.js';
import { recordRouteError, setRoute } from './route.js';

// Fastify 5 publishes its route handler as a tracing channel.
const START = 'tracing:fastify.request.handler:start';
const ERROR = 'tracing:fastify.request.handler:error';

interface HandlerMessage {
  request?: { raw?: IncomingMessage };
  route?: { url?: string };
  error?: unknown;
}

/**
 * Fastify 5 (and NestJS on its Fastify adapter): the matched route's URL
 * template becomes `http.route` and the span name, and an error thrown by a
 * handler (or passed to `reply.send`) is recorded on the server span. No
 * plugin to register and no loader hook: Fastify's own diagnostics channel.
 */
export function createFastifyInstrumentation(): ChannelInstrumentation {
  return new ChannelInstrumentation('@vigil/otel/instrumentation-fastify', {
    [START]: (message) => {
      const m = message as HandlerMessage;
      setRoute(m.request?.raw, m.route?.url);
    },
    [ERROR]: (message) => {
      const m = message as HandlerMessage;
      recordRouteError(m.request?.raw, m.error);
    },
  });
}
