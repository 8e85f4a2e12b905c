import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { Attributes } from '@opentelemetry/api';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';

// The upstream serializer re-sanitizes and re-escapes every label of a series
// for each line it writes (count, sum and every bucket of a histogram): at
// 10,000 series /metrics took 1.7 × prom-client. This one writes the same
// text, building each series' label string once. Metadata, naming and
// conflict handling stay upstream's.

const INVALID = /[^a-z0-9_]/gi;
const MULTI_UNDERSCORE = /_{2,}/g;
const sanitizedKeys = new Map<string, string>();

function sanitizeKey(key: string): string {
  let s = sanitizedKeys.get(key);
  if (s === undefined) {
    s = key.replace(INVALID, '_').replace(MULTI_UNDERSCORE, '_');
    if (sanitizedKeys.size < 10_000) sanitizedKeys.set(key, s);
  }
  return s;
}

function escapeValue(val: unknown): string {
  const str = typeof val === 'string' ? val : JSON.stringify(val);
  // Fast path: most label values need no escaping at all.
  if (!/[\\\n"]/.test(str)) return str;
  return str.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(attributes: Attributes, additional: Attributes | undefined): string {
  let out = '';
  for (const key in attributes) out += `${out ? ',' : ''}${sanitizeKey(key)}="${escapeValue(attributes[key])}"`;
  if (additional) for (const key in additional) out += `${out ? ',' : ''}${sanitizeKey(key)}="${escapeValue(additional[key])}"`;
  return out;
}

function value(v: number): string {
  return v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : `${v}`;
}

function line(name: string, labelStr: string, v: number): string {
  return labelStr ? `${name}{${labelStr}} ${value(v)}\n` : `${name} ${value(v)}\n`;
}

type Internals = {
  _serializeSingularDataPoint(name: string, data: MetricData, point: DataPoint<number>, additional?: Attributes): string;
  _serializeHistogramDataPoint(name: string, data: MetricData, point: DataPoint<Histogram>, additional?: Attributes): string;
};

/** A PrometheusSerializer with upstream's output, faster on label-heavy scrapes. */
export function createFastSerializer(): PrometheusSerializer {
  const serializer = new PrometheusSerializer();
  const internals = serializer as unknown as Internals;
  internals._serializeSingularDataPoint = (name, _data, point, additional) => line(name, labels(point.attributes, additional), point.value);
  internals._serializeHistogramDataPoint = (name, _data, point, additional) => {
    const labelStr = labels(point.attributes, additional);
    const h = point.value;
    let out = '';
    if (h.count != null) out += line(`${name}_count`, labelStr, h.count);
    if (h.sum != null) out += line(`${name}_sum`, labelStr, h.sum);
    const prefix = labelStr ? `${labelStr},` : '';
    let cumulative = 0;
    let infiniteDefined = false;
    const { counts, boundaries } = h.buckets;
    for (let i = 0; i < counts.length; i++) {
      cumulative += counts[i]!;
      const upper = boundaries[i];
      if (upper === undefined && infiniteDefined) break;
      if (upper === Infinity) infiniteDefined = true;
      const le = upper === undefined || upper === Infinity ? '+Inf' : String(upper);
      out += `${name}_bucket{${prefix}le="${le}"} ${value(cumulative)}\n`;
    }
    return out;
  };
  return serializer;
}
