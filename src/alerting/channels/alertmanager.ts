import { postJson } from './http.js';
import { generatorURL, iso, withTrace } from './payload.js';
import { base } from './types.js';
import type { Channel } from '../types.js';
import type { AlertmanagerConfig } from './types.js';

const DEFAULT_TTL_MS = 4 * 3_600_000 + 10 * 60_000;

/**
 * Alertmanager's own API (`POST /api/v2/alerts`), so a team's cluster routes
 * Vigil's alerts like Prometheus's. Firing alerts carry an `endsAt` past the
 * repeat interval: our re-notification refreshes it, and a Vigil that died
 * lets them expire instead of firing forever.
 */
export function alertmanagerChannel(c: AlertmanagerConfig): Channel {
  const ttl = c.alert_ttl_ms ?? DEFAULT_TTL_MS;
  return {
    ...base(c, 'alertmanager'),
    async send(n) {
      const now = Date.now();
      const body = n.alerts.map((a) => ({
        labels: a.labels,
        annotations: withTrace(n.externalURL, a),
        startsAt: iso(a.startsAtMs ?? a.activeAtMs),
        endsAt: iso(a.state === 'resolved' ? (a.endsAtMs ?? now) : now + ttl),
        generatorURL: generatorURL(n.externalURL, a) || 'http://vigil.invalid/',
      }));
      await postJson(`${c.url.replace(/\/$/, '')}/api/v2/alerts`, body, { ...c.retry, ...(c.timeout_ms !== undefined ? { timeoutMs: c.timeout_ms } : {}) });
    },
  };
}
