import type { Output } from '../output.js';
import { painted } from '../output.js';
import type { GroupDetail } from '../read/errors.js';
import { iso, when } from '../time.js';

/** `vigil errors show`: the group, its latest event in full, and the ids of recent events. */
export function printGroup(out: Output, d: GroupDetail): void {
  const g = d.group;
  if (out.json) {
    out.printJson({
      group: { ...g, firstSeen: iso(g.firstSeenMs), lastSeen: iso(g.lastSeenMs) },
      latest: d.latest ? { ...d.latest, time: iso(d.latest.timeMs) } : null,
      events: d.events.map((e) => ({ ...e, time: iso(e.timeMs) })),
    });
    return;
  }
  out.line(out.paint('bold', `${g.type}: ${g.message}`));
  out.fields([
    ['fingerprint', g.fingerprint],
    ['status', painted(out, g.status)],
    ['level', g.level],
    ['culprit', g.culprit],
    ['events', g.count],
    ['users', g.users],
    ['first seen', when(g.firstSeenMs)],
    ['last seen', when(g.lastSeenMs)],
    ['resolved', when(g.resolvedMs)],
    ['regressed', when(g.regressedMs)],
  ]);
  const e = d.latest;
  if (!e) return;
  out.line();
  out.line(out.paint('bold', `latest event ${e.id} at ${when(e.timeMs)}`));
  if (e.traceId) out.line(`trace ${e.traceId}${e.spanId ? ` span ${e.spanId}` : ''}`);
  const raw = stackText(e.stack);
  if (raw) {
    out.line();
    out.line(raw);
  }
  section(out, 'breadcrumbs', e.breadcrumbs);
  section(out, 'tags', e.tags);
  section(out, 'context', e.context);
  if (d.events.length > 1) {
    out.line();
    out.line(out.paint('bold', 'recent events'));
    out.table(['ID', 'TIME', 'TRACE', 'MESSAGE'], d.events.map((x) => [x.id, when(x.timeMs), x.traceId ?? '', x.message ?? '']));
  }
}

function stackText(stack: unknown): string | undefined {
  if (typeof stack === 'string') return stack;
  const raw = (stack as { raw?: unknown } | null)?.raw;
  return typeof raw === 'string' ? raw : undefined;
}

function section(out: Output, title: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value) && value.length === 0) return;
  if (typeof value === 'object' && Object.keys(value).length === 0) return;
  out.line();
  out.line(out.paint('bold', title));
  if (title === 'breadcrumbs' && Array.isArray(value)) {
    for (const b of value as Array<Record<string, unknown>>) {
      const t = typeof b['timestampMs'] === 'number' ? when(b['timestampMs']) : '';
      out.line(`  ${t} ${String(b['category'] ?? b['type'] ?? '')} ${String(b['message'] ?? JSON.stringify(b['data'] ?? ''))}`.trimEnd());
    }
    return;
  }
  out.line(JSON.stringify(value, null, 2));
}
