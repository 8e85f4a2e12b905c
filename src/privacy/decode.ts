const PERCENT = /%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*/g;
// `+` stands for a space only between two word characters (`John+Smith`):
// `C++`, `+1 555…` and `a + b` keep theirs.
const PLUS = /(?<=[\p{L}\p{N}])\+(?=[\p{L}\p{N}])/gu;

/** For the warm-up (warm-up.ts). */
export const DECODE_EXPRESSIONS: readonly RegExp[] = [PERCENT, PLUS];

function decodeRun(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    // A run that is not valid UTF-8 (`%E9` alone): decode byte by byte as Latin-1.
    return run.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/** Percent-escapes decoded (`%20`, `%40`, `%2d` and `%2D` alike); the same string when there are none. */
export function decodePercent(text: string): string {
  if (!text.includes('%')) return text;
  const out = text.replace(PERCENT, decodeRun);
  // Twice-encoded text (`%2540`) is common enough in proxied URLs.
  return out !== text && out.includes('%') ? out.replace(PERCENT, decodeRun) : out;
}

/** URL-form `+` between two words turned into a space; the same string when there is none. */
export function decodePlus(text: string): string {
  return text.includes('+') ? text.replace(PLUS, ' ') : text;
}

/**
 * The text as a reader would see it, so that every mask sees
 * `John Smith 123-45-6789` whatever the encoding.
 */
export function decodeForMasking(text: string): string {
  return decodePlus(decodePercent(text));
}
