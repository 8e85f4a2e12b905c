import { builtInPatterns } from './defaults.js';
import type { PatternRule } from './types.js';

interface CompiledPattern {
  regex: RegExp;
  replacement: string;
}

/** Compiles a rule's regex with the global flag; throws on an invalid source (config validation catches it). */
export function compilePattern(rule: PatternRule): CompiledPattern {
  const source = typeof rule.regex === 'string' ? rule.regex : rule.regex.source;
  const flags = typeof rule.regex === 'string' ? 'g' : addGlobal(rule.regex.flags);
  return { regex: new RegExp(source, flags), replacement: rule.replacement };
}

function addGlobal(flags: string): string {
  return flags.includes('g') ? flags : flags + 'g';
}

// Every built-in mask needs an `@` (e-mail), the letters MRN, three digits
// followed by more digits (SSN, phone), a home directory, or `=` after `?`/`&` (query string). These three scans are much
// cheaper than the masks, and almost no real attribute passes them.
const MRN_HINT = /[Mm][Rr][Nn]/;
const DIGITS_HINT = /\d{3}[-. )]{0,2}\d{2}/;
const HOME_HINT = /[/\\](?:home|Users|Documents and Settings)[/\\]/;

function builtInHint(text: string): boolean {
  return (
    text.includes('@') ||
    MRN_HINT.test(text) ||
    DIGITS_HINT.test(text) ||
    HOME_HINT.test(text) ||
    (text.includes('=') && (text.includes('?') || text.includes('&')))
  );
}

/**
 * Builds the free-text masker: a cheap hint decides whether the masks run at
 * all, and results for short repeating strings that needed them are memoised
 * (bounded; the map only lives in this process, which held the raw strings anyway).
 */
export function createTextMasker(extra: PatternRule[], mrn?: RegExp | string): (text: string) => string {
  const compiled = [...builtInPatterns(mrn), ...extra].map(compilePattern);
  const custom = [...(mrn === undefined ? [] : [compilePattern({ name: 'mrn', regex: mrn, replacement: '' })]), ...extra.map(compilePattern)];
  const customHint = custom.map((p) => new RegExp(p.regex.source, p.regex.flags.replace('g', '')));
  const hint =
    customHint.length === 0 ? builtInHint : (text: string) => builtInHint(text) || customHint.some((re) => re.test(text));
  // Nothing shorter than an e-mail like `a@b.co` can hold a built-in mask.
  const minLength = extra.length > 0 || mrn !== undefined ? 1 : 6;
  const maskAll = (text: string): string => {
    let out = text;
    for (const p of compiled) out = out.replace(p.regex, p.replacement);
    return out;
  };
  // Memoised only past the hint: clean high-cardinality values (paths with
  // ids, ports) would otherwise churn the map for nothing.
  const cache = new Map<string, string>();
  return (text: string): string => {
    if (text.length < minLength) return text;
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    if (!hint(text)) return text;
    const out = maskAll(text);
    if (text.length <= 512) {
      if (cache.size >= 2048) cache.clear();
      cache.set(text, out);
    }
    return out;
  };
}
