/** Live spans holding claims at once; past it (spans that never end), start over. */
const MAX_SPANS = 1000;
/** Enough of a stack to tell two errors apart; its first line is the message. */
const KEY_CHARS = 2048;

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
export class ExceptionClaims {
  private readonly bySpan = new Map<string, Map<string, string>>();

  /** The identity of a thrown value across layers: its stack, else its message. */
  static key(message: string, stack: string | undefined): string {
    return stack ? stack.slice(0, KEY_CHARS) : `\u0000${message}`;
  }

  /** The event already stored for this exception in this span or below it. */
  claimed(spanId: string, key: string): string | undefined {
    return this.bySpan.get(spanId)?.get(key);
  }

  claim(spanId: string, key: string, eventId: string): void {
    let claims = this.bySpan.get(spanId);
    if (!claims) {
      if (this.bySpan.size >= MAX_SPANS) this.bySpan.clear();
      this.bySpan.set(spanId, (claims = new Map()));
    }
    claims.set(key, eventId);
  }

  /** A span ended: what it (or a descendant) captured now belongs to its parent. Hot path: every span. */
  ended(spanId: string, parentSpanId: string | undefined): void {
    if (this.bySpan.size === 0) return;
    const claims = this.bySpan.get(spanId);
    if (!claims) return;
    this.bySpan.delete(spanId);
    if (parentSpanId === undefined) return;
    for (const [key, id] of claims) this.claim(parentSpanId, key, id);
  }
}
