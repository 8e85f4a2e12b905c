import { randomBytes } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { defaultRedactionRules } from './defaults.js';
import { createRedactor } from './redactor.js';
import type { Redactor } from './types.js';

/** Shared by every installed copy of Vigil in the process. */
const KEY = Symbol.for('vigil.privacy.redactor');
type Holder = { [KEY]?: Redactor };

/**
 * The process-wide redactor. Until the SDK sets the configured one, strict
 * defaults with a process-only key apply: never less redaction than asked.
 */
export function getRedactor(): Redactor {
  const holder = globalThis as Holder;
  holder[KEY] ??= createRedactor(defaultRedactionRules(randomBytes(32)));
  return holder[KEY];
}

/** Installs the configured redactor (called once at start by the SDK). */
export function setRedactor(redactor: Redactor): void {
  (globalThis as Holder)[KEY] = redactor;
}

/** Masks SSN, e-mail, phone, MRN and configured patterns in free text. */
export function redactText(text: string): string {
  return getRedactor().redactText(text);
}

/** Deep redaction of a JSON-like value (contexts, breadcrumbs, log bodies). */
export function redactValue(value: unknown): unknown {
  return getRedactor().redactValue(value);
}

/** Replaces query-string values, keeping keys, then masks the rest. */
export function redactUrl(url: string): string {
  return getRedactor().redactUrl(url);
}

/** Keyed hash of a value (e.g. a user id), stable for one installation. */
export function hashValue(value: unknown): string {
  return getRedactor().hash(value);
}

/**
 * Remembers PHI values the application holds (`{ name, mrn, dob, address }`)
 * so Vigil masks them wherever they turn up in free text: logs, errors,
 * span names and events, job names, alerts, crash reports. Only keyed hashes
 * of their words are kept, in memory, for a while.
 */
export function declarePhi(values: Record<string, unknown>): void {
  try {
    getRedactor().declare(values);
  } catch {
    // Never into the application.
  }
}

/** Remembers the PHI of the active span (called where free text is captured in a request). */
export function noteActiveSpan(): void {
  try {
    const span = trace.getActiveSpan() as Partial<ReadableSpan> | undefined;
    if (span?.attributes) getRedactor().noteAttributes(span.attributes);
  } catch {
    // Never into the application.
  }
}
