import type { Attributes, Span } from '@opentelemetry/api';

/** The parts of an sdk-trace 3.x span this file relies on, read defensively. */
interface SdkSpanShape {
  attributes?: Record<string, unknown>;
  _attributesCount?: number;
  _spanLimits?: { attributeCountLimit?: number; attributeValueLengthLimit?: number };
  isRecording(): boolean;
}

/**
 * Adds attributes this instrumentation built itself (strings and numbers,
 * never nested) to a live span just before it ends. The SDK's `setAttribute`
 * allocates a WeakSet per value to guard against cycles in nested values;
 * when the span is an SDK span with no value length limit and room under its
 * count limit, the values are written directly and counted as the SDK would.
 * Anything else (another SDK, limits set by env) goes through `setAttributes`.
 * Attributes known at the start go through `startSpan` when samplers or
 * an application's span processors may read them at `onStart`; otherwise
 * all but the method and path come here (`setLeanStart` in instrumentation.ts).
 */
export function addOwnAttributes(span: Span, attrs: Attributes): void {
  const s = span as unknown as SdkSpanShape;
  const target = s.attributes;
  const limits = s._spanLimits;
  const count = s._attributesCount;
  if (
    target === undefined ||
    typeof count !== 'number' ||
    limits === undefined ||
    limits.attributeValueLengthLimit !== Infinity ||
    count + Object.keys(attrs).length > (limits.attributeCountLimit ?? 0) ||
    !s.isRecording()
  ) {
    span.setAttributes(attrs);
    return;
  }
  let added = 0;
  for (const key in attrs) {
    const value = attrs[key];
    if (value === undefined) continue;
    if (!Object.hasOwn(target, key)) added++;
    target[key] = value;
  }
  s._attributesCount = count + added;
}
