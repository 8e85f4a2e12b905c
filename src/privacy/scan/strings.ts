import { gunzipSync } from 'node:zlib';

/** A stored value as text: TEXT as is, a BLOB decoded (gunzipped when it is gzip). */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) {
    const buf = Buffer.from(value);
    try {
      return (buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf).toString('latin1');
    } catch {
      return buf.toString('latin1');
    }
  }
  return undefined;
}

/**
 * The strings of a stored text: the string values and keys of JSON, else the
 * text itself. Numbers in JSON are not free text (a 10-digit byte count is
 * no phone number).
 */
export function stringsOf(text: string): string[] {
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      const out: string[] = [];
      collect(JSON.parse(text), out, 0);
      return out;
    } catch {
      // Not JSON after all.
    }
  }
  return [text];
}

function collect(v: unknown, out: string[], depth: number): void {
  if (typeof v === 'string') out.push(v);
  else if (v !== null && typeof v === 'object' && depth < 32) {
    for (const [k, x] of Object.entries(v)) {
      if (!Array.isArray(v)) out.push(k);
      collect(x, out, depth + 1);
    }
  }
}

/** Rewrites every string of a JSON text (or the text itself) with `fn`. */
export function mapJsonStrings(text: string, fn: (s: string) => string): string {
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.stringify(rewrite(JSON.parse(text), fn, 0));
    } catch {
      // Not JSON after all.
    }
  }
  return fn(text);
}

function rewrite(v: unknown, fn: (s: string) => string, depth: number): unknown {
  if (typeof v === 'string') return fn(v);
  if (v === null || typeof v !== 'object' || depth >= 32) return v;
  if (Array.isArray(v)) return v.map((x) => rewrite(x, fn, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[fn(k)] = rewrite(x, fn, depth + 1);
  return out;
}

// Quoted strings inside raw file bytes (JSON of rows in database and WAL pages).
const QUOTED = /"((?:[^"\\]|\\.){2,2000})"/g;
const PRINTABLE = /[\x20-\x7e]{6,}/g;

/**
 * A plain TEXT value has no end mark in a page: the next column's bytes may
 * follow it. After a mask, a new string starts, so `?sh=[REDACTED]` followed
 * by an id is not a query value to mask again (what follows is still checked).
 */
const AFTER_MASK = /(?<=\[REDACTED\])/;

/** Text runs of a raw database or WAL file: JSON strings where there are quotes, else printable runs. */
export function rawStrings(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  const out: string[] = [];
  for (const run of text.match(PRINTABLE) ?? []) {
    const quoted = [...run.matchAll(QUOTED)].map((m) => m[1]!);
    if (quoted.length > 0) out.push(...quoted);
    else out.push(...run.split(AFTER_MASK));
  }
  return out;
}
