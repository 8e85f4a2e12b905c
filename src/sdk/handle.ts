import type { Config } from '../config/index.js';

/** What start() returns: a running Vigil, or the no-op one when disabled. */
export interface VigilHandle {
  readonly config: Config;
  /** The telemetry server's bound port, when it listens. */
  readonly port?: number;
  /** Export everything pending now, within the timeout. Never rejects. */
  forceFlush(timeoutMs?: number): Promise<void>;
  /** Flush and stop every provider, reader and timer, within the timeout. Never rejects. */
  shutdown(timeoutMs?: number): Promise<void>;
  /** Readiness turns to 503 (used when a termination signal arrives). */
  markShuttingDown(): void;
  /** `await using vigil = await start()`: shutdown() when the scope ends. */
  [Symbol.asyncDispose](): Promise<void>;
  /** For the process `exit` event: writes what is pending to SQLite synchronously. Never throws. */
  flushAtExit(): void;
}

/** Resolve after the promise or the timeout, whichever is first; never reject. */
export async function bounded(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([work.then(() => undefined, () => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
