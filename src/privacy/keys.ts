import { BODY_KEY_PATTERN, SAFE_VALUE_KEYS, URL_KEYS } from './defaults.js';

/** What happens to an attribute, decided from its key alone. */
export const KeyAction = {
  /** Value kept as is: enumerations and templates written by instrumentations. */
  Keep: 0,
  /** Strings go through the free-text masks. */
  Text: 1,
  /** Query-string values replaced, then text masks. */
  Url: 2,
  /** A bare query string (`url.query`). */
  Query: 3,
  /** Replaced with the keyed hash. */
  Hash: 4,
  /** Removed. */
  Drop: 5,
  /** A URL path: masked segment by segment after decoding (`url.path`). */
  Path: 6,
} as const;
export type KeyAction = (typeof KeyAction)[keyof typeof KeyAction];

const HEADER_PREFIXES = ['http.request.header.', 'http.response.header.'];
const URL_LAST_SEGMENTS = new Set(['url', 'href', 'uri', 'target']);
const CACHE_LIMIT = 4096;

export interface KeyClassifierOptions {
  phiKeys: readonly string[];
  safeHeaders: readonly string[];
}

/**
 * Returns a memoised key → action function. Attribute keys repeat endlessly
 * (a service has a few hundred at most), so each is classified once.
 */
export function createKeyClassifier(opts: KeyClassifierOptions): (key: string) => KeyAction {
  const phiExact = new Set<string>();
  const phiPrefixes: string[] = [];
  for (const k of opts.phiKeys) {
    const lower = k.toLowerCase();
    if (lower.endsWith('*')) phiPrefixes.push(lower.slice(0, -1));
    else phiExact.add(lower);
  }
  const safeHeaders = new Set(opts.safeHeaders.map((h) => h.toLowerCase().replace(/_/g, '-')));
  const urlKeys = new Set(URL_KEYS);
  const safeKeys = new Set(SAFE_VALUE_KEYS);

  const classify = (key: string): KeyAction => {
    const lower = key.toLowerCase();
    if (phiExact.has(lower) || phiPrefixes.some((p) => lower.startsWith(p))) return KeyAction.Hash;
    for (const prefix of HEADER_PREFIXES) {
      if (lower.startsWith(prefix)) {
        const name = lower.slice(prefix.length).replace(/_/g, '-');
        return safeHeaders.has(name) ? KeyAction.Text : KeyAction.Drop;
      }
    }
    if (BODY_KEY_PATTERN.test(lower)) return KeyAction.Drop;
    if (lower === 'url.query') return KeyAction.Query;
    if (lower === 'url.path') return KeyAction.Path;
    if (urlKeys.has(lower)) return KeyAction.Url;
    if (safeKeys.has(lower)) return KeyAction.Keep;
    const last = lower.slice(lower.lastIndexOf('.') + 1);
    if (URL_LAST_SEGMENTS.has(last)) return KeyAction.Url;
    return KeyAction.Text;
  };

  const cache = new Map<string, KeyAction>();
  return (key: string): KeyAction => {
    let action = cache.get(key);
    if (action === undefined) {
      action = classify(key);
      // Past the limit keys are still classified, just not remembered.
      if (cache.size < CACHE_LIMIT) cache.set(key, action);
    }
    return action;
  };
}
