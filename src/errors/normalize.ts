import { MAX_MESSAGE_CHARS, toSafeJson, truncateText } from './safe-json.js';
import { parseStack } from './stack.js';
import type { ExceptionInfo } from './types.js';

/** Causes and aggregate members kept per event. */
export const MAX_CAUSES = 10;

export interface NormalisedThrow {
  main: ExceptionInfo;
  causes: ExceptionInfo[];
  /** The thrown value itself when it was not an Error (kept as context). */
  thrown?: unknown;
}

/**
 * Makes sense of anything `throw` can throw. Errors keep their own stack; for
 * everything else the stack is taken at the capture site (`syntheticStack`),
 * which is still where the application noticed the failure.
 */
export function normaliseThrown(value: unknown, syntheticStack: () => string | undefined): NormalisedThrow {
  if (isErrorLike(value)) {
    const causes: ExceptionInfo[] = [];
    collectCauses(value, causes, new Set([value]));
    return { main: fromError(value, syntheticStack), causes };
  }
  const stack = syntheticStack();
  const main: ExceptionInfo = { type: 'Error', message: describeNonError(value), frames: parseStack(stack), synthetic: true };
  const thrown = typeof value === 'object' && value !== null ? toSafeJson(value, { maxChars: 4096 }) : undefined;
  return { main, causes: [], thrown };
}

function isErrorLike(v: unknown): v is Error {
  if (v instanceof Error) return true;
  // Errors from another realm (vm, worker messages) fail instanceof but keep the shape.
  return typeof v === 'object' && v !== null && typeof read(v, 'message') === 'string' && typeof read(v, 'stack') === 'string';
}

/** A property read that survives throwing getters and revoked proxies. */
function read(o: object, key: string): unknown {
  try {
    return (o as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function fromError(err: Error, syntheticStack: () => string | undefined): ExceptionInfo {
  const type = errorType(err);
  const message = truncateText(safeString(() => err.message), MAX_MESSAGE_CHARS);
  const raw = safeString(() => err.stack);
  if (raw && raw.includes('\n    at ')) return { type, message, frames: parseStack(raw), raw: truncateText(raw, 32 * 1024) };
  // Some errors are created with Error.stackTraceLimit = 0 or a stack overwritten by a library.
  return { type, message, frames: parseStack(syntheticStack()), synthetic: true };
}

function errorType(err: Error): string {
  const name = safeString(() => err.name);
  if (name && name !== 'Error') return name;
  const ctor = safeString(() => err.constructor?.name);
  return ctor && ctor !== 'Object' ? ctor : name || 'Error';
}

function collectCauses(err: Error, out: ExceptionInfo[], seen: Set<unknown>): void {
  const next: unknown[] = [];
  const members = err instanceof AggregateError ? read(err, 'errors') : undefined;
  if (Array.isArray(members)) next.push(...members);
  next.push(read(err, 'cause'));
  for (const child of next) {
    if (out.length >= MAX_CAUSES) return;
    if (child === undefined || seen.has(child)) continue;
    seen.add(child);
    if (isErrorLike(child)) {
      out.push(fromError(child, () => undefined));
      collectCauses(child, out, seen);
    } else {
      out.push({ type: 'Error', message: describeNonError(child), frames: [], synthetic: true });
    }
  }
}

/** A message for a thrown non-Error: the string itself, or what kind of value it was. */
export function describeNonError(value: unknown): string {
  if (typeof value === 'string') return truncateText(value, MAX_MESSAGE_CHARS) || '(empty string thrown)';
  if (value === null) return 'Non-Error thrown: null';
  if (value === undefined) return 'Non-Error thrown: undefined';
  if (typeof value !== 'object') return `Non-Error thrown: ${typeof value} ${safeString(() => String(value))}`;
  const msg = read(value, 'message');
  if (typeof msg === 'string' && msg) return truncateText(msg, MAX_MESSAGE_CHARS);
  let keys: string[] = [];
  try {
    keys = Object.keys(value).sort();
  } catch {
    // A revoked proxy: no keys to show.
  }
  const shown = keys.slice(0, 10).join(', ') + (keys.length > 10 ? ', …' : '');
  return keys.length ? `Non-Error object thrown with keys: ${shown}` : 'Non-Error object thrown';
}

function safeString(read: () => unknown): string {
  try {
    const v = read();
    return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
  } catch {
    return '';
  }
}
