import { context, diag } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { safeHook } from './hooks.js';
import { ErrorCounter } from './metric.js';
import { redactEvent } from './redact.js';
import { addContextLines, SourceCache } from './source-context.js';
import { setGroupStatus, writeEvents } from './writer.js';
import type { ErrorEvent, ErrorRedactor, ErrorTrackerOptions, GroupStatus } from './types.js';

type QueueOptions = ErrorTrackerOptions & { cwd: string; redact: ErrorRedactor };

/** Most severe first. */
const SEVERITY: readonly ErrorEvent['level'][] = ['fatal', 'error', 'warning', 'info', 'debug'];
/** While the store is not open yet, try again this often. */
const RETRY_MS = 1000;
/** Events prepared and written per turn of the event loop, so a burst never blocks it for long. */
const BATCH = 200;

/**
 * Events wait here between capture and storage. A short unref'd timer (or
 * `flush()`) drains them: source lines, beforeSend, redaction, the metric,
 * then one SQL transaction, then group notices and forwarding.
 */
export class EventQueue {
  private incoming: ErrorEvent[] = [];
  /** Processed (redacted) events waiting for the store to be available. */
  private ready: ErrorEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly sources: SourceCache;
  private readonly counter = new ErrorCounter();
  private readonly forwarding = new Set<Promise<void>>();
  private dropped = 0;

  constructor(private readonly opts: QueueOptions) {
    this.sources = new SourceCache({ root: opts.cwd });
  }

  push(event: ErrorEvent): void {
    if (this.incoming.length + this.ready.length >= (this.opts.maxQueue ?? 1000)) {
      // Logged once per burst, like the SDK's BatchSpanProcessor.
      if (this.dropped++ === 0) diag.warn('vigil errors: event queue full, dropping events until it drains');
      return;
    }
    this.incoming.push(event);
    this.schedule(this.opts.flushDelayMs ?? 50);
  }

  /**
   * The failure behind a queued event turned out worse (it escaped its span
   * and ended the process): the event, not yet stored, takes the new level.
   */
  raise(eventId: string, level: ErrorEvent['level']): void {
    const event = this.incoming.find((e) => e.id === eventId);
    if (event && SEVERITY.indexOf(level) < SEVERITY.indexOf(event.level)) event.level = level;
  }

  async flush(): Promise<void> {
    this.drain();
    while (this.incoming.length > 0 || (this.ready.length > 0 && this.opts.db())) {
      await new Promise((resolve) => setImmediate(resolve));
      this.drain();
    }
    await Promise.allSettled([...this.forwarding]);
    await Promise.allSettled((this.opts.forwarders ?? []).map((f) => f.flush?.() ?? Promise.resolve()));
  }

  setStatus(fingerprint: string, status: GroupStatus): boolean {
    // Queued occurrences are older than this decision: store them first.
    do this.drain();
    while (this.incoming.length > 0);
    const db = this.opts.db();
    if (!db) return false;
    try {
      return setGroupStatus(db, fingerprint, status, Date.now());
    } catch (err) {
      diag.warn(`vigil errors: could not set group ${fingerprint} to ${status}: ${String(err)}`);
      return false;
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, delayMs);
    this.timer.unref();
  }

  /** Synchronous; never throws. */
  drain(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // Our own SQL must not show up as spans of the request that failed.
    context.with(suppressTracing(context.active()), () => {
      const processed = this.process(this.incoming.splice(0, BATCH));
      if (processed.length > 0) this.forward(processed);
      this.ready.push(...processed);
      this.write();
    });
    if (this.incoming.length > 0) this.schedule(0);
    else if (this.dropped > 0) this.dropped = 0;
  }

  private process(events: ErrorEvent[]): ErrorEvent[] {
    const out: ErrorEvent[] = [];
    for (const raw of events) {
      try {
        const own = { ...raw, frames: addContextLines(raw.frames, this.sources) };
        const kept = safeHook('beforeSend', this.opts.beforeSend, own, own);
        if (!kept) continue;
        // Redaction failing means the event can't be stored safely: drop it.
        const event = redactEvent(kept, this.opts.redact);
        if (this.opts.metrics !== false) this.counter.add(event);
        out.push(event);
      } catch (err) {
        diag.warn(`vigil errors: dropped an event that could not be prepared: ${String(err)}`);
      }
    }
    return out;
  }

  private write(): void {
    if (this.ready.length === 0) return;
    const db = this.opts.db();
    if (!db) {
      this.schedule(RETRY_MS);
      return;
    }
    const batch = this.ready.splice(0, BATCH);
    if (this.ready.length > 0) this.schedule(0);
    let notices;
    try {
      notices = writeEvents(db, batch, this.opts.onGroupEvent !== undefined);
    } catch (err) {
      diag.warn(`vigil errors: could not store ${batch.length} error event(s): ${String(err)}`);
      return;
    }
    for (const n of notices) safeHook('onGroupEvent', (x: typeof n) => this.opts.onGroupEvent?.(x.kind, x.group), n, undefined);
  }

  private forward(events: ErrorEvent[]): void {
    for (const f of this.opts.forwarders ?? []) {
      let p: Promise<void>;
      try {
        p = f.send(events).catch((err: unknown) => diag.warn(`vigil errors: forwarding failed: ${String(err)}`));
      } catch (err) {
        diag.warn(`vigil errors: forwarding failed: ${String(err)}`);
        continue;
      }
      this.forwarding.add(p);
      void p.finally(() => this.forwarding.delete(p));
    }
  }
}
