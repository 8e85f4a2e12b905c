import { DEFAULT_PHI_KEYS, DEFAULT_SAFE_HEADERS } from './defaults.js';
import type { PatternRule, RedactionRuleExtensions, RedactionRules } from './types.js';

type Path = (string | number)[];
type Where = (path: Path) => string;

const SECTION_KEYS = ['phi_keys', 'patterns', 'mrn_pattern', 'safe_headers'];
const PATTERN_KEYS = ['name', 'regex', 'replacement'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'g');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function stringList(raw: unknown, path: Path, where: Where, problems: string[]): string[] | undefined {
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string' || v === '')) {
    problems.push(`${where(path)}: ${path.join('.')} must be a list of non-empty strings`);
    return undefined;
  }
  return raw as string[];
}

function patternList(raw: unknown, path: Path, where: Where, problems: string[]): PatternRule[] | undefined {
  if (!Array.isArray(raw)) {
    problems.push(`${where(path)}: redaction.patterns must be a list of {name, regex, replacement}`);
    return undefined;
  }
  const out: PatternRule[] = [];
  raw.forEach((item, i) => {
    const at = [...path, i];
    if (!isRecord(item)) {
      problems.push(`${where(at)}: redaction.patterns[${i}] must be a mapping with name, regex, replacement`);
      return;
    }
    for (const key of Object.keys(item)) {
      if (!PATTERN_KEYS.includes(key)) problems.push(`${where([...at, key])}: unknown key "${key}" in redaction.patterns[${i}] (expected ${PATTERN_KEYS.join(', ')})`);
    }
    const { name, regex, replacement } = item;
    if (typeof name !== 'string' || name === '') problems.push(`${where([...at, 'name'])}: redaction.patterns[${i}].name must be a non-empty string`);
    if (typeof replacement !== 'string') problems.push(`${where([...at, 'replacement'])}: redaction.patterns[${i}].replacement must be a string`);
    if (typeof regex !== 'string' || regex === '') {
      problems.push(`${where([...at, 'regex'])}: redaction.patterns[${i}].regex must be a non-empty string`);
      return;
    }
    const bad = regexProblem(regex);
    if (bad) problems.push(`${where([...at, 'regex'])}: redaction.patterns[${i}].regex is not a valid regular expression: ${bad}`);
    else if (typeof name === 'string' && name !== '' && typeof replacement === 'string') out.push({ name, regex, replacement });
  });
  return out;
}

/**
 * Reads the `redaction:` section of the config file. Problems are one line
 * each, naming the place through `where`; valid parts are kept.
 */
export function parseRedactionSection(raw: unknown, where: Where): { rules: RedactionRuleExtensions; problems: string[] } {
  const problems: string[] = [];
  const rules: RedactionRuleExtensions = {};
  const base: Path = ['redaction'];
  if (raw === undefined || raw === null) return { rules, problems };
  if (!isRecord(raw)) {
    problems.push(`${where(base)}: redaction must be a mapping with ${SECTION_KEYS.join(', ')}`);
    return { rules, problems };
  }
  for (const [key, value] of Object.entries(raw)) {
    const path = [...base, key];
    switch (key) {
      case 'phi_keys':
        rules.phiKeys = stringList(value, path, where, problems);
        break;
      case 'safe_headers':
        rules.safeHeaders = stringList(value, path, where, problems)?.map((h) => h.toLowerCase());
        break;
      case 'patterns':
        rules.patterns = patternList(value, path, where, problems);
        break;
      case 'mrn_pattern': {
        const bad = typeof value === 'string' && value !== '' ? regexProblem(value) : 'must be a non-empty string';
        if (bad) problems.push(`${where(path)}: redaction.mrn_pattern ${bad.startsWith('must') ? bad : `is not a valid regular expression: ${bad}`}`);
        else rules.mrnPattern = value as string;
        break;
      }
      default:
        problems.push(`${where(path)}: unknown key "${key}" in redaction (expected ${SECTION_KEYS.join(', ')})`);
    }
  }
  for (const k of Object.keys(rules) as (keyof RedactionRuleExtensions)[]) if (rules[k] === undefined) delete rules[k];
  return { rules, problems };
}

/** The config file extends the defaults; it never removes a default rule. */
export function extendRedactionRules(base: RedactionRules, ext: RedactionRuleExtensions): RedactionRules {
  return {
    ...base,
    phiKeys: [...new Set([...(base.phiKeys ?? DEFAULT_PHI_KEYS), ...(ext.phiKeys ?? [])])],
    patterns: [...base.patterns, ...(ext.patterns ?? [])],
    safeHeaders: [...new Set([...(base.safeHeaders ?? DEFAULT_SAFE_HEADERS), ...(ext.safeHeaders ?? [])])],
    mrnPattern: ext.mrnPattern ?? base.mrnPattern,
  };
}
