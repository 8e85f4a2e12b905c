import { postJson } from './http.js';
import { traceRef } from './payload.js';
import { base } from './types.js';
import type { AlertInstance, Channel, Notification, Severity } from '../types.js';
import type { SlackConfig } from './types.js';

export const SEVERITY_COLOURS: Record<Severity | 'RESOLVED', string> = {
  CRITICAL: '#d00000',
  ERROR: '#e01e5a',
  WARNING: '#daa038',
  INFO: '#439fe0',
  RESOLVED: '#2eb886',
};

/** Slack incoming webhook: a `text` fallback, blocks, and an attachment in the severity's colour. */
export function slackChannel(c: SlackConfig): Channel {
  return {
    ...base(c, 'slack'),
    async send(n) {
      await postJson(c.url, slackPayload(n, c), { ...c.retry, ...(c.timeout_ms !== undefined ? { timeoutMs: c.timeout_ms } : {}) });
    },
  };
}

export function slackPayload(n: Notification, c: Pick<SlackConfig, 'channel' | 'username'> = {}): Record<string, unknown> {
  const text = fallbackText(n);
  const colour = n.status === 'resolved' ? SEVERITY_COLOURS.RESOLVED : SEVERITY_COLOURS[n.severity];
  const lines = n.alerts.map((a) => line(a, n.externalURL));
  if (n.truncatedAlerts > 0) lines.push(`… and ${n.truncatedAlerts} more`);
  return {
    ...(c.channel ? { channel: c.channel } : {}),
    ...(c.username ? { username: c.username } : {}),
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } },
    ],
    attachments: [
      {
        color: colour,
        fallback: text,
        title: n.alerts[0]?.annotations['title'] ?? n.groupKey,
        text: lines.join('\n'),
        fields: [
          { title: 'Severity', value: n.severity, short: true },
          { title: 'Status', value: n.status, short: true },
        ],
        ...(n.externalURL ? { title_link: `${n.externalURL.replace(/\/$/, '')}/monitoring` } : {}),
      },
    ],
  };
}

/** What notifications and screen readers show: `[FIRING:2] CRITICAL HighMemory`. */
export function fallbackText(n: Notification): string {
  const name = n.groupLabels['alertname'] ?? n.commonLabels['alertname'] ?? n.alerts[0]?.rule ?? 'alert';
  const firing = n.alerts.filter((a) => a.state !== 'resolved').length;
  const head = n.status === 'resolved' ? '[RESOLVED]' : `[FIRING:${firing}]`;
  return `${head} ${n.severity} ${name}`;
}

function line(a: AlertInstance, externalURL: string): string {
  const title = a.annotations['title'] ?? a.rule;
  const msg = a.annotations['message'];
  const ref = traceRef(externalURL, a);
  const trace = ref ? (externalURL ? ` (<${ref}|trace>)` : ` (trace ${ref})`) : '';
  return `${a.state === 'resolved' ? 'resolved' : a.severity}: ${title}${msg ? ` - ${msg}` : ''}${trace}`;
}
