import type { Meter, ObservableCallback, ObservableGauge } from '@opentelemetry/api';
import { verdict } from './verdict.js';
import { statusValue } from './status.js';
import type { CachedResult } from './types.js';

interface Source {
  results(): Array<CachedResult & { critical: boolean }>;
}

/**
 * `vigil.health.status{check}` (1 pass, 0.5 warn, 0 fail) and
 * `vigil.health.score`, read from the cache when collected (no timer, no
 * check run on the collection path). Returns the unregistration.
 */
export function registerHealthMetrics(meter: Meter, source: Source): () => void {
  const status: ObservableGauge = meter.createObservableGauge('vigil.health.status', {
    description: 'Latest status of each health check: 1 pass, 0.5 warn, 0 fail',
    unit: '1',
  });
  const score: ObservableGauge = meter.createObservableGauge('vigil.health.score', {
    description: 'Health score 0-100 from the latest check results',
    unit: '1',
  });
  const onStatus: ObservableCallback = (obs) => {
    for (const r of source.results()) obs.observe(statusValue(r.result.status), { check: r.name });
  };
  const onScore: ObservableCallback = (obs) => {
    obs.observe(verdict(source.results().map((r) => ({ name: r.name, status: r.result.status, critical: r.critical }))).score);
  };
  status.addCallback(onStatus);
  score.addCallback(onScore);
  return () => {
    status.removeCallback(onStatus);
    score.removeCallback(onScore);
  };
}
