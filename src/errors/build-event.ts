import { randomUUID } from 'node:crypto';
import { defaultFingerprintParts, hashFingerprint, resolveFingerprintParts } from './fingerprint.js';
import { MAX_CONTEXT_CHARS, toSafeJson, truncateText } from './safe-json.js';
import { culpritOf, relevantFrames } from './stack.js';
import type { Breadcrumb, ErrorEvent, ErrorLevel, ErrorUser, ExceptionInfo } from './types.js';

const MAX_TAGS = 50;
const MAX_TAG_CHARS = 200;

export interface EventInput {
  main: ExceptionInfo;
  causes?: ExceptionInfo[];
  level: ErrorLevel;
  source: ErrorEvent['source'];
  context?: unknown;
  /** A thrown non-Error, kept beside the caller's context. */
  thrown?: unknown;
  tags?: Record<string, unknown>;
  user?: ErrorUser;
  fingerprint?: readonly string[];
  /** Overrides the default grouping parts (messages group by text only). */
  defaultParts?: () => string[];
  breadcrumbs: Breadcrumb[];
  traceId?: string;
  spanId?: string;
  timeMs: number;
  cwd: string;
}

/** Builds the event synchronously; everything expensive (source lines, redaction, SQL) waits for the batch. */
export function buildEvent(input: EventInput): ErrorEvent {
  const { main } = input;
  const defaults = input.defaultParts ?? (() => defaultFingerprintParts(main.type, main.message, main.frames));
  const parts = resolveFingerprintParts(input.fingerprint, defaults);
  const event: ErrorEvent = {
    id: randomUUID().replaceAll('-', ''),
    timeMs: input.timeMs,
    level: input.level,
    type: main.type,
    message: main.message,
    fingerprint: hashFingerprint(parts),
    fingerprintParts: parts,
    culprit: culpritOf(relevantFrames(main.frames)[0], input.cwd),
    traceId: input.traceId,
    spanId: input.spanId,
    user: input.user,
    tags: boundTags(input.tags),
    context: snapshotContext(input.context, input.thrown),
    breadcrumbs: input.breadcrumbs,
    frames: main.frames,
    raw: main.raw,
    source: input.source,
  };
  if (input.causes && input.causes.length > 0) event.causes = input.causes;
  return event;
}

function boundTags(tags: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!tags || typeof tags !== 'object') return out;
  let n = 0;
  for (const [k, v] of Object.entries(tags)) {
    if (n++ >= MAX_TAGS) break;
    if (v === undefined) continue;
    const s = typeof v === 'string' ? v : JSON.stringify(toSafeJson(v, { maxChars: MAX_TAG_CHARS }));
    out[truncateText(k, MAX_TAG_CHARS)] = truncateText(s, MAX_TAG_CHARS);
  }
  return out;
}

/** A bounded, cycle-safe copy taken now, so later mutation by the caller can't change what is stored. */
function snapshotContext(context: unknown, thrown: unknown): unknown {
  if (context === undefined && thrown === undefined) return undefined;
  let value = context;
  if (thrown !== undefined) {
    const base = context && typeof context === 'object' && !Array.isArray(context) ? context : context === undefined ? {} : { value: context };
    value = { ...base, thrown };
  }
  return toSafeJson(value, { maxChars: MAX_CONTEXT_CHARS });
}
