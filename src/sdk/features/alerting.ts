import { hostname } from 'node:os';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { createAlerting, parseAlertingSection } from '../../alerting/index.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

/**
 * The alert engine: rules over the metric stream (its own reader), error
 * groups, slow operations, failures and health changes, routed to the
 * channels of the config file.
 */
export const alertingFeature: Feature = {
  name: 'alerting',
  setup({ config, resource, problems, events, options }) {
    const rt = runtime();
    const s = config.file?.sections ?? {};
    const parsed = config.file ? parseAlertingSection({ alerts: s.alerts, channels: s.channels, routing: s.routing, silences: s.silences }, config.file.where) : undefined;
    for (const p of parsed?.problems ?? []) problems.add(p.source, p.message);
    // A link in a shared Alertmanager must name this host: 0.0.0.0 or :: would point the reader at their own machine.
    const linkHost = ['0.0.0.0', '::', '[::]'].includes(config.server.host) ? hostname() : config.server.host;
    const externalURL = config.server.port ? `http://${linkHost.includes(':') && !linkHost.startsWith('[') ? `[${linkHost}]` : linkHost}:${config.server.port}` : undefined;
    // What tells this instance's alerts from others' in a shared Alertmanager:
    // every process of a service on one host has the same pair (one alert),
    // other services and hosts differ (grouped by alertname, service).
    const service = String(resource.attributes[ATTR_SERVICE_NAME] ?? 'unknown_service');
    const externalLabels = { service, instance: config.server.port ? `${hostname()}:${config.server.port}` : hostname() };
    const alerting = createAlerting({ config: parsed?.config, channels: options.channels, db: () => rt.store?.db, externalURL, externalLabels });
    const unsubscribe = [
      events.on('errorGroup', (kind, group) => {
        if (kind !== 'event') alerting.onErrorGroup(kind, { ...group, culprit: group.culprit ?? undefined });
      }),
      events.on('slowOperation', (name, ms) => alerting.onSlowOperation(name, ms)),
      events.on('operationFailure', (err, name) =>
        alerting.alert({ severity: 'ERROR', title: `${name} failed`, message: err instanceof Error ? err.message : String(err), labels: { operation: name } }),
      ),
      // Health results into the engine as they happen (no polling): a check
      // failing from its first run alerts after its `for`, and a percentage
      // feeds the memory, CPU and disk threshold rules.
      events.on('healthResult', (r) => {
        const v = r.result.observedValue;
        alerting.onHealthResult(r.name, r.result.status, typeof v === 'number' ? { value: v, unit: r.result.observedUnit ?? '' } : undefined);
      }),
    ];
    rt.alerting = alerting;
    return {
      metricReaders: [alerting.reader],
      routes: async () => ({ protectedRouters: [await alerting.router()] }),
      shutdown: async () => {
        for (const off of unsubscribe) off();
        await alerting.shutdown();
      },
    };
  },
};

