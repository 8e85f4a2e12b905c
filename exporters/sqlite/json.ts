import type { Attributes } from '@opentelemetry/api';

/**
 * JSON for attribute maps and other telemetry payloads. Never throws: a
 * value JSON cannot hold (bigint, cycle) becomes a string instead of losing the batch.
 */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value, replacer) ?? 'null';
  } catch {
    return JSON.stringify(String(value));
  }
}

function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return v;
}

/** '{}' for an empty map, so rollups group "no attributes" under one key. */
export function attributesJson(attributes: Attributes | undefined): string {
  if (!attributes) return '{}';
  for (const _ in attributes) {
    // Attribute values are primitives or arrays of them (the SDK enforces it), so
    // the replacer is needed only if one is a bigint, which throws here.
    // A replacer function costs a call per key: ~2x slower on the hot path.
    try {
      return JSON.stringify(attributes);
    } catch {
      return toJson(attributes);
    }
  }
  return '{}';
}

/** NULL for empty lists (most spans have no events or links): saves bytes per row. */
export function listJson(list: readonly unknown[] | undefined): string | null {
  return list && list.length > 0 ? toJson(list) : null;
}
