import { KeyAction } from './keys.js';

const MAX_DEPTH = 10;

interface ValueRedactorParts {
  classify: (key: string) => KeyAction;
  mask: (text: string) => string;
  redactOne: (action: KeyAction, value: unknown, key: string) => unknown;
}

/**
 * Deep redaction of JSON-like values (log bodies, error contexts, breadcrumbs).
 * Keys are classified by their dotted path, so `{ ctx: { patient: { name } } }`
 * is treated like the attribute `patient.name`. Never mutates its input; cycles
 * and excessive depth become markers instead of recursion.
 */
export function createValueRedactor(parts: ValueRedactorParts): (value: unknown, path: string) => unknown {
  const { classify, mask, redactOne } = parts;

  // `ctx.patient.name` is a PHI key too: every dotted suffix of the path is tried.
  const classifyPath = (full: string): KeyAction => {
    let action = classify(full);
    for (let dot = full.indexOf('.'); action === KeyAction.Text && dot >= 0; dot = full.indexOf('.', dot + 1)) {
      action = classify(full.slice(dot + 1));
    }
    return action;
  };

  const walk = (value: unknown, path: string, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return mask(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    if (value instanceof Uint8Array || value instanceof Date) return value;
    seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((v) => walk(v, path, depth + 1, seen));
      if (value instanceof Error) {
        return { type: value.name, message: mask(value.message), stack: value.stack ? mask(value.stack) : undefined };
      }
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        const full = path ? `${path}.${key}` : key;
        const action = classifyPath(full);
        const leaf = action === KeyAction.Hash || action === KeyAction.Drop || (typeof v === 'string' && action !== KeyAction.Text);
        const next = leaf ? redactOne(action, v, full) : walk(v, full, depth + 1, seen);
        if (next !== undefined) out[key] = next;
      }
      return out;
    } finally {
      seen.delete(value);
    }
  };

  return (value: unknown, path: string) => walk(value, path, 0, new WeakSet());
}

/** `fn` applied to every string of a JSON-like value; the same object back when nothing changed. */
export function mapStringsDeep(value: unknown, fn: (s: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return fn(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (value instanceof Uint8Array || value instanceof Date) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const next = mapStringsDeep(v, fn, depth + 1);
      if (next !== v) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    const next = mapStringsDeep(v, fn, depth + 1);
    if (next !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = next;
  }
  return out ?? value;
}
