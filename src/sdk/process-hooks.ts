import { diag } from '@opentelemetry/api';
import type { VigilHandle } from './handle.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Shutdown for the `--import` path. On SIGTERM/SIGINT: flush every signal
 * within a bounded time, then re-raise the signal so the process ends the
 * conventional way (143/130 in a shell) — unless the application has its own
 * handler for it, in which case we only flush and leave exiting to it. On
 * `beforeExit`, shut down once; on `exit`, write what is pending synchronously.
 * Nothing here keeps the process alive.
 */
export function installProcessHooks(handle: VigilHandle, timeoutMs = 5000): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    handle.markShuttingDown();
    const appHandles = process.listenerCount(signal) > 1;
    if (appHandles) {
      void handle.forceFlush(timeoutMs);
      return;
    }
    void handle.shutdown(timeoutMs).finally(() => {
      remove();
      process.kill(process.pid, signal);
    });
  };
  let exited = false;
  const onBeforeExit = (): void => {
    if (exited) return;
    exited = true;
    void handle.shutdown(timeoutMs).catch((err: unknown) => diag.warn('vigil: shutdown failed', err));
  };
  // process.exit() skips beforeExit: what the batch processors and the write thread hold is written synchronously here.
  const onExit = (): void => handle.flushAtExit();
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  const remove = (): void => {
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('beforeExit', onBeforeExit);
    process.off('exit', onExit);
  };
  return remove;
}
