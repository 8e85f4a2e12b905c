const PERCENT = /%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*/g;
// `+` stands for a space only between two word characters (`John+Smith`):
// `C++`, `+1 555…` and `a + b` keep theirs.
const PLUS = /(?<=[\p{L}\p{N}])\+(?=[\p{L}\p{N}])/gu;

function decodeRun(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    // A run that is not valid UTF-8 (`%E9` alone): decode byte by byte as Latin-1.
    return run.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/**
 * The text as a reader would see it: percent-escapes decoded (`%20`, `%40`,
 * `%2d` and `%2D` alike) and URL-form `+` turned into spaces, so that every
 * mask sees `John Smith 123-45-6789` whatever the encoding. Returns the same
 * string when there is nothing to decode (the common case costs two scans).
 */
export function decodeForMasking(text: string): string {
  const hasPercent = text.includes('%');
  const hasPlus = text.includes('+');
  if (!hasPercent && !hasPlus) return text;
  let out = hasPercent ? text.replace(PERCENT, decodeRun) : text;
  // Twice-encoded text (`%2540`) is common enough in proxied URLs.
  if (hasPercent && out !== text && out.includes('%')) out = out.replace(PERCENT, decodeRun);
  if (hasPlus) out = out.replace(PLUS, ' ');
  return out;
}
