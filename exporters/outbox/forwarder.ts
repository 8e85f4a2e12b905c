import type { DatabaseSync } from 'node:sqlite';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { OnceReporter, reportedError } from '../../src/sdk/once-reporter.js';
import { nextDelayMs } from './backoff.js';
import { countDropped } from './dropped.js';
import type { DropReason } from './dropped.js';
import { outboxTableFor } from './outbox-table.js';
import type { OutboxTable } from './outbox-table.js';
import { postOtlp } from './send.js';
import type { OtlpHttpTarget, SendOutcome } from './types.js';

export interface ForwarderOptions {
  target: OtlpHttpTarget;
  db?: () => DatabaseSync | undefined;
  maxBytes: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  shutdownDrainMs: number;
}

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };
// Every failure is said (once) and counted here; the SDK's error handler says nothing more about it.
const failed = (message: string): ExportResult => ({ code: ExportResultCode.FAILED, error: reportedError(message) });

/**
 * Store-and-forward for one signal. Sends serialized OTLP requests; when the
 * backend cannot take them right now they go to the `outbox` table and a
 * background loop replays them, oldest first. Order is kept by two rules:
 * direct sends run one at a time (`chain`), and while anything of this signal
 * is queued or being replayed, new requests join the back of the queue.
 *
 * Rows are replayed to the currently configured URL (the row's `url` is kept
 * for inspection): the running configuration, and its auth headers, decide
 * where data goes.
 */
export class OutboxForwarder {
  private chain: Promise<unknown> = Promise.resolve();
  private draining: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerDueMs = Infinity;
  private stopped = false;
  private shutdownPromise: Promise<void> | undefined;
  private readonly abort = new AbortController();
  /** One line per kind of trouble; kinds starting `send:` close when the backend takes data again. */
  private readonly reporter = new OnceReporter();

  constructor(private readonly opts: ForwarderOptions) {
    // A previous process may have left requests queued: pick them up.
    this.scheduleFromHead();
  }

  private get signal(): string {
    return this.opts.target.signal;
  }

  /** Resolves SUCCESS once the request is sent or safely queued, FAILED when it was dropped. Never rejects. */
  submit(body: Uint8Array): Promise<ExportResult> {
    const run = this.chain.then(() => this.handle(body));
    this.chain = run.catch(() => undefined);
    return run.catch((err: unknown) => {
      this.warnOnce('unexpected', `vigil outbox: ${this.signal} export failed unexpectedly: ${String(err)}`);
      countDropped('store_error', this.signal);
      return failed(String(err));
    });
  }

  /** Waits for requests handed over so far to be sent or queued. */
  async forceFlush(): Promise<void> {
    await this.chain;
  }

  /** Stops the loop, makes one bounded attempt to drain, and leaves the rest queued for the next process. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.stop();
    return this.shutdownPromise;
  }

  private async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    // At the bound, in-flight sends are aborted; aborted requests count as retryable and are queued.
    const bound = setTimeout(() => this.abort.abort(), this.opts.shutdownDrainMs);
    bound.unref();
    try {
      await this.chain;
      await this.draining;
      if (!this.abort.signal.aborted) await this.drain(true);
    } finally {
      clearTimeout(bound);
    }
  }

  private async handle(body: Uint8Array): Promise<ExportResult> {
    const table = this.table();
    if (!table) return this.sendWithoutStore(body);
    // After shutdown the loop is gone: queue so the next process sends it.
    if (this.stopped || this.draining || this.hasQueued(table)) {
      return this.enqueue(body, 0, Date.now());
    }
    const outcome = await this.post(body, this.opts.target.contentType);
    if (outcome.kind === 'ok') return this.accepted(0);
    if (outcome.kind === 'fatal') return this.drop('non_retryable', outcome.error);
    const delay = nextDelayMs(0, outcome.retryAfterMs, this.opts.initialBackoffMs, this.opts.maxBackoffMs);
    this.warnOnce('send:queued', `vigil outbox: ${this.signal} backend unavailable (${outcome.error}), queuing to the outbox`);
    return this.enqueue(body, 1, Date.now() + delay, outcome.error);
  }

  private hasQueued(table: OutboxTable): boolean {
    try {
      return table.headDueMs(this.signal) !== undefined;
    } catch (err) {
      this.warnOnce('read', `vigil outbox: cannot read the outbox: ${String(err)}`);
      return false;
    }
  }

  private async sendWithoutStore(body: Uint8Array): Promise<ExportResult> {
    const outcome = await this.post(body, this.opts.target.contentType);
    if (outcome.kind === 'ok') return this.accepted(0);
    return this.drop(outcome.kind === 'fatal' ? 'non_retryable' : 'no_store', outcome.error);
  }

  private enqueue(body: Uint8Array, attempts: number, nextAttemptMs: number, lastError?: string): ExportResult {
    // Re-read the handle: the store may have closed while the send was in flight.
    const table = this.table();
    if (!table) return this.drop('no_store', lastError ?? 'no store to queue into');
    if (body.byteLength > this.opts.maxBytes) return this.drop('outbox_full', 'request larger than the outbox cap');
    try {
      const { target } = this.opts;
      table.enqueue({ signal: this.signal, url: target.url, contentType: target.contentType, body, attempts, nextAttemptMs, lastError });
      this.countTrimmed(table.trimTo(this.opts.maxBytes));
    } catch (err) {
      return this.drop('store_error', `cannot queue into the outbox: ${String(err)}`);
    }
    this.scheduleFromHead();
    return SUCCESS;
  }

  private countTrimmed(signals: string[]): void {
    if (signals.length === 0) return;
    const bySignal = new Map<string, number>();
    for (const s of signals) bySignal.set(s, (bySignal.get(s) ?? 0) + 1);
    for (const [signal, n] of bySignal) countDropped('outbox_full', signal, n);
    this.warnOnce('full', `vigil outbox: outbox over ${this.opts.maxBytes} bytes, dropping the oldest queued requests`);
  }

  private drop(reason: DropReason, error: string): ExportResult {
    countDropped(reason, this.signal);
    this.warnOnce(`send:drop:${reason}`, `vigil outbox: dropped a ${this.signal} export (${reason}): ${error}; further drops are counted in vigil.export.dropped`);
    return failed(error);
  }

  /** The backend took data: if failures were said, one line says they are over. */
  private accepted(replayed: number): ExportResult {
    this.reporter.recover('send:', (failures) => `vigil outbox: ${this.signal} backend accepts exports again after ${failures} failed attempt${failures === 1 ? '' : 's'}${replayed ? `; ${replayed} queued requests replayed` : ''}`);
    return SUCCESS;
  }

