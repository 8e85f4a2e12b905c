import type { Labels, Matcher } from './types.js';

export type LabelPredicate = (labels: Readonly<Record<string, unknown>>) => boolean;

/**
 * Compile matchers once per rule or silence. Regexes are anchored, as in
 * Prometheus, so `5..` means a whole status code. A missing label is "".
 */
export function compileMatchers(matchers: readonly Matcher[]): LabelPredicate {
  const tests = matchers.map((m) => {
    const re = m.isRegex ? new RegExp(`^(?:${m.value})$`) : undefined;
    const hit = re ? (v: string) => re.test(v) : (v: string) => v === m.value;
    return (labels: Readonly<Record<string, unknown>>) => hit(labelString(labels[m.name])) === m.isEqual;
  });
  return (labels) => tests.every((t) => t(labels));
}

export function labelString(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : String(v);
}

/** Attribute values as strings, for alert labels. */
export function toLabels(attrs: Readonly<Record<string, unknown>>): Labels {
  const out: Labels = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = labelString(v);
  return out;
}
