import { postJson } from './http.js';
import { webhookPayload } from './payload.js';
import { signHeaders } from './signature.js';
import { base } from './types.js';
import type { Channel } from '../types.js';
import type { WebhookConfig } from './types.js';

/** A generic webhook: Alertmanager's v4 payload, signed per Standard Webhooks when a secret is set. */
export function webhookChannel(c: WebhookConfig): Channel {
  return {
    ...base(c, 'webhook'),
    async send(n) {
      await postJson(c.url, webhookPayload(n), {
        ...c.retry,
        ...(c.timeout_ms !== undefined ? { timeoutMs: c.timeout_ms } : {}),
        // Signed per attempt: a retry is a new delivery with a fresh timestamp.
        headers: (body) => ({ ...(c.headers ?? {}), ...(c.secret ? signHeaders(c.secret, body) : {}) }),
      });
    },
  };
}

