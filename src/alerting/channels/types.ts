import type { Channel, Notification, SendResult, Severity } from '../types.js';
import type { RetryOptions } from './retry.js';

/** Fields every channel accepts. */
export interface ChannelCommon {
  name?: string;
  min_severity?: Severity;
  /** `10/1h`, or a count per window. */
  rate_limit?: { count: number; perMs: number };
  send_resolved?: boolean;
  timeout_ms?: number;
  retry?: RetryOptions;
}

export interface EmailConfig extends ChannelCommon {
  type: 'email';
  host: string;
  port?: number;
  /** TLS from the first byte (port 465). */
  secure?: boolean;
  /** Refuse to send unless STARTTLS succeeds. */
  require_tls?: boolean;
  /** Default true; false only for a test server with a self-signed certificate. */
  tls_reject_unauthorized?: boolean;
  tls_servername?: string;
  user?: string;
  password?: string;
  from: string;
  to: string | string[];
}

export interface SlackConfig extends ChannelCommon {
  type: 'slack';
  url: string;
  channel?: string;
  username?: string;
}

export interface WebhookConfig extends ChannelCommon {
  type: 'webhook';
  url: string;
  /** Standard Webhooks secret, `whsec_<base64>` or raw text; unsigned when absent. */
  secret?: string;
  headers?: Record<string, string>;
}

export interface AlertmanagerConfig extends ChannelCommon {
  type: 'alertmanager';
  /** Base URL, e.g. http://alertmanager:9093 (the channel adds /api/v2/alerts). */
  url: string;
  /** How long Alertmanager keeps a firing alert without a refresh (default 4 resend intervals; 4h10m without resends). */
  alert_ttl_ms?: number;
  /**
   * Added to every alert unless the alert has the label already, as
   * Prometheus' `external_labels`: they tell one instance's alerts from
   * another's. Vigil fills `service` and `instance` (createAlerting's externalLabels).
   */
  external_labels?: Record<string, string>;
  /** How often alerts still firing are posted again (default 60 s, as Prometheus; 0: only with notifications). */
  resend_ms?: number;
}

export interface DesktopConfig extends ChannelCommon {
  type: 'desktop';
}

export interface CustomConfig extends ChannelCommon {
  type: 'custom';
  handler: (n: Notification) => unknown;
}

export type ChannelConfig = EmailConfig | SlackConfig | WebhookConfig | AlertmanagerConfig | DesktopConfig | CustomConfig;

/** Build the common part of a Channel from its config. */
export function base(c: ChannelCommon & { type: string }, fallbackName: string): Omit<Channel, 'send'> {
  return {
    name: c.name ?? fallbackName,
    type: c.type,
    minSeverity: c.min_severity ?? 'INFO',
    sendResolved: c.send_resolved ?? true,
    ...(c.rate_limit ? { rateLimit: c.rate_limit } : {}),
  };
}

export type Send = (n: Notification) => Promise<SendResult | void>;
