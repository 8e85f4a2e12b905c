import { createHash } from 'node:crypto';
import { fileBasename, functionName, relevantFrames } from './stack.js';
import type { StackFrame } from './types.js';

/**
 * Frames that take part in grouping: the throw site alone. Every frame below
 * it is the call path (direct, a timer, a promise chain, an emitter), which
 * varies with the caller, not the failure: counting it split one failure into
 * a group per path, and a resolved failure reached by a new path showed as new.
 */
export const FINGERPRINT_FRAMES = 1;
export const DEFAULT_PLACEHOLDER = '{{default}}';

// Order matters: a UUID or an e-mail holds numbers and hex runs of its own.
const VOLATILE: ReadonlyArray<[RegExp, string]> = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '<email>'],
  [/"[^"\n]{0,200}"|'[^'\n]{0,200}'|`[^`\n]{0,200}`/g, '<str>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // Hex runs need a letter and a digit: words like "deadbeef" stay words, long numbers stay numbers.
  [/\b(?=[0-9]*[a-f])(?=[a-f]*\d)[0-9a-f]{8,}\b/gi, '<hex>'],
  [/\d+(?:\.\d+)?/g, '<n>'],
];

/** The message with its volatile parts (ids, numbers, quoted values) replaced by placeholders. */
export function normaliseMessage(message: string): string {
  let out = message.length > 1024 ? message.slice(0, 1024) : message;
  for (const [re, placeholder] of VOLATILE) out = out.replace(re, placeholder);
  return out.trim();
}

// parseStack returns the same frozen array for the same code path: remember its parts.
const frameParts = new WeakMap<readonly StackFrame[], string[]>();

function partsOfFrames(frames: readonly StackFrame[]): string[] {
  let parts = frameParts.get(frames);
  if (!parts) {
    parts = relevantFrames(frames).slice(0, FINGERPRINT_FRAMES).map((f) => `${functionName(f.function)}@${fileBasename(f.file)}`);
    frameParts.set(frames, parts);
  }
  return parts;
}

/** Default parts: type, normalised message, and the throw site as `function@file` (no line numbers, no call path). */
export function defaultFingerprintParts(type: string, message: string, frames: readonly StackFrame[]): string[] {
  return [type, normaliseMessage(message), ...partsOfFrames(frames)];
}

/** An explicit fingerprint replaces the default; `'{{default}}'` in it expands to the default parts. */
export function resolveFingerprintParts(explicit: readonly string[] | undefined, defaults: () => string[]): string[] {
  if (!explicit || explicit.length === 0) return defaults();
  const out: string[] = [];
  for (const part of explicit) {
    if (part === DEFAULT_PLACEHOLDER) out.push(...defaults());
    else out.push(String(part));
  }
  return out;
}

const HASH_CACHE_SIZE = 1000;
const hashes = new Map<string, string>();

/** 16 hex characters: short enough for URLs and metric labels, wide enough never to collide in practice. */
export function hashFingerprint(parts: readonly string[]): string {
  const key = parts.join('\u0000');
  let hash = hashes.get(key);
  if (!hash) {
    hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
    // Few groups are live at once; when the cache fills, start over rather than track recency.
    if (hashes.size >= HASH_CACHE_SIZE) hashes.clear();
    hashes.set(key, hash);
  }
  return hash;
}
