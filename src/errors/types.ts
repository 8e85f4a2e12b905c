import type { DatabaseSync } from 'node:sqlite';

/** Sentry's levels, so events forward without translation. */
export type ErrorLevel = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

export type GroupStatus = 'unresolved' | 'resolved' | 'ignored';

/** What the alerting engine is told about a stored event. */
export type GroupEventKind = 'new' | 'regression' | 'event';

/** The user an event is attributed to. Only a hash of it is ever stored. */
export interface ErrorUser {
  id?: string | number;
  email?: string;
  username?: string;
  ip_address?: string;
  [key: string]: unknown;
}

export interface Breadcrumb {
  timestampMs: number;
  category?: string;
  message?: string;
  level?: ErrorLevel;
  /** JSON-safe snapshot, taken when the breadcrumb was added. */
  data?: unknown;
}

export interface StackFrame {
  function: string;
  /** Absolute path or URL as V8 printed it. */
  file: string;
  line?: number;
  column?: number;
  inApp: boolean;
  preContext?: string[];
  contextLine?: string;
  postContext?: string[];
}

/** One exception in a chain (the thrown error, its `cause`s, an AggregateError's members). */
export interface ExceptionInfo {
  type: string;
  message: string;
  /** Shared and frozen when it comes from the parse cache. */
  frames: readonly StackFrame[];
  /** Stack text as thrown; absent when the stack was made up at the capture site. */
  raw?: string;
  /** True when the thrown value had no stack of its own. */
  synthetic?: boolean;
}

export interface ErrorEvent {
  /** 32 hex characters (Sentry's event_id format). */
  id: string;
  timeMs: number;
  level: ErrorLevel;
  type: string;
  message: string;
  /** The group id: short hex hash of `fingerprintParts`. */
  fingerprint: string;
  fingerprintParts: string[];
  /** Top in-app frame: `function (relative/file.js)`. */
  culprit?: string;
  traceId?: string;
  spanId?: string;
  /** Raw user, visible to beforeSend; replaced by `userHash` before anything is stored. */
  user?: ErrorUser;
  userHash?: string;
  tags: Record<string, string>;
  /** JSON-safe, bounded snapshot of the caller's context. */
  context?: unknown;
  breadcrumbs: Breadcrumb[];
  /** Innermost first. Shared and frozen until the batch gives each event its own copy. */
  frames: readonly StackFrame[];
  /** Causes and aggregate members, outermost first (bounded). */
  causes?: ExceptionInfo[];
  raw?: string;
  /** Where it came from: an explicit call or a span's exception event. */
  source: 'exception' | 'message' | 'span';
}

/** One row of `errors`, as handed to `onGroupEvent`. */
export interface ErrorGroup {
  fingerprint: string;
  type: string;
  message: string;
  culprit: string | null;
  level: string;
  status: GroupStatus;
  count: number;
  users: number;
  firstSeenMs: number;
  lastSeenMs: number;
  resolvedMs: number | null;
  regressedMs: number | null;
  lastEventId: string | null;
}

export interface CaptureOptions {
  context?: unknown;
  tags?: Record<string, unknown>;
  user?: ErrorUser;
  level?: ErrorLevel;
  /** Overrides grouping; `'{{default}}'` expands to the default parts. */
  fingerprint?: string[];
}

/**
 * Redaction the tracker applies before storing or forwarding. Structural, so
 * the privacy room's Redactor fits through `redactorFromPrivacy` without an
 * import cycle.
 */
export interface ErrorRedactor {
  text(s: string): string;
  /** Deep redaction of a JSON-like value; defaults to `text` on every string. */
  value?(v: unknown): unknown;
  /** Keyed hash for user ids; defaults to a salted SHA-256. */
  hash?(v: string): string;
}

/** Something events are forwarded to after they are stored (e.g. Sentry). */
export interface ErrorForwarder {
  send(events: readonly ErrorEvent[]): Promise<void>;
  flush?(): Promise<void>;
}

export interface ErrorTrackerOptions {
  /** The store's writer handle; undefined until the store is open (events wait, bounded). */
  db: () => DatabaseSync | undefined;
  redact?: ErrorRedactor;
  beforeSend?: (event: ErrorEvent) => ErrorEvent | null | undefined;
  beforeBreadcrumb?: (crumb: Breadcrumb) => Breadcrumb | null | undefined;
  onGroupEvent?: (kind: GroupEventKind, group: ErrorGroup) => void;
  forwarders?: ErrorForwarder[];
  /** Ring buffer size (default 100). */
  maxBreadcrumbs?: number;
  /** Root of the application's sources: frames outside it are not read (default `process.cwd()`). */
  cwd?: string;
  /** Delay before a batch is written (default 50 ms). */
  flushDelayMs?: number;
  /** Events kept while the store is unavailable or slow (default 1000). */
  maxQueue?: number;
  /** Whether to record the `vigil.errors` counter (default true). */
  metrics?: boolean;
}

export interface ErrorTracker {
  captureException(error: unknown, options?: CaptureOptions): string;
  captureMessage(text: string, level?: ErrorLevel): string;
  /** Sets the user for the current async context and what it starts from here on. */
  setUser(user: ErrorUser | null): void;
  /** Runs `fn` with `user` as the current user, isolated from everything else. */
  withUser<T>(user: ErrorUser | null, fn: () => T): T;
  getUser(): ErrorUser | undefined;
  addBreadcrumb(crumb: Omit<Breadcrumb, 'timestampMs'> & { timestampMs?: number }): void;
  /** Redacted copies of the buffered breadcrumbs, oldest first. */
  breadcrumbs(): Breadcrumb[];
  /** Used by the span processor: turns a span's exception event into an error event. */
  captureSpanException(input: SpanExceptionInput): string | undefined;
  /** Used by the span processor, for every span: exceptions captured in a span belong to its parent once it ends. */
  spanEnded(spanId: string, parentSpanId: string | undefined): void;
  resolveGroup(fingerprint: string): boolean;
  ignoreGroup(fingerprint: string): boolean;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface SpanExceptionInput {
  type?: string;
  message?: string;
  stacktrace?: string;
  traceId: string;
  spanId: string;
  spanName: string;
  timeMs: number;
  attributes?: Record<string, unknown>;
}
