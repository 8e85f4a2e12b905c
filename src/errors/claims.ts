/** Live spans holding claims at once; past it (spans that never end), start over. */
const MAX_SPANS = 1000;
/** Enough of a stack to tell two errors apart; its first line is the message. */
const KEY_CHARS = 2048;
/** How long, and how many, claims of ended local roots wait for the same error to surface again. */
const ROOT_CLAIM_MS = 2000;
const MAX_ROOT_CLAIMS = 100;

/**
 * One thrown error is one event, however many layers see it. A failure in
 * `node:sqlite` is recorded on the database span, and again on the HTTP
 * request span when Express turns it into a 500; an application may also
 * capture it itself and rethrow. Each capture claims its exception on its
 * span; when a span ends, its claims pass to its parent, so an ancestor that
 * ends with the same exception (same stack) finds it claimed and is not
 * counted again. The first capture, the innermost and most specific, is kept.
 * Sibling spans never see each other's claims: three failed retries stay
 * three events.
 */
interface Claim {
  eventId: string;
  /** Recorded by an instrumentation on a span (not by the application's own captureException). */
  fromSpan: boolean;
}

export class ExceptionClaims {
  private readonly bySpan = new Map<string, Map<string, Claim>>();
  /**
   * Span-recorded claims of ended local roots. An error that escapes its
   * root span (a monitored task run from a timer, a promise nobody awaits)
   * surfaces next as an uncaught exception or unhandled rejection, outside
   * any span: it is the same failure. Each claim answers once, and only for
   * a short while, so a later error of the same throw site is its own event.
   */
  private readonly atRoots = new Map<string, { eventId: string; untilMs: number }[]>();

  /** The identity of a thrown value across layers: its stack, else its message. */
  static key(message: string, stack: string | undefined): string {
    return stack ? stack.slice(0, KEY_CHARS) : `\u0000${message}`;
  }

  /**
   * The event already stored for this exception in this span or below it.
   * `spanOnly`: only what an instrumentation recorded counts; the
   * application capturing three errors of one throw site is three events.
   */
  claimed(spanId: string, key: string, spanOnly = false): string | undefined {
    const c = this.bySpan.get(spanId)?.get(key);
    return c && (!spanOnly || c.fromSpan) ? c.eventId : undefined;
  }

  claim(spanId: string, key: string, eventId: string, fromSpan: boolean): void {
    let claims = this.bySpan.get(spanId);
    if (!claims) {
      if (this.bySpan.size >= MAX_SPANS) this.bySpan.clear();
      this.bySpan.set(spanId, (claims = new Map()));
    }
    claims.set(key, { eventId, fromSpan });
  }

  /** A span ended: what it (or a descendant) captured now belongs to its parent. Hot path: every span. */
  ended(spanId: string, parentSpanId: string | undefined, nowMs?: number): void {
    // Every span ends here: without a claim (nearly always) it costs one size check, not a clock read.
    if (this.bySpan.size === 0) return;
    const claims = this.bySpan.get(spanId);
    if (!claims) return;
    this.bySpan.delete(spanId);
    if (parentSpanId === undefined) return this.keepAtRoot(claims, nowMs ?? Date.now());
    for (const [key, c] of claims) this.claim(parentSpanId, key, c.eventId, c.fromSpan);
  }

  /** The event an ended root span recorded for this exception, if it is still waiting; answers once. */
  takeFromRoot(key: string, nowMs = Date.now()): string | undefined {
    const waiting = this.atRoots.get(key);
    if (!waiting) return undefined;
    let found: string | undefined;
    while (waiting.length > 0 && found === undefined) {
      const c = waiting.shift()!;
      if (c.untilMs >= nowMs) found = c.eventId;
    }
    if (waiting.length === 0) this.atRoots.delete(key);
    return found;
  }

  private keepAtRoot(claims: Map<string, Claim>, nowMs: number): void {
    for (const [key, c] of claims) {
      if (!c.fromSpan) continue;
      if (this.atRoots.size >= MAX_ROOT_CLAIMS && !this.atRoots.has(key)) this.atRoots.delete(this.atRoots.keys().next().value!);
      const waiting = this.atRoots.get(key) ?? [];
      waiting.push({ eventId: c.eventId, untilMs: nowMs + ROOT_CLAIM_MS });
      this.atRoots.set(key, waiting.slice(-MAX_ROOT_CLAIMS));
    }
  }
}
