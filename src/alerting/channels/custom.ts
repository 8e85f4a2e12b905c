import { withRetry, RetryableError } from './retry.js';
import { base } from './types.js';
import type { Channel } from '../types.js';
import type { CustomConfig } from './types.js';

/** A handler function of the application's; a throw or rejection counts as a failed delivery and is retried. */
export function customChannel(c: CustomConfig): Channel {
  return {
    ...base(c, 'custom'),
    async send(n) {
      await withRetry(async () => {
        try {
          await c.handler(n);
        } catch (err) {
          throw new RetryableError(err instanceof Error ? err.message : String(err));
        }
      }, c.retry ?? { attempts: 2 });
    },
  };
}
