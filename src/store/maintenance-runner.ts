import { diag } from '@opentelemetry/api';
import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import type { JobReply } from './maintenance-job.js';
import type { PassOptions, PassResult } from './maintenance-pass.js';
import { zeroCounts } from './raw-tables.js';

/** Runs a pass somewhere other than this thread; resolves undefined when it cannot, so the caller runs it here. */
export interface PassRunner {
  run(options: PassOptions, stopped: () => boolean): Promise<PassResult | undefined>;
}

/** What the store's write thread offers another room (ThreadWriter.post in exporters/sqlite). */
export interface JobThread {
  post(message: object, transfer: TransferListItem[]): boolean;
}

/**
 * Passes as jobs of the store's write thread (see maintenance-job.ts).
 * `thread` is asked at each pass: a replaced file gets a new thread.
 */
export function writeThreadRunner(path: string, thread: () => JobThread | undefined): PassRunner {
  return {
    run(options, stopped) {
      const { port1, port2 } = new MessageChannel();
      if (!thread()?.post({ maintenance: port2, options }, [port2])) {
        port1.close();
        return Promise.resolve(undefined);
      }
      return new Promise((resolve) => {
        // A stop request ends the pass at its next unit.
        const poll = setInterval(() => stopped() && port1.postMessage('stop'), 1000);
        poll.unref();
        let settled = false;
        const settle = (r: PassResult | undefined): void => {
          if (settled) return;
          settled = true;
          clearInterval(poll);
          port1.close();
          resolve(r);
        };
        port1.on('message', (reply: JobReply) => {
          if (reply && !reply.ok) diag.warn(`vigil store: maintenance of ${path} failed: ${reply.message}`);
          settle(reply === undefined ? undefined : reply.ok ? reply.result : zeroResult());
        });
        // The thread ended mid-pass (its side of the channel closed): nothing more will come.
        port1.on('close', () => settle(zeroResult()));
        // Never keeps the process alive, during a pass or after.
        port1.unref();
      });
    },
  };
}

export function zeroResult(): PassResult {
  return { hoursAggregated: 0, expired: {}, droppedForSize: zeroCounts() };
}
