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

/**
 * Builds the free-text masker. One combined, non-global regex answers
 * "is there anything to mask?" in a single scan; the per-pattern replaces
 * run only when it says yes, which is rare on real traffic.
 */
export function createTextMasker(extra: PatternRule[], mrn?: RegExp | string): (text: string) => string {
  const compiled = [...builtInPatterns(mrn), ...extra].map(compilePattern);
  const sameFlags = compiled.every((p) => p.regex.flags === compiled[0].regex.flags);
  const precheck = sameFlags
    ? new RegExp(compiled.map((p) => `(?:${p.regex.source})`).join('|'), compiled[0].regex.flags.replace('g', ''))
    : undefined;
  const anyMatch = precheck
    ? (text: string) => precheck.test(text)
    : (text: string) => compiled.some((p) => {
        p.regex.lastIndex = 0;
        return p.regex.test(text);
      });
  // Nothing shorter than an e-mail like `a@b.co` can hold a built-in mask.
  const minLength = extra.length > 0 ? 1 : 6;
  return (text: string): string => {
    if (text.length < minLength || !anyMatch(text)) return text;
    let out = text;
    for (const p of compiled) out = out.replace(p.regex, p.replacement);
    return out;
  };
}
