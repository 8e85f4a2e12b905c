/** What a query-string value or URL credential becomes. */
export const REDACTED = '[REDACTED]';

const CREDENTIALS = /\/\/[^/?#@\s]+@/;

/**
 * Replaces every query-string (and fragment) value, keeping the keys so the
 * request shape stays readable: `/a?name=Jo&x=1` → `/a?name=[REDACTED]&x=[REDACTED]`.
 * Works on absolute URLs, request targets and bare query strings (`bareQuery`).
 */
export function redactQueryValues(url: string, bareQuery = false, onParam?: OnParam): string {
  let out = url.includes('@') ? url.replace(CREDENTIALS, `//${REDACTED}@`) : url;
  if (bareQuery) return redactQueryString(out, onParam);
  let fragment = '';
  const h = out.indexOf('#');
  if (h >= 0) {
    fragment = '#' + redactQueryString(out.slice(h + 1), onParam);
    out = out.slice(0, h);
  }
  const q = out.indexOf('?');
  if (q >= 0) out = out.slice(0, q + 1) + redactQueryString(out.slice(q + 1), onParam);
  return out + fragment;
}

/** Sees each query parameter's raw key and value before the value is replaced. */
export type OnParam = (key: string, value: string) => void;

function redactQueryString(qs: string, onParam?: OnParam): string {
  let out = '';
  let start = 0;
  // A hand loop: this runs on every span that has a query string.
  while (start <= qs.length) {
    let end = qs.indexOf('&', start);
    if (end < 0) end = qs.length;
    const eq = qs.indexOf('=', start);
    if (start > 0) out += '&';
    if (eq < 0 || eq > end) {
      // A part without `=` is a flag (`?debug`) or, just as often, the identifier itself (`?123456`).
      const part = qs.slice(start, end);
      out += isIdentifierSegment(part) ? REDACTED : part;
    } else {
      if (onParam && eq < end - 1) onParam(qs.slice(start, eq), qs.slice(eq + 1, end));
      out += eq === end - 1 ? qs.slice(start, end) : qs.slice(start, eq + 1) + REDACTED;
    }
    start = end + 1;
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIGITS = /^\d+$/;
const HEX_ID = /^(?=.*\d)[0-9a-f]{16,}$/i;
const MRN_SEGMENT = /^mrn[-:]?\d+$/i;
const TOKEN_WITH_DIGITS = /^(?=(?:[^\d]*\d){4})[A-Za-z0-9_-]{6,}$/;

/** A path segment that names one record rather than a kind of resource. */
export function isIdentifierSegment(segment: string): boolean {
  if (segment.length === 0) return false;
  return (
    DIGITS.test(segment) ||
    segment.includes('@') ||
    UUID.test(segment) ||
    MRN_SEGMENT.test(segment) ||
    HEX_ID.test(segment) ||
    TOKEN_WITH_DIGITS.test(segment)
  );
}

const MAY_HOLD_ID = /[\d@]/;

/** `/patients/123/notes/9f1c…` → `/patients/:id/notes/:id`. */
export function collapseIdentifierSegments(path: string): string {
  if (!MAY_HOLD_ID.test(path)) return path;
  const parts = path.split('/');
  let changed = false;
  for (let i = 1; i < parts.length; i++) {
    if (isIdentifierSegment(parts[i])) {
      parts[i] = ':id';
      changed = true;
    }
  }
  return changed ? parts.join('/') : path;
}

/** Drops a query string embedded in a span name (`GET /a?x=1` → `GET /a`). */
export function stripQuery(name: string): string {
  const q = name.indexOf('?');
  if (q < 0) return name;
  const end = name.slice(q).search(/\s/);
  return name.slice(0, q) + (end < 0 ? '' : name.slice(q + end));
}

const WHITESPACE = /\s/;
const PATH_START = /^[A-Za-z][\w+.-]*:\/\/[^/?#]*/;

/**
 * A path masked segment by segment after percent-decoding: a segment that
 * is an identifier, holds whitespace (`John%20Smith`) or a value that
 * `isValue` recognises becomes `:id`. Absolute URLs keep scheme and host;
 * the query and fragment are left to the caller.
 */
export function collapsePathSegments(url: string, decode: (s: string) => string, isValue?: (segment: string) => boolean): string {
  const origin = PATH_START.exec(url)?.[0] ?? '';
  let end = url.length;
  for (let i = origin.length; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  const path = url.slice(origin.length, end);
  if (path.length < 2) return url;
  const parts = path.split('/');
  let changed = false;
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i]!;
    if (raw === '') continue;
    const seg = raw.includes('%') || raw.includes('+') ? decode(raw) : raw;
    if (isIdentifierSegment(seg) || WHITESPACE.test(seg) || (isValue !== undefined && isValue(seg))) {
      parts[i] = ':id';
      changed = true;
    }
  }
  return changed ? origin + parts.join('/') + url.slice(end) : url;
}
