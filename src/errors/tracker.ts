import { diag, isSpanContextValid, trace } from '@opentelemetry/api';
import { BreadcrumbRing } from './breadcrumbs.js';
import { buildEvent } from './build-event.js';
import { ExceptionClaims } from './claims.js';
import { normaliseMessage } from './fingerprint.js';
import { safeHook } from './hooks.js';
import { normaliseThrown } from './normalize.js';
import { IDENTITY_REDACTOR, redactBreadcrumb } from './redact.js';
import { MAX_MESSAGE_CHARS, toSafeJson, truncateText } from './safe-json.js';
import { EventQueue } from './queue.js';
import { parseStack } from './stack.js';
import { UserContext } from './user-context.js';
import type {
  Breadcrumb, CaptureOptions, ErrorLevel, ErrorTracker, ErrorTrackerOptions, ErrorUser, SpanExceptionInput,
} from './types.js';

const LEVELS = new Set<ErrorLevel>(['fatal', 'error', 'warning', 'info', 'debug']);
const MAX_BREADCRUMB_DATA = 2048;

/**
 * The error tracker. Capturing is synchronous and cheap (normalise, parse the
 * stack, fingerprint, snapshot the context); source lines, hooks, redaction,
 * SQL and forwarding run in batches in `EventQueue`. Nothing here throws
 * into the application: internal faults go to `diag.warn`.
 */