  /** Arms the timer for when the head of the queue is due; keeps an earlier wake-up if one is set. */
  private scheduleFromHead(): void {
    if (this.stopped || this.draining) return;
    let due: number | undefined;
    try {
      due = this.table()?.headDueMs(this.signal);
    } catch (err) {
      this.warnOnce('read', `vigil outbox: cannot read the outbox: ${String(err)}`);
    }
    if (due === undefined) return;
    // Clamped: a stored time far ahead (clock change, stale row) must not stall replay past the max backoff.
    const delay = Math.min(Math.max(0, due - Date.now()), this.opts.maxBackoffMs);
    const dueMs = Date.now() + delay;
    if (this.timer && this.timerDueMs <= dueMs) return;
    clearTimeout(this.timer);
    this.timerDueMs = dueMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDueMs = Infinity;
      void this.drain(false);
    }, delay);
    this.timer.unref();
  }

  private drain(final: boolean): Promise<void> {
    this.draining ??= this.replay(final)
      .catch((err: unknown) => this.warnOnce('replay', `vigil outbox: ${this.signal} replay stopped: ${String(err)}`))
      .finally(() => {
        this.draining = undefined;
        this.scheduleFromHead();
      });
    return this.draining;
  }

  /** Sends queued rows oldest first; stops at the first retryable failure so order is kept. */
  private async replay(final: boolean): Promise<void> {
    let sent = 0;
    for (;;) {
      if (this.abort.signal.aborted || (this.stopped && !final)) return;
      // Claimed, not just read: processes sharing the database each send a row once.
      const row = this.table()?.claimHead(this.signal);
      // No due check here: the timer is the gate (scheduleFromHead), and the rows behind the head were never tried.
      if (!row) break;
      const outcome = await this.post(row.body, row.content_type);
      const table = this.table();
      if (!table) return;
      if (outcome.kind === 'retryable') {
        const delay = nextDelayMs(row.attempts, outcome.retryAfterMs, this.opts.initialBackoffMs, this.opts.maxBackoffMs);
        table.markRetry(row.id, row.attempts + 1, Date.now() + delay, outcome.error);
        return;
      }
      table.remove(row);
      if (outcome.kind === 'fatal') {
        countDropped('non_retryable', this.signal);
        this.warnOnce('send:drop:non_retryable', `vigil outbox: dropped a queued ${this.signal} export: ${outcome.error}; further drops are counted in vigil.export.dropped`);
      } else {
        sent++;
      }
    }
    if (sent > 0) this.accepted(sent);
  }

  private post(body: Uint8Array, contentType: string): Promise<SendOutcome> {
    return postOtlp(this.opts.target, body, contentType, this.abort.signal);
  }

  private table(): OutboxTable | undefined {
    try {
      const db = this.opts.db?.();
      if (!db || db.isOpen === false) return undefined;
      return outboxTableFor(db);
    } catch (err) {
      this.warnOnce('table', `vigil outbox: outbox table unusable, sending without store-and-forward: ${String(err)}`);
      return undefined;
    }
  }

  /** One warning per kind of trouble; repeats go to debug so an outage does not flood the log. */
  private warnOnce(key: string, message: string): void {
    this.reporter.report(key, message);
  }
}
