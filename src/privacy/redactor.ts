import { createHmac } from 'node:crypto';
import type { Attributes } from '@opentelemetry/api';
import { createKeyClassifier, KeyAction } from './keys.js';
import { memoize } from './memo.js';
import { createTextMasker } from './text.js';
import type { RedactionRules, Redactor } from './types.js';
import { collapseIdentifierSegments, redactQueryValues, stripQuery } from './url.js';
import { createValueRedactor } from './value.js';

const identity = <T>(v: T): T => v;

type ValueFn = (action: KeyAction, value: unknown, key: string) => unknown;

/**
 * Applies `fn` to every attribute. In place for SDK-owned maps (no copy on
 * the span hot path); otherwise copies only when something changed.
 */
function rewrite(attributes: Attributes, fn: ValueFn, classify: (key: string) => KeyAction, inPlace: boolean): Attributes {
  let out: Record<string, unknown> | undefined = inPlace ? attributes : undefined;
  for (const key in attributes) {
    const value = attributes[key];
    const next = fn(classify(key), value, key);
    if (next === value) continue;
    out ??= { ...attributes };
    if (next === undefined) delete out[key];
    else out[key] = next;
  }
  return out ?? attributes;
}

/** A Redactor that changes nothing: `VIGIL_REDACTION=off`, decided once. */
export function createNoopRedactor(): Redactor {
  return {
    enabled: false,
    redactText: identity,
    redactUrl: identity,
    redactSpanName: identity,
    redactAttributes: identity,
    redactAttributesInPlace: () => {},
    redactValue: identity,
    redactMetricAttributes: identity,
    hash: (value) => String(value),
  };
}

/** Builds the redaction functions from the rules; throws only on an invalid pattern. */
export function createRedactor(rules: RedactionRules): Redactor {
  if (rules.mode === 'off') return createNoopRedactor();
  const mask = createTextMasker(rules.patterns, rules.mrnPattern);
  const classify = createKeyClassifier(rules);
  const secret = rules.secret;

  const hash = (value: unknown): string =>
    'hmac:' + createHmac('sha256', secret).update(String(value)).digest('hex').slice(0, 32);
  const redactUrl = (url: string): string => mask(redactQueryValues(url));
  const redactBareQuery = memoize((query: string) => redactQueryValues(query, true));

  /** Redacts one attribute value; `undefined` means drop it. */
  const redactOne = (action: KeyAction, value: unknown, key: string): unknown => {
    switch (action) {
      case KeyAction.Keep:
        return value;
      case KeyAction.Drop:
        return undefined;
      case KeyAction.Hash:
        return Array.isArray(value) ? value.map(hash) : hash(value);
      default:
        break;
    }
    if (typeof value === 'string') {
      if (action === KeyAction.Text) return mask(value);
      // A bare query string keeps only its keys once values are replaced: nothing left to mask.
      return action === KeyAction.Query ? redactBareQuery(value) : redactUrl(value);
    }
    if (value === null || typeof value !== 'object') return value;
    return redactValue(value, key);
  };

  const redactValue = createValueRedactor({ classify, mask, redactOne });

  const redactAttributes = (attributes: Attributes): Attributes => rewrite(attributes, redactOne, classify, false);
  const redactAttributesInPlace = (attributes: Attributes): void => {
    rewrite(attributes, redactOne, classify, true);
  };

  const redactMetricValue = (action: KeyAction, value: unknown, key: string): unknown => {
    if (typeof value !== 'string' || action === KeyAction.Hash || action === KeyAction.Drop) {
      return redactOne(action, value, key);
    }
    if (action === KeyAction.Keep) return value;
    // A label never carries a query string; a path's record ids collapse to a
    // template. A whole value is never replaced by a placeholder (DESIGN.md):
    // `500`, `SQLITE_CONSTRAINT`, an error fingerprint or a job id identify
    // no one; patient identifiers are kept out by their keys (hashed/dropped)
    // and by the masker's patterns, and cardinality by the views' limit.
    if (action === KeyAction.Query) return redactQueryValues(value, true);
    let v = action === KeyAction.Text ? value : stripQuery(value);
    if (v.includes('/')) v = collapseIdentifierSegments(v);
    return mask(v);
  };

  const redactMetricAttributes = (attributes: Attributes): Attributes =>
    rewrite(attributes, redactMetricValue, classify, false);

  // Span names repeat (they are templates more often than not): memoised.
  const redactSpanName = memoize((name: string): string => {
    let out = name.includes('?') ? stripQuery(name) : name;
    if (out.includes('/')) out = collapseIdentifierSegments(out);
    return mask(out);
  });

  return {
    enabled: true,
    redactText: mask,
    redactUrl,
    redactSpanName,
    redactAttributes,
    redactAttributesInPlace,
    redactValue: (value: unknown) => redactValue(value, ''),
    redactMetricAttributes,
    hash,
  };
}
