import type { EnvReader } from './env.js';
import type { Problems } from './problems.js';
import { stripCredentials } from './summary.js';
import type { Config } from './types.js';

type Signal = 'TRACES' | 'METRICS' | 'LOGS';
const SIGNALS: [Signal, 'traces' | 'metrics' | 'logs'][] = [
  ['TRACES', 'traces'],
  ['METRICS', 'metrics'],
  ['LOGS', 'logs'],
];

/**
 * The OTLP variables the exporters read, checked once at start so a bad one
 * is one line naming it instead of silence: an endpoint that is not http(s)
 * (an ftp:// URL was retried forever) turns OTLP off for the signals that
 * would use it; a malformed header list or OTEL_RESOURCE_ATTRIBUTES is named,
 * without echoing values (headers carry credentials).
 */
export function checkOtlp(r: EnvReader, config: Config, problems: Problems): void {
  const users = SIGNALS.filter(([, key]) => (config[key].exporters as string[]).includes('otlp'));
  if (users.length > 0) {
    const generic = endpointProblem(r.string('OTEL_EXPORTER_OTLP_ENDPOINT'));
    let genericSaid = false;
    for (const [id, key] of users) {
      const name = `OTEL_EXPORTER_OTLP_${id}_ENDPOINT`;
      const specific = r.string(name);
      const problem = specific !== undefined ? endpointProblem(specific) : generic;
      if (!problem) continue;
      config[key].exporters = config[key].exporters.filter((e) => e !== 'otlp') as never;
      if (specific !== undefined) problems.add(name, `${problem}; OTLP export of ${key} is off`);
      else if (!genericSaid) {
        genericSaid = true;
        problems.add('OTEL_EXPORTER_OTLP_ENDPOINT', `${problem}; OTLP export is off`);
      }
    }
    for (const name of ['OTEL_EXPORTER_OTLP_HEADERS', ...users.map(([id]) => `OTEL_EXPORTER_OTLP_${id}_HEADERS`)]) {
      const bad = badPairs(r.string(name));
      if (bad.length > 0) problems.add(name, `entr${bad.length > 1 ? 'ies' : 'y'} ${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not key=value (values not shown: headers carry credentials); ignored`);
    }
  }
  const attrs = r.string('OTEL_RESOURCE_ATTRIBUTES');
  const attrProblem = attrs === undefined ? undefined : resourceAttributesProblem(attrs);
  if (attrProblem) problems.add('OTEL_RESOURCE_ATTRIBUTES', `${attrProblem}; the whole variable is ignored, as the specification requires`);
}

function endpointProblem(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${stripCredentials(raw)}" is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${stripCredentials(raw)}" is not an http(s) URL`;
  return undefined;
}

/** 1-based positions of the comma-separated entries that are not `key=value` with a non-empty key and value. */
function badPairs(raw: string | undefined): number[] {
  if (raw === undefined) return [];
  const bad: number[] = [];
  raw.split(',').forEach((entry, i) => {
    if (entry.trim() === '') return;
    const eq = entry.indexOf('=');
    if (eq <= 0 || entry.slice(0, eq).trim() === '' || entry.slice(eq + 1).trim() === '' || !decodes(entry)) bad.push(i + 1);
  });
  return bad;
}

function decodes(s: string): boolean {
  try {
    decodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}

/** The rules of the upstream resource-attributes detector, which drops the variable silently on the first break. */
function resourceAttributesProblem(raw: string): string | undefined {
  for (const entry of raw.split(',').filter((e) => e.trim() !== '')) {
    const parts = entry.split('=');
    const key = parts[0]!.trim();
    if (parts.length !== 2) return `"${key.slice(0, 60)}${parts.length > 1 ? '=…' : ''}" is not key=value (',' and '=' in values must be percent-encoded)`;
    if (key === '') return 'an entry has an empty key';
    if (!decodes(key) || !decodes(parts[1]!.trim())) return `the entry "${key.slice(0, 60)}" is not valid percent-encoding`;
    if (decodeURIComponent(key).length > 255 || decodeURIComponent(parts[1]!.trim()).length > 255) return `the entry "${key.slice(0, 60)}" is longer than 255 characters`;
  }
  return undefined;
}
