// @vigil/otel/express: Vigil's telemetry endpoints inside an application's own Express app.
export { metricsHandler } from './server/metrics-route.js';
export { requireToken } from './server/auth.js';
