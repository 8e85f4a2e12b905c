import type { AlertInstance, Notification } from '../types.js';

/** Alertmanager's webhook payload, version 4. */
export interface WebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: Array<{
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
    generatorURL: string;
    fingerprint: string;
  }>;
}

/** Alertmanager writes this for "not ended yet". */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export function webhookPayload(n: Notification): WebhookPayload {
  return {
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: n.truncatedAlerts ?? 0,
    status: n.status,
    receiver: n.receiver,
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    commonAnnotations: n.commonAnnotations,
    externalURL: n.externalURL,
    alerts: n.alerts.map((a) => ({
      status: a.state === 'resolved' ? 'resolved' : 'firing',
      labels: a.labels,
      annotations: withTrace(n.externalURL, a),
      startsAt: iso(a.startsAtMs ?? a.activeAtMs),
      endsAt: a.endsAtMs !== undefined ? iso(a.endsAtMs) : ZERO_TIME,
      generatorURL: generatorURL(n.externalURL, a),
      fingerprint: a.fingerprint,
    })),
  };
}

export function generatorURL(externalURL: string, a: AlertInstance): string {
  return externalURL ? `${externalURL.replace(/\/$/, '')}/monitoring#alerts/${encodeURIComponent(a.rule)}` : '';
}

/** The trace that crossed the threshold: a link to its waterfall when the dashboard has a public URL, else its id. */
export function traceRef(externalURL: string, a: AlertInstance): string | undefined {
  if (!a.traceId) return undefined;
  return externalURL ? `${externalURL.replace(/\/$/, '')}/monitoring#trace=${a.traceId}` : a.traceId;
}

/** Annotations plus `trace_id` (and `trace_url` with a public URL): where Alertmanager's templates and webhooks look. */
export function withTrace(externalURL: string, a: AlertInstance): Record<string, string> {
  if (!a.traceId) return a.annotations;
  const url = externalURL ? traceRef(externalURL, a) : undefined;
  return { ...a.annotations, trace_id: a.traceId, ...(url ? { trace_url: url } : {}) };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
