import { clip, fmtBytes, fmtCount, fmtDuration, fmtMs, fmtPct, fmtRate, fmtTime, spark } from './format.js';
import type { HostFigure, Summary } from './types.js';

export interface TextReportOptions {
  /** ANSI colour (a TTY); off for pipes and e-mail. */
  color?: boolean;
  /** Rows per table (default 10). */
  limit?: number;
}

type Paint = (code: string, s: string) => string;

const STATUS_MARK: Record<string, string> = { pass: 'OK  ', warn: 'WARN', fail: 'FAIL' };
const STATUS_COLOR: Record<string, string> = { pass: '32', warn: '33', fail: '31' };

function row(cells: Array<[string, number, 'l' | 'r']>): string {
  return cells.map(([s, w, a]) => (a === 'l' ? clip(s, w).padEnd(w) : clip(s, w).padStart(w))).join('  ').trimEnd();
}

function hostValue(f: HostFigure): string {
  if (f.unit === 'bytes') return fmtBytes(f.value);
  if (f.unit === 'ms') return fmtMs(f.value);
  if (f.unit === '%') return `${f.value.toFixed(1)}%`;
  return `${f.value} ${f.unit}`;
}

/**
 * The summary as plain text: fixed-width columns, ASCII only (marks and
 * sparklines survive any mail client), each section headed in capitals and
 * left out when it has nothing to say, except health, requests and errors.
 */
