import type { Attributes } from '@opentelemetry/api';
import type { Redactor } from './types.js';

/**
 * Redacts an SDK-owned attribute map in place. The SDK hands processors
 * its own objects (span, log record) and keeps a reference, so the keys must
 * change on that object; a copy is made only when something changes.
 */
export function redactAttributesInPlace(redactor: Redactor, attributes: Attributes): void {
  const next = redactor.redactAttributes(attributes);
  if (next === attributes) return;
  const target = attributes as Record<string, unknown>;
  for (const key of Object.keys(target)) {
    if (!(key in next)) delete target[key];
    else target[key] = next[key];
  }
}
