import { homedir, hostname, userInfo } from 'node:os';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safe(get: () => string): string {
  try {
    return get();
  } catch {
    return '';
  }
}

/**
 * Resource attributes as a crash report may carry them: `host.id` (a machine
 * id) becomes its keyed hash, the host name goes.
 */
export function anonymiseResource(resource: Record<string, unknown>, hash: (v: unknown) => string): Record<string, unknown> {
  const out = { ...resource };
  if (out['host.id'] !== undefined) out['host.id'] = hash(out['host.id']);
  if (out['host.name'] !== undefined) out['host.name'] = '<host>';
  return out;
}

/**
 * Strips what identifies the machine and its user from text: the home
 * directory (→ `~`), the user name (→ `<user>`) and the host name
 * (→ `<host>`), whole words only. A one-letter name is left alone:
 * replacing it would mangle every word.
 */
export function createAnonymiser(): (text: string) => string {
  const home = safe(homedir);
  const user = safe(() => userInfo().username);
  const host = safe(hostname);
  const steps: [RegExp, string][] = [];
  if (home.length > 1) steps.push([new RegExp(escape(home), 'g'), '~']);
  // Anyone else's home, on any OS, is masked by the redactor (HOME_PATTERN), which runs after this.
  if (host.length >= 2) steps.push([new RegExp(`\\b${escape(host)}\\b`, 'gi'), '<host>']);
  if (user.length >= 2) steps.push([new RegExp(`\\b${escape(user)}\\b`, 'g'), '<user>']);
  return (text: string) => steps.reduce((out, [re, to]) => out.replace(re, to), text);
}

/** Applies a string function to every string in a JSON-like value (a fresh copy). */
export function mapStrings(value: unknown, fn: (s: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return fn(value);
  if (value === null || typeof value !== 'object' || depth > 12) return value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[fn(k)] = mapStrings(v, fn, depth + 1);
  return out;
}
