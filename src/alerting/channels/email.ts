import type { Transporter } from 'nodemailer';
import { RetryableError, withRetry } from './retry.js';
import { traceRef } from './payload.js';
import { fallbackText } from './slack.js';
import { base } from './types.js';
import type { AlertInstance, Channel, Notification } from '../types.js';
import type { EmailConfig } from './types.js';

/** E-mail over SMTP (nodemailer): a text and an HTML body, TLS as configured. */
export function emailChannel(c: EmailConfig): Channel {
  // nodemailer is loaded at the first e-mail, not at start: most processes never send one.
  let transport: Transporter | undefined;
  const open = async (): Promise<Transporter> => (transport ??= (await import('nodemailer')).default.createTransport({
    host: c.host,
    port: c.port ?? (c.secure ? 465 : 587),
    secure: c.secure ?? false,
    requireTLS: c.require_tls ?? false,
    ...(c.user ? { auth: { user: c.user, pass: c.password ?? '' } } : {}),
    tls: { rejectUnauthorized: c.tls_reject_unauthorized ?? true, ...(c.tls_servername ? { servername: c.tls_servername } : {}) },
    connectionTimeout: c.timeout_ms ?? 10_000,
    greetingTimeout: c.timeout_ms ?? 10_000,
    socketTimeout: c.timeout_ms ?? 10_000,
    logger: false,
  }));
  return {
    ...base(c, 'email'),
    async send(n) {
      await withRetry(async () => {
        try {
          await (await open()).sendMail({ from: c.from, to: c.to, subject: fallbackText(n), text: textBody(n), html: htmlBody(n) });
        } catch (err) {
          const e = err as { code?: string; responseCode?: number };
          // SMTP 5xx and authentication failures do not heal by retrying; 4xx and network ones may.
          const reason = `SMTP ${e.responseCode ?? e.code ?? 'error'}`;
          if ((e.responseCode !== undefined && e.responseCode >= 500) || e.code === 'EAUTH' || e.code === 'EENVELOPE') throw new Error(reason);
          throw new RetryableError(reason);
        }
      }, c.retry);
    },
    close: () => transport?.close(),
  };
}

export function textBody(n: Notification): string {
  const lines = [fallbackText(n), ''];
  for (const a of n.alerts) {
    lines.push(`${a.state === 'resolved' ? 'RESOLVED' : a.severity}  ${a.annotations['title'] ?? a.rule}`);
    if (a.annotations['message']) lines.push(`  ${a.annotations['message']}`);
    lines.push(`  since ${new Date(a.startsAtMs ?? a.activeAtMs).toISOString()}`);
    const trace = traceRef(n.externalURL, a);
    if (trace) lines.push(`  trace: ${trace}`);
    lines.push(`  labels: ${labelText(a)}`, '');
  }
  if (n.truncatedAlerts > 0) lines.push(`… and ${n.truncatedAlerts} more alerts in this group`, '');
  if (n.externalURL) lines.push(`${n.externalURL.replace(/\/$/, '')}/monitoring`);
  return lines.join('\n');
}

export function htmlBody(n: Notification): string {
  const rows = n.alerts
    .map(
      (a) =>
        `<tr><td><b>${esc(a.state === 'resolved' ? 'RESOLVED' : a.severity)}</b></td><td>${esc(a.annotations['title'] ?? a.rule)}</td>` +
        `<td>${esc(a.annotations['message'] ?? '')}</td><td><code>${esc(labelText(a))}</code></td><td>${traceCell(n.externalURL, a)}</td></tr>`,
    )
    .join('');
  const more = n.truncatedAlerts > 0 ? `<p>… and ${n.truncatedAlerts} more alerts in this group</p>` : '';
  return `<!doctype html><html><body><h2>${esc(fallbackText(n))}</h2><table border="1" cellpadding="4">${rows}</table>${more}</body></html>`;
}

function traceCell(externalURL: string, a: AlertInstance): string {
  const ref = traceRef(externalURL, a);
  if (!ref) return '';
  return externalURL ? `<a href="${esc(ref)}">trace</a>` : `<code>${esc(ref)}</code>`;
}

function labelText(a: AlertInstance): string {
  return Object.entries(a.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