export function createErrorTracker(opts: ErrorTrackerOptions): ErrorTracker {
  const cwd = opts.cwd ?? process.cwd();
  const redactor = opts.redact ?? IDENTITY_REDACTOR;
  const ring = new BreadcrumbRing(opts.maxBreadcrumbs ?? 100);
  const users = new UserContext();
  const queue = new EventQueue({ ...opts, cwd, redact: redactor });
  // One thrown error, one event, however many layers record it (by span ancestry).
  const claims = new ExceptionClaims();
  // The same thrown object captured twice by the application (captured, rethrown, captured again) is one event.
  const captured = new WeakMap<object, string>();

  function activeSpanIds(): { traceId?: string; spanId?: string } {
    const ctx = trace.getActiveSpan()?.spanContext();
    return ctx && isSpanContextValid(ctx) ? { traceId: ctx.traceId, spanId: ctx.spanId } : {};
  }

  function captureException(error: unknown, options: CaptureOptions = {}): string {
    try {
      const n = normaliseThrown(error, () => stackHere(captureException));
      const ids = activeSpanIds();
      const key = ExceptionClaims.key(n.main.message, n.main.raw);
      // Already recorded by an instrumentation below this span (e.g. the database call that threw it).
      const claimed =
        (typeof error === 'object' && error !== null ? captured.get(error) : undefined) ??
        // Inside a span: recorded below it already? Outside any span (an uncaught exception, an
        // unhandled rejection): recorded on a root span that has just ended with it?
        (ids.spanId ? claims.claimed(ids.spanId, key, true) : claims.takeFromRoot(key));
      if (claimed !== undefined) {
        if (options.level) queue.raise(claimed, validLevel(options.level, 'error'));
        return claimed;
      }
      const event = buildEvent({
        main: n.main,
        causes: n.causes,
        thrown: n.thrown,
        level: validLevel(options.level, 'error'),
        source: 'exception',
        context: options.context,
        tags: options.tags,
        user: options.user ?? users.get(),
        fingerprint: options.fingerprint,
        breadcrumbs: ring.snapshot(),
        ...ids,
        timeMs: Date.now(),
        cwd,
      });
      if (ids.spanId) claims.claim(ids.spanId, key, event.id, false);
      if (typeof error === 'object' && error !== null) captured.set(error, event.id);
      queue.push(event);
      return event.id;
    } catch (err) {
      diag.warn(`vigil errors: could not capture an exception: ${String(err)}`);
      return '';
    }
  }

  function captureMessage(text: string, level?: ErrorLevel): string {
    try {
      const message = truncateText(typeof text === 'string' ? text : String(text), MAX_MESSAGE_CHARS);
      const event = buildEvent({
        main: { type: 'Message', message, frames: parseStack(stackHere(captureMessage)), synthetic: true },
        level: validLevel(level, 'info'),
        source: 'message',
        // Messages group by their text alone: where they are logged from is not the failure.
        defaultParts: () => ['Message', normaliseMessage(message)],
        user: users.get(),
        breadcrumbs: ring.snapshot(),
        ...activeSpanIds(),
        timeMs: Date.now(),
        cwd,
      });
      queue.push(event);
      return event.id;
    } catch (err) {
      diag.warn(`vigil errors: could not capture a message: ${String(err)}`);
      return '';
    }
  }

  function captureSpanException(input: SpanExceptionInput): string | undefined {
    try {
      const type = input.type || 'Error';
      const message = truncateText(input.message ?? '', MAX_MESSAGE_CHARS);
      const key = ExceptionClaims.key(message, input.stacktrace);
      if (claims.claimed(input.spanId, key) !== undefined) return undefined;
      const event = buildEvent({
        main: { type, message, frames: parseStack(input.stacktrace), raw: input.stacktrace },
        level: 'error',
        source: 'span',
        tags: { 'span.name': input.spanName },
        context: input.attributes && { span: { name: input.spanName, attributes: input.attributes } },
        user: users.get(),
        breadcrumbs: ring.snapshot(),
        traceId: input.traceId,
        spanId: input.spanId,
        timeMs: input.timeMs,
        cwd,
      });
      claims.claim(input.spanId, key, event.id, true);
      queue.push(event);
      return event.id;
    } catch (err) {
      diag.warn(`vigil errors: could not capture a span exception: ${String(err)}`);
      return undefined;
    }
  }

  function addBreadcrumb(input: Omit<Breadcrumb, 'timestampMs'> & { timestampMs?: number }): void {
    try {
      let crumb: Breadcrumb | null | undefined = {
        timestampMs: typeof input.timestampMs === 'number' ? input.timestampMs : Date.now(),
        category: input.category === undefined ? undefined : String(input.category),
        message: input.message === undefined ? undefined : truncateText(String(input.message), 1024),
        level: input.level && LEVELS.has(input.level) ? input.level : undefined,
        data: input.data === undefined ? undefined : toSafeJson(input.data, { maxChars: MAX_BREADCRUMB_DATA, maxString: 512 }),
      };
      crumb = safeHook('beforeBreadcrumb', opts.beforeBreadcrumb, crumb, crumb);
      if (crumb) ring.push(crumb);
    } catch (err) {
      diag.warn(`vigil errors: could not add a breadcrumb: ${String(err)}`);
    }
  }

  return {
    captureException,
    captureMessage,
    captureSpanException,
    spanEnded: (spanId: string, parentSpanId: string | undefined) => claims.ended(spanId, parentSpanId),
    addBreadcrumb,
    setUser: (user: ErrorUser | null) => users.set(user),
    withUser: <T>(user: ErrorUser | null, fn: () => T): T => users.run(user, fn),
    getUser: () => users.get(),
    breadcrumbs: () => ring.snapshot().map((c) => redactBreadcrumb(c, redactor)),
    resolveGroup: (fp: string) => queue.setStatus(fp, 'resolved'),
    ignoreGroup: (fp: string) => queue.setStatus(fp, 'ignored'),
    flush: () => queue.flush(),
    shutdown: () => queue.flush(),
  };
}

function validLevel(level: ErrorLevel | undefined, fallback: ErrorLevel): ErrorLevel {
  return level && LEVELS.has(level) ? level : fallback;
}

/** The stack at the capture site, without the tracker's own frames. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function stackHere(skip: Function): string | undefined {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, skip);
  return holder.stack;
}
