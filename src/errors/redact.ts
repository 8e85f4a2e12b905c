import { createHash } from 'node:crypto';
import type { Breadcrumb, ErrorEvent, ErrorRedactor, ErrorUser, ExceptionInfo, StackFrame } from './types.js';

const identity = (s: string): string => s;

/** User fields kept (as tags `user.role`, `user.clinic`); ids are hashed, names never stored. */
const USER_KEPT = ['role', 'clinic'] as const;

/** Until a redactor is given (the SDK passes the privacy room's), nothing is masked. */
export const IDENTITY_REDACTOR: ErrorRedactor = { text: identity };

/** Adapts the privacy room's Redactor (`redactText`, `redactValue`, `hash`) without importing it. */
export function redactorFromPrivacy(r: {
  redactText(s: string): string;
  redactValue?(v: unknown): unknown;
  hash?(v: unknown): string;
}): ErrorRedactor {
  return {
    text: (s) => r.redactText(s),
    value: r.redactValue ? (v) => r.redactValue!(v) : undefined,
    hash: r.hash ? (v) => r.hash!(v) : undefined,
  };
}

/** Deep text redaction of a JSON-safe value, for redactors without `value`. */
export function redactDeep(value: unknown, text: (s: string) => string): unknown {
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, text));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, text);
    return out;
  }
  return value;
}

/** The stable id a user is counted by: their id, else e-mail, username or address. */
export function userKey(user: ErrorUser | undefined): string | undefined {
  if (!user) return undefined;
  const key = user.id ?? user.email ?? user.username ?? user.ip_address;
  return key === undefined || key === null || key === '' ? undefined : String(key);
}

export function hashUser(user: ErrorUser | undefined, redactor: ErrorRedactor): string | undefined {
  const key = userKey(user);
  if (key === undefined) return undefined;
  if (redactor.hash) return redactor.hash(key);
  return createHash('sha256').update('vigil-user\u0000' + key).digest('hex').slice(0, 32);
}

export function redactBreadcrumb(c: Breadcrumb, r: ErrorRedactor): Breadcrumb {
  const out: Breadcrumb = { ...c };
  if (c.message !== undefined) out.message = r.text(c.message);
  if (c.data !== undefined) out.data = redactValue(c.data, r);
  return out;
}

function redactValue(v: unknown, r: ErrorRedactor): unknown {
  return r.value ? r.value(v) : redactDeep(v, r.text);
}

function redactFrame(f: StackFrame, r: ErrorRedactor): StackFrame {
  const out: StackFrame = { ...f, function: r.text(f.function) };
  if (f.preContext) out.preContext = f.preContext.map(r.text);
  if (f.contextLine !== undefined) out.contextLine = r.text(f.contextLine);
  if (f.postContext) out.postContext = f.postContext.map(r.text);
  return out;
}

function redactException(e: ExceptionInfo, r: ErrorRedactor): ExceptionInfo {
  return { ...e, message: r.text(e.message), raw: e.raw && r.text(e.raw), frames: e.frames.map((f) => redactFrame(f, r)) };
}

/**
 * Everything free-text in an event goes through the redactor; the raw user is
 * replaced by its hash. Runs last, after beforeSend, so what a hook adds is
 * covered too.
 */
export function redactEvent(e: ErrorEvent, r: ErrorRedactor): ErrorEvent {
  // The context first: the PHI it declares (`patient.name`) is then masked in the message too.
  const context = e.context === undefined ? undefined : redactValue(e.context, r);
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.tags)) tags[k] = r.text(v);
  // Of the user only the hash is stored, and what says nothing about who they are.
  for (const k of USER_KEPT) {
    const v = e.user?.[k];
    if ((typeof v === 'string' || typeof v === 'number') && tags[`user.${k}`] === undefined) tags[`user.${k}`] = r.text(String(v));
  }
  return {
    ...e,
    message: r.text(e.message),
    culprit: e.culprit && r.text(e.culprit),
    user: undefined,
    userHash: e.userHash ?? hashUser(e.user, r),
    tags,
    context,
    breadcrumbs: e.breadcrumbs.map((c) => redactBreadcrumb(c, r)),
    frames: e.frames.map((f) => redactFrame(f, r)),
    causes: e.causes?.map((c) => redactException(c, r)),
    raw: e.raw && r.text(e.raw),
  };
}
