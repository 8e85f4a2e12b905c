import { postJson } from './http.js';
import { generatorURL, iso, withTrace } from './payload.js';
import { base } from './types.js';
import type { AlertInstance, Channel, Notification } from '../types.js';
import type { AlertmanagerConfig } from './types.js';

/** Without resends, past the repeat interval (4 h). */
const NO_RESEND_TTL_MS = 4 * 3_600_000 + 10 * 60_000;
/** Prometheus' default --rules.alert.resend-delay. */
const DEFAULT_RESEND_MS = 60_000;

type Posted = { labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; generatorURL: string };

/**
 * Alertmanager's own API (`POST /api/v2/alerts`), so a team's cluster routes
 * Vigil's alerts like Prometheus's. Firing alerts carry an `endsAt` of four
 * resend intervals, as Prometheus sets it: each resend pushes it on, and a
 * Vigil that died lets them expire within minutes. External labels (`service`,
 * `instance`) make the label set, hence Alertmanager's fingerprint, the same
 * for every process of one service on one host and different across
 * services and hosts; volatile values (pid, counts) stay in annotations.
 *
 * Because processes share an alert, each re-posts the alerts it still sees
 * firing every minute, as Prometheus does: when one worker resolves the
 * shared alert while another still fires, the other fires it again within
 * the minute instead of at its next repeat (hours).
 */
export function alertmanagerChannel(c: AlertmanagerConfig): Channel {
  const external = c.external_labels ?? {};
  const channel = base(c, 'alertmanager');
  // Without resolutions (send_resolved: false) a re-posted alert would never end: then no resend.
  const resendMs = channel.sendResolved ? (c.resend_ms ?? DEFAULT_RESEND_MS) : 0;
  const ttl = c.alert_ttl_ms ?? (resendMs > 0 ? 4 * resendMs : NO_RESEND_TTL_MS);
  const url = `${c.url.replace(/\/$/, '')}/api/v2/alerts`;
  const firing = new Map<string, Posted>();
  let timer: NodeJS.Timeout | undefined;

  const body = (n: Notification, a: AlertInstance, now: number): Posted => ({
    labels: { ...external, ...a.labels },
    annotations: withTrace(n.externalURL, a),
    startsAt: iso(a.startsAtMs ?? a.activeAtMs),
    endsAt: iso(a.state === 'resolved' ? (a.endsAtMs ?? now) : now + ttl),
    generatorURL: generatorURL(n.externalURL, a) || 'http://vigil.invalid/',
  });
  const resend = (): void => {
    const now = Date.now();
    const alerts = [...firing.values()].map((p) => ({ ...p, endsAt: iso(now + ttl) }));
    // Best effort: a failure here is retried at the next tick; the notification path reports its own.
    if (alerts.length) void postJson(url, alerts, { attempts: 1, ...(c.timeout_ms !== undefined ? { timeoutMs: c.timeout_ms } : {}) }).catch(() => undefined);
  };

  return {
    ...channel,
    async send(n) {
      const now = Date.now();
      const alerts = n.alerts.map((a) => body(n, a, now));
      await postJson(url, alerts, { ...c.retry, ...(c.timeout_ms !== undefined ? { timeoutMs: c.timeout_ms } : {}) });
      if (resendMs <= 0) return;
      n.alerts.forEach((a, i) => (a.state === 'resolved' ? firing.delete(a.fingerprint) : firing.set(a.fingerprint, alerts[i]!)));
      if (firing.size && !timer) {
        timer = setInterval(resend, resendMs);
        timer.unref();
      } else if (!firing.size && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      firing.clear();
    },
  };
}
