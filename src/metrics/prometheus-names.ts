import type { MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';

// The OTel Prometheus exporter 0.301 writes `vigil.operation.duration` (unit
// s) as `vigil_operation_duration`: the unit is in `# UNIT` only, and a
// Prometheus user reading `..._bucket{le="5"}` cannot tell seconds from
// milliseconds. The OTel-Prometheus compatibility spec names it
// `vigil_operation_duration_seconds` (what the Collector and Prometheus' own
// OTLP ingestion write); this module renames metrics that way (`_bytes` for By, and so on) before
// serialization. `_total` is still added by the serializer, after the unit.

const UNIT_WORDS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

/**
 * The Prometheus unit word of an OTel (UCUM) unit; '' when it has none
 * (`{call}`, `1`). The spec's `_ratio` for gauges of unit `1` is left out:
 * `vigil.health.score` (0–100) and `vigil.health.status` are unit `1` and are
 * not ratios, and their names are what the alert rules and dashboards query.
 */
export function prometheusUnit(unit: string): string {
  const bare = unit.replace(/\{[^}]*\}/g, '').trim();
  if (bare === '' || bare === '1') return '';
  const slash = bare.indexOf('/');
  if (slash > 0) {
    const [num, den] = [bare.slice(0, slash), bare.slice(slash + 1)];
    const n = word(num);
    const d = word(den);
    return n && d ? `${n}_per_${d}` : n || (d ? `per_${d}` : '');
  }
  return word(bare);
}

function word(unit: string): string {
  const w = UNIT_WORDS[unit] ?? unit;
  return w.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_{2,}/g, '_').replace(/^_|_$/g, '');
}

const renamed = new Map<string, { name: string; unit: string }>();

function rename(metric: MetricData): MetricData {
  const { name, unit } = metric.descriptor;
  const key = `${name}\u0000${unit}`;
  let to = renamed.get(key);
  if (to === undefined) {
    const suffix = prometheusUnit(unit);
    const base = name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_{2,}/g, '_');
    const bare = base.endsWith('_total') ? base.slice(0, -6) : base;
    const named = suffix === '' || bare.endsWith(`_${suffix}`) ? base : `${bare}_${suffix}${bare === base ? '' : '_total'}`;
    to = { name: named, unit: suffix };
    if (renamed.size < 10_000) renamed.set(key, to);
  }
  if (to.name === name && to.unit === unit) return metric;
  return { ...metric, descriptor: { ...metric.descriptor, name: to.name, unit: to.unit } } as MetricData;
}

/** The collected metrics with Prometheus names: the unit word appended (`_seconds`, `_bytes`). Never mutates its input. */
export function withPrometheusUnits(resourceMetrics: ResourceMetrics): ResourceMetrics {
  return {
    ...resourceMetrics,
    scopeMetrics: resourceMetrics.scopeMetrics.map((scope) => ({ ...scope, metrics: scope.metrics.map(rename) })),
  };
}
