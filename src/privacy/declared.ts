import { randomInt } from 'node:crypto';
import { decodeForMasking } from './decode.js';
import { createTokenHash, tokens, words } from './tokens.js';

/** How a declared value is matched in free text. */
export type DeclaredKind = 'name' | 'id' | 'date' | 'text';

/** What a declared value becomes in free text. */
export const PHI_MASK = '[PHI]';

export interface DeclaredOptions {
  /** How long a value is remembered after it was last seen; default one hour. */
  ttlMs?: number;
  /** Most sequences remembered; the oldest go first. Default 20,000. */
  max?: number;
  now?: () => number;
}

interface Entry {
  key: string;
  hashes: number[];
  expires: number;
}

export interface DeclaredValues {
  /** Sequences remembered (expired ones included until swept). */
  readonly size: number;
  /** Bumped when a new sequence is remembered: memoised results older than it are stale. */
  readonly generation: number;
  declare(value: unknown, kind: DeclaredKind): void;
  /** Every remembered value in `text` → `[PHI]`; the same string when none is there. */
  mask(text: string): string;
}

// Titles and particles: never masked on their own, whoever's name they are part of.
const NOT_ALONE = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'de', 'da', 'del', 'della', 'di', 'du', 'la', 'le', 'van', 'von', 'der', 'den', 'bin', 'ibn', 'al', 'el', 'jr', 'sr', 'ii', 'iii', 'the', 'and', 'of']);
const DIGITS = /^\d+$/;
const HAS_DIGIT = /\d/;
const ISO_DATE = /^(\d{4})\D(\d{1,2})\D(\d{1,2})/;
const OTHER_DATE = /^(\d{1,2})\D(\d{1,2})\D(\d{4})/;
const MAX_VALUE = 256;
const MAX_WORDS = 8;
const REFRESH_MS = 60_000;

/** The word sequences under which a value may appear in text. */
export function sequencesOf(raw: string, kind: DeclaredKind): string[][] {
  const value = decodeForMasking(raw.trim()).slice(0, MAX_VALUE);
  const ws = words(value).map((w) => w.word).slice(0, MAX_WORDS);
  if (ws.length === 0) return [];
  const out: string[][] = [];
  const joined = ws.join('');
  if (kind === 'date') {
    const iso = ISO_DATE.exec(value);
    const other = iso ? null : OTHER_DATE.exec(value);
    if (iso || other) {
      const [y, m, d] = iso ? [iso[1]!, iso[2]!, iso[3]!] : [other![3]!, other![1]!, other![2]!];
      const n = (s: string) => String(Number(s));
      const p = (s: string) => s.padStart(2, '0');
      // Year first, US month first, and day first; with and without separators.
      for (const seq of [[y, n(m), n(d)], [n(m), n(d), y], [n(d), n(m), y]]) out.push(seq);
      for (const flat of [y + p(m) + p(d), p(m) + p(d) + y, p(d) + p(m) + y]) out.push([flat]);
      return out;
    }
  }
  if (ws.length > 1) out.push(ws);
  if (kind === 'name') {
    for (const w of ws) if (w.length >= 2 && !NOT_ALONE.has(w) && !DIGITS.test(w)) out.push([w]);
  }
  if (kind === 'id' || (kind !== 'text' && HAS_DIGIT.test(joined))) {
    // An identifier is found with or without its separators: `MRN-123456` = `mrn123456`.
    // Too short a value (`42`) would mask every such number in every text.
    const digitsOnly = DIGITS.test(joined);
    if (digitsOnly ? joined.length >= 4 : joined.length >= 3) out.push([joined]);
  }
  return out;
}

/**
 * Values the application marked as PHI, remembered for a while so that the
 * same value is masked wherever it turns up in free text. Only hashes of
 * their normalised words are kept (bounded, with a TTL), never the values.
 */
export function createDeclaredValues(opts: DeclaredOptions = {}): DeclaredValues {
  const ttl = opts.ttlMs ?? 3_600_000;
  const max = Math.max(1, opts.max ?? 20_000);
  const now = opts.now ?? Date.now;
  const hash = createTokenHash(randomInt(0, 2 ** 31));
  const entries = new Map<string, Entry>();
  const byFirst = new Map<number, Entry[]>();
  const recent = new Map<number, number>();
  let generation = 0;

  const unindex = (e: Entry): void => {
    const list = byFirst.get(e.hashes[0]!);
    if (!list) return;
    const i = list.indexOf(e);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) byFirst.delete(e.hashes[0]!);
  };
  const remove = (e: Entry): void => {
    entries.delete(e.key);
    unindex(e);
  };
  // Entries are kept in last-seen order, so the expired and the oldest are at the front.
  // A sweep may take a value declared again within the minute (it skipped
  // the refresh): those are forgotten too, so that their next declaration counts.
  const sweep = (t: number): void => {
    for (const e of entries.values()) {
      if (e.expires > t && entries.size <= max) break;
      remove(e);
      recent.clear();
    }
  };

  const remember = (seq: string[], t: number): void => {
    const hashes = seq.map(hash);
    const key = hashes.join(',');
    const old = entries.get(key);
    if (old) {
      entries.delete(key);
      old.expires = t + ttl;
      entries.set(key, old);
      return;
    }
    const e: Entry = { key, hashes, expires: t + ttl };
    entries.set(key, e);
    const list = byFirst.get(hashes[0]!);
    if (list) list.push(e);
    else byFirst.set(hashes[0]!, [e]);
    generation++;
  };

  const declare = (value: unknown, kind: DeclaredKind): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (const v of value) declare(v, kind);
      return;
    }
    const text = String(value);
    if (text.length === 0) return;
    const t = now();
    // The same value declared again (a route parameter on every request)
    // only pushes its expiry back: done at most once a minute, which spares
    // the word split and hashing on the request path.
    // Keyed by a seeded 53-bit hash, like the entries: the value itself is never kept.
    const recentKey = hash(kind + '\u0000' + text);
    const last = recent.get(recentKey);
    if (last !== undefined && t - last < REFRESH_MS && last <= t) return;
    if (recent.size >= max) recent.clear();
    recent.set(recentKey, t);
    for (const seq of sequencesOf(text, kind)) remember(seq, t);
    const oldest = entries.values().next().value;
    if (entries.size > max || (oldest !== undefined && oldest.expires <= t)) sweep(t);
  };

  const mask = (text: string): string => {
    if (entries.size === 0 || text.length < 2) return text;
    const toks = tokens(text, hash);
    const t = now();
    let out = '';
    let last = 0;
    for (let i = 0; i < toks.length; i++) {
      const list = byFirst.get(toks[i]!.hash);
      if (!list) continue;
      let best = 0;
      for (let k = list.length - 1; k >= 0; k--) {
        const e = list[k]!;
        if (e.expires <= t) {
          remove(e);
          continue;
        }
        const n = e.hashes.length;
        if (n <= best || i + n > toks.length) continue;
        let j = 1;
        while (j < n && toks[i + j]!.hash === e.hashes[j]) j++;
        if (j === n) best = n;
      }
      if (best === 0) continue;
      out += text.slice(last, toks[i]!.start) + PHI_MASK;
      last = toks[i + best - 1]!.end;
      i += best - 1;
    }
    return last === 0 ? text : out + text.slice(last);
  };

  return {
    get size() {
      return entries.size;
    },
    get generation() {
      return generation;
    },
    declare,
    mask,
  };
}
