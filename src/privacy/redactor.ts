import { createHmac } from 'node:crypto';
import type { Attributes } from '@opentelemetry/api';
import { decodeForMasking } from './decode.js';
import { createDeclaredValues } from './declared.js';
import { combinedDetector, createDetectingMasker, DETECTOR_HINT } from './detect.js';
import { createKeyClassifier, KeyAction } from './keys.js';
import { memoize } from './memo.js';
import { kindOfKey, marksPhi } from './phi-names.js';
import { applyRoute, isRouteTemplate } from './route.js';
import { createTextMasker } from './text.js';
import type { RedactionRules, Redactor } from './types.js';
import { collapseIdentifierSegments, collapsePathSegments, redactQueryValues, stripQuery } from './url.js';
import { createValueRedactor, mapStringsDeep } from './value.js';

const identity = <T>(v: T): T => v;
const MAY_HOLD_VALUE = /[@%+\s]/;

const BIRTH_WORD = /[Dd][Oo][Bb]|[Bb]irth|[Bb]orn/;

/**
 * The detector only for texts the cheap `hint` lets through. Names and
 * addresses need a space; a text without one (a path, an id) only meets the
 * detector when it has a birth word (`dob=1984-03-12`).
 */
function gated(hint: RegExp, fn: (s: string) => string): (s: string) => string {
  return (s: string) => ((s.includes(' ') ? hint.test(s) : BIRTH_WORD.test(s)) ? fn(s) : s);
}

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
    redactPath: identity,
    redactSpanName: identity,
    redactAttributes: identity,
    redactAttributesInPlace: () => {},
    redactValue: identity,
    redactMetricAttributes: identity,
    hash: (value) => String(value),
    declare: () => {},
    noteAttributes: () => {},
  };
}

