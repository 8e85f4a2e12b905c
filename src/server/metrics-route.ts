import { diag } from '@opentelemetry/api';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { withPrometheusUnits } from '../metrics/prometheus-names.js';
import { createFastSerializer } from './prometheus-serializer.js';
import { loadedPromClientRegistry } from './prom-client.js';
import type { Fleet } from './peers/fleet.js';

/**
 * GET /metrics: the OTel Prometheus reader's metrics (unit in the name:
 * `_seconds`), then prom-client's
 * default registry when the application uses prom-client, so its existing
 * metrics keep working on the same scrape. Plain node:http objects, so it
 * serves from Express, Fastify (`reply.raw`), Koa (`ctx.res`) or a bare server.
 */
export function metricsHandler(reader: PrometheusExporter | undefined, fleet?: Fleet) {
  const serializer = createFastSerializer();
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body = '';
    try {
      if (reader) {
        const { resourceMetrics, errors } = await reader.collect();
        if (errors.length) diag.warn('vigil /metrics: collection errors', ...errors);
        // Other processes of this service on this data dir (cluster workers): merged in.
        const scopeMetrics = fleet ? await fleet.collect(resourceMetrics.scopeMetrics) : resourceMetrics.scopeMetrics;
        body = serializer.serialize(withPrometheusUnits({ resource: resourceMetrics.resource, scopeMetrics }));
      }
      const prom = loadedPromClientRegistry();
      if (prom) body += (body && !body.endsWith('\n') ? '\n' : '') + (await prom.metrics());
      send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', body);
    } catch (err) {
      diag.warn('vigil /metrics: could not collect', err);
      send(res, 500, 'text/plain; charset=utf-8', `# failed to collect metrics: ${String(err)}\n`);
    }
  };
}

export function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