export function renderTextReport(s: Summary, opts: TextReportOptions = {}): string {
  const paint: Paint = opts.color ? (code, t) => `\u001b[${code}m${t}\u001b[0m` : (_c, t) => t;
  const bold = (t: string) => paint('1', t);
  const limit = opts.limit ?? 10;
  const out: string[] = [];
  const w = s.window;
  out.push(bold(`Vigil report - last ${w.name}`) + `  (${fmtTime(w.fromMs)} to ${fmtTime(s.generatedMs)})`);
  if (s.usedRollups) out.push('Long-window percentiles come from hourly rollups (count-weighted).');
  out.push('');

  const h = s.health;
  const score = h.score == null ? 'no checks recorded' : `${h.score}/100`;
  out.push(`${bold('HEALTH')}  ${paint(STATUS_COLOR[h.status] ?? '2', `${score}  ${h.status}`)}`);
  for (const c of h.checks) {
    const observed = c.observedValue == null ? '' : `${typeof c.observedValue === 'number' ? +c.observedValue.toFixed(2) : c.observedValue}${c.observedUnit ? ` ${c.observedUnit}` : ''}`;
    out.push(`  ${paint(STATUS_COLOR[c.status] ?? '2', STATUS_MARK[c.status] ?? c.status.toUpperCase().padEnd(4))}  ${row([[c.name, 22, 'l'], [observed, 14, 'r'], [c.output ?? '', 50, 'l']])}`);
  }
  out.push('');

  const r = s.requests;
  out.push(`${bold('REQUESTS')}  ${fmtCount(r.count)} (${fmtRate(r.ratePerSec)})  errors ${fmtCount(r.errors)} (${fmtPct(r.errorRate)})  p50 ${fmtMs(r.p50)}  p95 ${fmtMs(r.p95)}  p99 ${fmtMs(r.p99)}`);
  if (r.count > 0) out.push(`  trend [${spark(r.series.map((p) => p.count))}]`);
  out.push('');

  // Several services on the data dir: each one's requests and health, side by side.
  if (s.services.length > 1) {
    out.push(bold('SERVICES'));
    out.push('  ' + row([['service', 24, 'l'], ['requests', 9, 'r'], ['errors', 7, 'r'], ['p50', 9, 'r'], ['p95', 9, 'r'], ['p99', 9, 'r'], ['health', 14, 'l']]));
    for (const v of s.services.slice(0, limit)) {
      const health = v.health.score == null ? v.health.status : `${v.health.score} ${v.health.status}`;
      const err = v.errors ? paint('31', fmtCount(v.errors).padStart(7)) : fmtCount(0).padStart(7);
      out.push('  ' + row([[v.name, 24, 'l'], [fmtCount(v.count), 9, 'r']]) + '  ' + err + '  ' + row([[fmtMs(v.p50), 9, 'r'], [fmtMs(v.p95), 9, 'r'], [fmtMs(v.p99), 9, 'r']]) + '  ' + paint(STATUS_COLOR[v.health.status] ?? '2', health));
      if (v.health.status !== 'pass' && v.health.output) out.push(`    ${clip(v.health.output, 90)}`);
    }
    out.push('');
  }

  if (s.operations.length > 0) {
    out.push(bold('OPERATIONS') + (s.operations.length > limit ? ` (top ${limit} of ${s.operations.length})` : ''));
    out.push('  ' + row([['name', 34, 'l'], ['count', 7, 'r'], ['rate', 9, 'r'], ['errors', 7, 'r'], ['p50', 9, 'r'], ['p95', 9, 'r'], ['p99', 9, 'r']]));
    for (const o of s.operations.slice(0, limit)) {
      const err = o.errors ? paint('31', fmtPct(o.errorRate).padStart(7)) : fmtPct(0).padStart(7);
      out.push('  ' + row([[o.name, 34, 'l'], [fmtCount(o.count), 7, 'r'], [fmtRate(o.ratePerSec), 9, 'r']]) + '  ' + err + '  ' + row([[fmtMs(o.p50), 9, 'r'], [fmtMs(o.p95), 9, 'r'], [fmtMs(o.p99), 9, 'r']]) + (o.items !== undefined ? `  items ${fmtCount(o.items)} (${fmtRate(o.itemsPerSec ?? 0)})` : ''));
    }
    out.push('');
  }

  if (s.slow.length > 0) {
    out.push(bold('SLOW OPERATIONS'));
    for (const o of s.slow.slice(0, limit)) out.push('  ' + row([[fmtMs(o.durationMs), 9, 'r'], [o.name, 40, 'l'], [fmtTime(o.startMs), 20, 'l'], [o.traceId ? `trace ${o.traceId}` : '', 38, 'l']]));
    out.push('');
  }

  const e = s.errors;
  out.push(`${bold('ERRORS')}  ${fmtCount(e.events)} events in ${e.groups.length} group${e.groups.length === 1 ? '' : 's'}`);
  for (const g of e.groups.slice(0, limit)) {
    const tag = g.direction === 'new' ? paint('31', 'NEW') : g.direction === 'rising' ? paint('33', 'rising') : g.direction;
    out.push('  ' + row([[`${fmtCount(g.count)}x`, 7, 'r'], [`${g.type ?? 'Error'}: ${g.message ?? ''}`, 60, 'l']]) + `  ${tag}  [${spark(g.trend, 12)}]`);
    if (g.culprit) out.push(`           at ${clip(g.culprit, 70)}`);
  }
  out.push('');

  const a = s.alerts;
  if (a.active.length > 0 || a.recent.length > 0) {
    out.push(`${bold('ALERTS')}  ${a.active.length} active`);
    for (const x of a.active.slice(0, limit)) out.push(`  ${paint('31', 'FIRING')}  ${row([[x.severity, 8, 'l'], [x.title ?? x.rule, 50, 'l'], [x.sinceMs ? `since ${fmtTime(x.sinceMs)}` : '', 26, 'l']])}`);
    for (const x of a.recent.slice(0, Math.max(0, limit - a.active.length))) out.push('  ' + row([[x.event, 9, 'l'], [fmtTime(x.timeMs), 20, 'l'], [x.title ?? x.rule ?? '', 50, 'l']]));
    out.push('');
  }

  if (s.crashes.length > 0) {
    out.push(`${bold('CRASHES')}  ${s.crashes.length}`);
    for (const c of s.crashes.slice(0, limit)) out.push('  ' + row([[fmtTime(c.timeMs), 20, 'l'], [`${c.type ?? 'Error'}: ${c.message ?? ''}`, 60, 'l'], [c.sent ? 'sent' : '', 4, 'l']]));
    out.push('');
  }

  if (s.jobs.length > 0) {
    out.push(bold('BATCH JOBS'));
    for (const j of s.jobs.slice(0, limit)) {
      const filled = Math.round(j.percent / 5);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}]`;
      const eta = j.state === 'running' ? `ETA ${fmtDuration(j.etaSeconds)}` : j.state;
      out.push('  ' + row([[j.name ?? j.jobId, 24, 'l'], [bar, 22, 'l'], [`${j.percent.toFixed(0)}%`, 4, 'r'], [`${fmtCount(j.processed)}/${fmtCount(j.total)}`, 13, 'r'], [j.failed ? `${fmtCount(j.failed)} failed` : '', 10, 'l'], [eta, 14, 'l']]));
    }
    out.push('');
  }

  if (s.host.length > 0) {
    out.push(bold('HOST AND RUNTIME'));
    for (const f of s.host) out.push('  ' + row([[f.label, 28, 'l'], [hostValue(f), 12, 'r']]));
    out.push('');
  }

  const l = s.llm;
  if (l.calls > 0) {
    // One model: its name goes on the headline; a row of its own would repeat the headline's figures.
    const only = l.models.length === 1 ? ` (${clip(l.models[0]!.model, 30)})` : '';
    out.push(`${bold('LLM')}  ${fmtCount(l.calls)} calls${only}${l.errors ? `, ${fmtCount(l.errors)} failed` : ''}  tokens in ${fmtCount(l.inputTokens)} / out ${fmtCount(l.outputTokens)}  p50 ${fmtMs(l.p50)}  p95 ${fmtMs(l.p95)}`);
    if (l.models.length > 1) for (const m of l.models.slice(0, limit)) out.push('  ' + row([[m.model, 30, 'l'], [`${fmtCount(m.calls)} calls`, 12, 'r']]));
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}
