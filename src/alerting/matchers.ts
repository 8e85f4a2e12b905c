import { parseMatchers } from './expr.js';
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

/** Matchers as objects, or as strings `name="v"`, `name=~"re"`, `name!="v"`. Throws on a bad one. */
export function normaliseMatchers(input: unknown): Matcher[] {
  if (!Array.isArray(input) || input.length === 0) throw new Error('a silence needs at least one matcher');
  const out: Matcher[] = [];
  for (const m of input) {
    if (typeof m === 'string') {
      out.push(...parseMatchers(m));
      continue;
    }
    const o = m as Partial<Matcher> | null;
    if (!o || typeof o.name !== 'string' || typeof o.value !== 'string') throw new Error('a matcher needs a string name and value');
    const isRegex = o.isRegex === true;
    if (isRegex) new RegExp(o.value);
    out.push({ name: o.name, value: o.value, isRegex, isEqual: o.isEqual !== false });
  }
  return out;
}
