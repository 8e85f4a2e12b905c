import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import type { JobReply } from './maintenance-job.js';
import type { PassOptions, PassResult } from './maintenance-pass.js';

/**
 * Runs a pass somewhere other than this thread; resolves undefined when it
 * cannot, so the caller runs it here. A pass that failed there rejects, so
 * the caller records it (stats.lastError) as it does one that failed here.
 */
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
      return new Promise((resolve, reject) => {
        // A stop request ends the pass at its next unit.
        const poll = setInterval(() => stopped() && port1.postMessage('stop'), 1000);
        poll.unref();
        let settled = false;
        const settle = (r: PassResult | undefined | Error): void => {
          if (settled) return;
          settled = true;
          clearInterval(poll);
          port1.close();
          if (r instanceof Error) reject(r);
          else resolve(r);
        };
        port1.on('message', (reply: JobReply) => {
          settle(reply === undefined ? undefined : reply.ok ? reply.result : new Error(reply.message));
        });
        // The thread ended mid-pass (its side of the channel closed): nothing more will come.
        port1.on('close', () => settle(new Error(`the write thread of ${path} ended during the pass`)));
        // Never keeps the process alive, during a pass or after.
        port1.unref();
      });
    },
  };
}
