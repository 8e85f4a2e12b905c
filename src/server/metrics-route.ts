import { diag } from '@opentelemetry/api';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { Request, Response } from 'express';
import { withPrometheusUnits } from '../metrics/prometheus-names.js';
import { createFastSerializer } from './prometheus-serializer.js';
import { loadedPromClientRegistry } from './prom-client.js';

/**
 * GET /metrics: the OTel Prometheus reader's metrics (unit in the name:
 * `_seconds`), then prom-client's
 * default registry when the application uses prom-client, so its existing
 * metrics keep working on the same scrape.
 */
export function metricsHandler(reader: PrometheusExporter | undefined) {
  const serializer = createFastSerializer();
  return async (_req: Request, res: Response): Promise<void> => {
    let body = '';
    try {
      if (reader) {
        const { resourceMetrics, errors } = await reader.collect();
        if (errors.length) diag.warn('vigil /metrics: collection errors', ...errors);
        body = serializer.serialize(withPrometheusUnits(resourceMetrics));
      }
      const prom = loadedPromClientRegistry();
      if (prom) body += (body && !body.endsWith('\n') ? '\n' : '') + (await prom.metrics());
      res.status(200).type('text/plain; version=0.0.4; charset=utf-8').send(body);
    } catch (err) {
      diag.warn('vigil /metrics: could not collect', err);
      res.status(500).type('text/plain').send(`# failed to collect metrics: ${String(err)}\n`);
    }
  };
}
