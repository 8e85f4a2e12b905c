/** One word of a text: where it is, and the hash of its normal form. */
export interface Token {
  start: number;
  end: number;
  hash: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}/gu;

/** For the warm-up (warm-up.ts). */
export const TOKEN_EXPRESSIONS: readonly RegExp[] = [WORD, MARKS];

/**
 * A seeded 53-bit string hash (cyrb53). Keyed by a per-process random seed:
 * the in-memory sets below only ever meet this process's own strings, and a
 * token must cost well under a microsecond (an HMAC costs ≈ 1 µs).
 */
export function createTokenHash(seed: number): (s: string) => number {
  return (s: string): number => {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  };
}

/**
 * The form two spellings of one word share: lower case, accents removed
 * (`José` = `jose`), and a day or month without its leading zero (`03` = `3`).
 */
export function normalWord(word: string): string {
  let w = word.toLowerCase();
  for (let i = 0; i < w.length; i++) {
    if (w.charCodeAt(i) > 127) {
      w = w.normalize('NFKD').replace(MARKS, '');
      break;
    }
  }
  if (w.length === 2 && w.charCodeAt(0) === 48 && w.charCodeAt(1) >= 48 && w.charCodeAt(1) <= 57) w = w.slice(1);
  return w;
}

/** The words of a text, in order. */
export function words(text: string): { start: number; end: number; word: string }[] {
  const out: { start: number; end: number; word: string }[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    out.push({ start: m.index, end: m.index + m[0].length, word: normalWord(m[0]) });
  }
  return out;
}

export function tokens(text: string, hash: (s: string) => number): Token[] {
  return words(text).map((w) => ({ start: w.start, end: w.end, hash: hash(w.word) }));
}
