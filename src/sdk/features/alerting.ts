import { createAlerting, parseAlertingSection } from '../../alerting/index.js';
import type { Alerting } from '../../alerting/index.js';
import type { Health } from '../../health/index.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

const HEALTH_POLL_MS = 15_000;

/**
 * The alert engine: rules over the metric stream (its own reader), error
 * groups, slow operations, failures and health changes, routed to the
 * channels of the config file.
 */
export const alertingFeature: Feature = {
  name: 'alerting',
  setup({ config, problems, events }) {
    const rt = runtime();
    const s = config.file?.sections ?? {};
    const parsed = config.file ? parseAlertingSection({ alerts: s.alerts, channels: s.channels, routing: s.routing, silences: s.silences }, config.file.where) : undefined;
    for (const p of parsed?.problems ?? []) problems.add(p.source, p.message);
    const externalURL = config.server.port ? `http://${config.server.host}:${config.server.port}` : undefined;
    const alerting = createAlerting({ config: parsed?.config, db: () => rt.store?.db, externalURL });
    const unsubscribe = [
      events.on('errorGroup', (kind, group) => {
        if (kind !== 'event') alerting.onErrorGroup(kind, { ...group, culprit: group.culprit ?? undefined });
      }),
      events.on('slowOperation', (name, ms) => alerting.onSlowOperation(name, ms)),
      events.on('operationFailure', (err, name) =>
        alerting.alert({ severity: 'ERROR', title: `${name} failed`, message: err instanceof Error ? err.message : String(err), labels: { operation: name } }),
      ),
    ];
    rt.alerting = alerting;
    let bridge: NodeJS.Timeout | undefined;
    return {
      metricReaders: [alerting.reader],
      protectedRouters: [alerting.router()],
      started: () => {
        if (rt.health) bridge = bridgeHealth(rt.health, alerting);
      },
      shutdown: async () => {
        clearInterval(bridge);
        for (const off of unsubscribe) off();
        await alerting.shutdown();
      },
    };
  },
};

/**
 * Health results into the engine: status changes, and the percentages of
 * the memory, CPU and disk checks for the default threshold rules. Polls
 * the cached results; running a check is the health room's business.
 */
function bridgeHealth(health: Health, alerting: Alerting): NodeJS.Timeout {
  const last = new Map<string, string>();
  const poll = (): void => {
    try {
      for (const r of health.results()) {
        const status = r.result.status;
        const before = last.get(r.name);
        if (before !== undefined && before !== status) alerting.onHealthChange(r.name, before, status, observed(r.result));
        last.set(r.name, status);
        const o = observed(r.result);
        if (o && o.unit === '%') alerting.observeHealth(r.name, o.value, '%');
      }
    } catch {
      // A bad result must not stop the bridge; the health room logs its own faults.
    }
  };
  const timer = setInterval(poll, HEALTH_POLL_MS);
  timer.unref();
  return timer;
}

function observed(result: { observedValue?: unknown; observedUnit?: string }): { value: number; unit: string } | undefined {
  return typeof result.observedValue === 'number' ? { value: result.observedValue, unit: result.observedUnit ?? '' } : undefined;
}
