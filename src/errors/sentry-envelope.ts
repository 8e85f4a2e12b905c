import type { ErrorEvent, ExceptionInfo, StackFrame } from './types.js';

export const SENTRY_CLIENT = 'vigil-otel/0.1.0';

export interface SentryDsn {
  /** The DSN as given, repeated in envelope headers. */
  dsn: string;
  publicKey: string;
  projectId: string;
  /** `<protocol>//<host>[:port][/path]/api/<project>/envelope/` */
  envelopeUrl: string;
}

/** `{PROTOCOL}://{PUBLIC_KEY}[:{SECRET}]@{HOST}[:{PORT}]{/PATH}/{PROJECT_ID}`; undefined when it is not one. */
export function parseSentryDsn(dsn: string): SentryDsn | undefined {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const segments = url.pathname.split('/').filter(Boolean);
  const projectId = segments.pop();
  if (!url.username || !projectId || !/^\d+$/.test(projectId)) return undefined;
  const prefix = segments.length ? `/${segments.join('/')}` : '';
  return {
    dsn,
    publicKey: decodeURIComponent(url.username),
    projectId,
    envelopeUrl: `${url.protocol}//${url.host}${prefix}/api/${projectId}/envelope/`,
  };
}

/**
 * One event as a Sentry envelope: a header line, an item header with the
 * payload's byte length, and the payload (Sentry's event JSON).
 * https://develop.sentry.dev/sdk/envelopes/
 */
export function toEnvelope(e: ErrorEvent, dsn: SentryDsn, nowMs = Date.now()): string {
  const payload = JSON.stringify(toSentryEvent(e));
  const header = JSON.stringify({ event_id: e.id, sent_at: new Date(nowMs).toISOString(), dsn: dsn.dsn, sdk: sdkInfo() });
  const item = JSON.stringify({ type: 'event', content_type: 'application/json', length: Buffer.byteLength(payload) });
  return `${header}\n${item}\n${payload}\n`;
}

function sdkInfo(): { name: string; version: string } {
  const [name, version] = SENTRY_CLIENT.split('/');
  return { name, version };
}

/** Our stored (already redacted) event in Sentry's event schema. The user is only ever the hash. */
export function toSentryEvent(e: ErrorEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {
    event_id: e.id,
    timestamp: e.timeMs / 1000,
    platform: 'node',
    level: e.level,
    // Our group id, so Sentry groups exactly as the local dashboard does.
    fingerprint: [e.fingerprint],
    tags: e.tags,
    sdk: sdkInfo(),
  };
  if (e.source === 'message') out.message = { formatted: e.message };
  else out.exception = { values: exceptionValues(e) };
  if (e.culprit) out.transaction = e.culprit;
  if (e.context !== undefined) out.extra = { context: e.context };
  if (e.userHash) out.user = { id: e.userHash };
  if (e.traceId && e.spanId) out.contexts = { trace: { trace_id: e.traceId, span_id: e.spanId } };
  if (e.breadcrumbs.length) {
    out.breadcrumbs = {
      values: e.breadcrumbs.map((c) => ({ timestamp: c.timestampMs / 1000, category: c.category, message: c.message, level: c.level, data: c.data })),
    };
  }
  return out;
}

/** Sentry lists a chain innermost cause first and the thrown error last. */
function exceptionValues(e: ErrorEvent): Record<string, unknown>[] {
  const main: ExceptionInfo = { type: e.type, message: e.message, frames: e.frames };
  return [...(e.causes ?? [])].reverse().concat(main).map((x) => ({
    type: x.type,
    value: x.message,
    stacktrace: x.frames.length ? { frames: x.frames.slice().reverse().map(toSentryFrame) } : undefined,
  }));
}

function toSentryFrame(f: StackFrame): Record<string, unknown> {
  return {
    function: f.function,
    filename: f.file,
    abs_path: f.file,
    lineno: f.line,
    colno: f.column,
    in_app: f.inApp,
    pre_context: f.preContext,
    context_line: f.contextLine,
    post_context: f.postContext,
  };
}