/** Builds the redaction functions from the rules; throws only on an invalid pattern. */
export function createRedactor(rules: RedactionRules): Redactor {
  if (rules.mode === 'off') return createNoopRedactor();
  const shapes = createTextMasker(rules.patterns, rules.mrnPattern);
  // Names, DOBs and addresses nobody declared: after the shapes and the declared values, so those keep their labels.
  const detect = rules.detectFreeText === false ? identity : gated(DETECTOR_HINT, memoize(createDetectingMasker(combinedDetector)));
  const classify = createKeyClassifier(rules);
  const secret = rules.secret;
  const declared = createDeclaredValues({ ttlMs: rules.declaredTtlMs, max: rules.declaredMax });

  const hash = (value: unknown): string =>
    'hmac:' + createHmac('sha256', secret).update(String(value)).digest('hex').slice(0, 32);

  // Declared values change over time, so their pass is memoised per generation.
  let declaredGen = -1;
  let declaredCache = new Map<string, string>();
  const maskDeclared = (text: string): string => {
    if (declared.size === 0) return text;
    if (declaredGen !== declared.generation || declaredCache.size >= 2048) {
      declaredGen = declared.generation;
      declaredCache = new Map();
    }
    const hit = declaredCache.get(text);
    if (hit !== undefined) return hit;
    const out = declared.mask(text);
    if (text.length <= 512) declaredCache.set(text, out);
    return out;
  };

  /**
   * Every mask runs on the decoded text too (`John%20Smith`, `jo%40mail.org`,
   * `John+Smith`); the text comes back as written (with its own masks) when
   * decoding revealed nothing more to mask.
   */
  const maskOnce = (text: string): string => {
    // As written first: a query value (`?name=John%20Smith`) and a plus address
    // (`jo+x@mail.org`) are whole only before decoding.
    const raw = shapes(text);
    const decoded = decodeForMasking(raw);
    const out = detect(maskDeclared(decoded === raw ? raw : shapes(decoded)));
    return out === decoded ? raw : out;
  };
  // Attribute values repeat (user agents, hosts, statuses): one lookup instead
  // of the passes above. Cleared when a new PHI value is declared, since a
  // remembered result would not mask it.
  let memoGen = 0;
  let memo = new Map<string, string>();
  const mask = (text: string): string => {
    if (text.length > 512) return maskOnce(text);
    if (memoGen !== declared.generation || memo.size >= 4096) {
      memoGen = declared.generation;
      memo = new Map();
    }
    let out = memo.get(text);
    if (out === undefined) {
      out = maskOnce(text);
      memo.set(text, out);
    }
    return out;
  };

  const declareParam = (key: string, value: string): void => {
    if (marksPhi(key)) declared.declare(decodeForMasking(value), kindOfKey(key));
  };
  // Route parameters come already checked (`marksPhi`) and decoded.
  const declareRouteParam = (key: string, value: string): void => declared.declare(value, kindOfKey(key));
  const isDeclared = (segment: string): boolean => maskDeclared(segment) !== segment;

  const collapse = (path: string): string => collapsePathSegments(path, decodeForMasking, declared.size === 0 ? undefined : isDeclared);
  // A server path whose route is unknown is collapsed only where a segment is
  // encoded, spaced or holds an `@` (`/patients/John%20Smith`): splitting every
  // path (`/patients/1042`) would double the cost of a span. The masks still see all of it.
  const redactPath = (path: string): string => (isRouteTemplate(path) ? path : mask(MAY_HOLD_VALUE.test(path) ? collapse(path) : path));
  // Client URLs: every identifier segment goes, after decoding.
  const redactUrl = (url: string): string => mask(collapse(redactQueryValues(url, false, declareParam)));
  const redactBareQuery = memoize((query: string) => redactQueryValues(query, true, declareParam));

  /** Redacts one attribute value; `undefined` means drop it. */
  const redactOne = (action: KeyAction, value: unknown, key: string): unknown => {
    switch (action) {
      case KeyAction.Keep:
        return value;
      case KeyAction.Drop:
        return undefined;
      case KeyAction.Hash:
        declared.declare(value, kindOfKey(key));
        return Array.isArray(value) ? value.map(hash) : hash(value);
      default:
        break;
    }
    if (typeof value === 'string') {
      if (action === KeyAction.Text) return mask(value);
      if (action === KeyAction.Path) return redactPath(value);
      // A bare query string keeps only its keys once values are replaced: nothing left to mask.
      return action === KeyAction.Query ? redactBareQuery(value) : redactUrl(value);
    }
    if (value === null || typeof value !== 'object') return value;
    return redactValue(value, key);
  };

  const redactValue = createValueRedactor({ classify, mask, redactOne });

  /**
   * Route parameters are identifiers by construction: their values become the
   * parameter's name in `url.path` and `url.full`. Written into `target`.
   */
  const applyRouteTo = (attributes: Attributes, target: Record<string, unknown>): void => {
    const route = attributes['http.route'];
    if (typeof route !== 'string' || !route.includes(':')) return;
    const path = attributes['url.path'];
    if (typeof path === 'string') {
      const next = applyRoute(path, route, declareRouteParam);
      if (next !== undefined) target['url.path'] = next;
    }
    const full = attributes['url.full'];
    if (typeof full === 'string') {
      const start = full.indexOf('/', full.indexOf('//') + 2);
      const end = full.search(/[?#]/);
      if (start > 0) {
        const next = applyRoute(full.slice(start, end < 0 ? undefined : end), route);
        if (next !== undefined) target['url.full'] = full.slice(0, start) + next + (end < 0 ? '' : full.slice(end));
      }
    }
  };

  // A value declared late in the map (`patient.name` after `note`) is masked in what came before it.
  const remask = (action: KeyAction, value: unknown): unknown =>
    action === KeyAction.Hash || action === KeyAction.Keep || action === KeyAction.Drop ? value : mapStringsDeep(value, maskDeclared);

  const redactAttributes = (attributes: Attributes): Attributes => {
    const gen = declared.generation;
    const routed: Record<string, unknown> = {};
    applyRouteTo(attributes, routed);
    const input = Object.keys(routed).length === 0 ? attributes : { ...attributes, ...routed };
    const out = rewrite(input, redactOne, classify, input !== attributes);
    return declared.generation === gen ? out : rewrite(out, remask, classify, out !== attributes);
  };
  const redactAttributesInPlace = (attributes: Attributes): void => {
    const gen = declared.generation;
    if (attributes['http.route'] !== undefined) applyRouteTo(attributes, attributes as Record<string, unknown>);
    rewrite(attributes, redactOne, classify, true);
    if (declared.generation !== gen) rewrite(attributes, remask, classify, true);
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

  // Instrumentations hand the same frozen set for every point of a series
  // (the HTTP duration's, one per route and status): redacted once per set,
  // again only after a new PHI value was declared. Unfrozen maps may change
  // between calls, so they are redacted every time.
  const metricSets = new WeakMap<Attributes, { gen: number; out: Attributes }>();
  const redactMetricAttributes = (attributes: Attributes): Attributes => {
    if (!Object.isFrozen(attributes)) return rewrite(attributes, redactMetricValue, classify, false);
    const gen = declared.generation;
    const hit = metricSets.get(attributes);
    if (hit?.gen === gen) return hit.out;
    const out = rewrite(attributes, redactMetricValue, classify, false);
    if (hit) {
      hit.gen = gen;
      hit.out = out;
    } else metricSets.set(attributes, { gen, out });
    return out;
  };

  // Span names repeat (they are templates more often than not): memoised before the declared pass.
  const spanNamePatterns = memoize((name: string): string => {
    let out = decodeForMasking(name.includes('?') ? stripQuery(name) : name);
    if (out.includes('/')) out = collapseIdentifierSegments(out);
    return detect(shapes(out));
  });
  let nameGen = 0;
  let names = new Map<string, string>();
  const redactSpanName = (name: string): string => {
    if (nameGen !== declared.generation || names.size >= 2048) {
      nameGen = declared.generation;
      names = new Map();
    }
    let out = names.get(name);
    if (out === undefined) {
      out = maskDeclared(spanNamePatterns(name));
      if (name.length <= 512) names.set(name, out);
    }
    return out;
  };

  const redactValueDeep = (value: unknown): unknown => {
    const gen = declared.generation;
    const out = redactValue(value, '');
    return declared.generation === gen ? out : mapStringsDeep(out, maskDeclared);
  };

  const declare = (values: Record<string, unknown>): void => {
    if (values === null || typeof values !== 'object') return;
    for (const [key, value] of Object.entries(values)) declared.declare(value, kindOfKey(key));
  };

  /** What an attribute map says is PHI: its PHI keys, PHI query parameters and PHI route parameters. */
  const noteAttributes = (attributes: Attributes): void => {
    for (const key in attributes) {
      const value = attributes[key];
      const action = classify(key);
      if (action === KeyAction.Hash) declared.declare(value, kindOfKey(key));
      else if (typeof value === 'string' && (action === KeyAction.Query || action === KeyAction.Url) && value.includes('=')) {
        redactQueryValues(value, action === KeyAction.Query, declareParam);
      }
    }
    const route = attributes['http.route'];
    const path = attributes['url.path'];
    if (typeof path !== 'string') return;
    if (typeof route === 'string') applyRoute(path, route, declareRouteParam);
    // While a request runs its route is not known yet: a segment with spaces (`John%20Smith`) is a value.
    else if (path.includes('%20') || path.includes('+')) {
      for (const seg of path.split('/')) {
        const value = decodeForMasking(seg);
        if (/\s/.test(value)) declared.declare(value, 'name');
      }
    }
  };

  return {
    enabled: true,
    redactText: mask,
    redactUrl,
    redactPath,
    redactSpanName,
    redactAttributes,
    redactAttributesInPlace,
    redactValue: redactValueDeep,
    redactMetricAttributes,
    hash,
    declare,
    noteAttributes,
  };
}
