/** Appended wherever something was cut short. */
export const TRUNCATED = '…[truncated]';

export const MAX_MESSAGE_CHARS = 8 * 1024;
export const MAX_CONTEXT_CHARS = 16 * 1024;

export function truncateText(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(0, max - TRUNCATED.length)) + TRUNCATED;
}

export interface SafeJsonLimits {
  /** Approximate budget for the serialized size, in characters. */
  maxChars: number;
  maxDepth?: number;
  maxString?: number;
}

/**
 * A JSON-safe copy of any value, bounded while it is walked: a 100 MB object
 * costs no more than the budget. Cycles become `[Circular]` (shared, acyclic
 * references are copied), and whatever did not fit ends in `…[truncated]`, so
 * the result is always valid JSON within roughly `maxChars`.
 */
export function toSafeJson(value: unknown, limits: SafeJsonLimits): unknown {
  const state = {
    budget: limits.maxChars,
    maxDepth: limits.maxDepth ?? 10,
    maxString: limits.maxString ?? MAX_MESSAGE_CHARS,
    path: new Set<object>(),
  };
  return walk(value, 0, state);
}

/** `toSafeJson` then `JSON.stringify`; never throws. */
export function stringifyBounded(value: unknown, maxChars: number): string {
  try {
    return JSON.stringify(toSafeJson(value, { maxChars })) ?? 'null';
  } catch {
    return JSON.stringify(TRUNCATED);
  }
}

interface WalkState {
  budget: number;
  maxDepth: number;
  maxString: number;
  path: Set<object>;
}

function walk(value: unknown, depth: number, st: WalkState): unknown {
  switch (typeof value) {
    case 'string': return takeString(value, st);
    case 'number': st.budget -= 8; return Number.isFinite(value) ? value : String(value);
    case 'boolean': st.budget -= 5; return value;
    case 'bigint': return takeString(`${value}n`, st);
    case 'symbol': return takeString(value.toString(), st);
    case 'function': return takeString(`[Function ${value.name || 'anonymous'}]`, st);
    case 'undefined': st.budget -= 4; return null;
  }
  if (value === null) { st.budget -= 4; return null; }
  const obj = value as object;
  if (st.path.has(obj)) { st.budget -= 10; return '[Circular]'; }
  if (depth >= st.maxDepth) return takeString('[Object]', st);
  st.path.add(obj);
  try {
    return walkObject(obj, depth, st);
  } finally {
    st.path.delete(obj);
  }
}

function walkObject(obj: object, depth: number, st: WalkState): unknown {
  if (obj instanceof Date) return takeString(Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString(), st);
  if (obj instanceof Error) return walkError(obj, depth, st);
  if (ArrayBuffer.isView(obj)) return takeString(`[${obj.constructor.name}(${obj.byteLength})]`, st);
  if (obj instanceof Map) return walkArray([...obj.entries()].map(([k, v]) => [k, v]), depth, st);
  if (obj instanceof Set) return walkArray([...obj.values()], depth, st);
  if (Array.isArray(obj)) return walkArray(obj, depth, st);
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    try {
      return walk(toJSON.call(obj), depth + 1, st);
    } catch {
      return takeString('[toJSON threw]', st);
    }
  }
  return walkEntries(obj, depth, st);
}

function walkError(err: Error, depth: number, st: WalkState): unknown {
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  if (err.stack) out.stack = err.stack;
  if ('cause' in err) out.cause = err.cause;
  // Own fields such as `code` or `status` often say more than the message.
  for (const key of Object.keys(err)) if (!(key in out)) out[key] = (err as unknown as Record<string, unknown>)[key];
  return walkEntries(out, depth, st);
}

function walkArray(arr: readonly unknown[], depth: number, st: WalkState): unknown[] {
  const out: unknown[] = [];
  st.budget -= 2;
  for (let i = 0; i < arr.length; i++) {
    if (st.budget <= 0) { out.push(TRUNCATED); break; }
    out.push(walk(arr[i], depth + 1, st));
    st.budget -= 1;
  }
  return out;
}

function walkEntries(obj: object, depth: number, st: WalkState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  st.budget -= 2;
  let keys: string[];
  try {
    keys = Object.keys(obj);
  } catch {
    return { '…': '[unreadable]' };
  }
  for (const key of keys) {
    if (st.budget <= 0) { out['…'] = TRUNCATED; break; }
    let v: unknown;
    try {
      v = (obj as Record<string, unknown>)[key];
    } catch {
      v = '[getter threw]';
    }
    if (v === undefined || typeof v === 'function') continue;
    st.budget -= key.length + 4;
    out[key] = walk(v, depth + 1, st);
  }
  return out;
}

function takeString(s: string, st: WalkState): string {
  const room = Math.max(64, Math.min(st.maxString, st.budget));
  const out = truncateText(s, room);
  st.budget -= out.length + 2;
  return out;
}
