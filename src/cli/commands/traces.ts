import type { Command } from 'commander';
import { contextOf } from '../context.js';
import { CliError } from '../errors.js';
import type { Output } from '../output.js';
import { fmtMs } from '../../dashboard/format.js';
import { isTraceId, parseTraceSearch } from '../../dashboard/trace-query.js';
import { searchTraces, traceDetail } from '../../store/index.js';
import type { TraceDetail } from '../../store/index.js';
import { iso, when } from '../time.js';

interface SearchOptions {
  service?: string;
  operation?: string;
  errors?: boolean;
  min?: string;
  window: string;
  attr?: string;
  limit: string;
}

const BAR_WIDTH = 30;

export function registerTraces(program: Command): void {
  program
    .command('traces')
    .description('search stored traces, newest first: root operation, duration, spans, failed spans, services')
    .option('--service <name>', 'traces whose root is in this service')
    .option('--operation <text>', 'root operation or route containing this text')
    .option('--errors', 'only traces with a failed span')
    .option('--min <duration>', 'at least this long: 500ms, 2s')
    .option('--window <duration>', 'how far back', '1h')
    .option('--attr <key=value>', 'a span of the trace has this attribute, e.g. http.response.status_code=500')
    .option('--limit <n>', 'at most this many', '50')
    .action((opts: SearchOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const q = parseTraceSearch({ ...opts, errors: opts.errors === true }, Date.now());
      if ('error' in q) throw new CliError(q.error, 2);
      const traces = ctx.read((db) => searchTraces(db, q));
      const { out } = ctx;
      if (out.json) return out.printJson({ window: opts.window, traces: traces.map((t) => ({ ...t, start: iso(t.startMs) })) });
      if (traces.length === 0) return out.line(`no traces matching in the last ${opts.window}`);
      out.table(
        ['TRACE', 'STARTED', 'DURATION', 'SPANS', 'FAILED', 'ROOT', 'SERVICES'],
        traces.map((t) => [t.traceId, when(t.startMs), fmtMs(t.durationMs), t.spanCount, t.errorCount ? out.paint('red', String(t.errorCount)) : '0', t.rootName, t.services.join(',')]),
      );
    });
  program
    .command('trace <trace-id>')
    .description('one trace as a waterfall: span tree, timing bars, durations (* marks the critical path)')
    .action((id: string, _opts: unknown, cmd: Command) => {
      if (!isTraceId(id)) throw new CliError('a trace id is 32 hex characters', 2);
      const ctx = contextOf(cmd);
      const trace = ctx.read((db) => traceDetail(db, id));
      if (!trace) throw new CliError(`no trace ${id} in this database`);
      if (ctx.out.json) return ctx.out.printJson(trace);
      printWaterfall(ctx.out, trace);
    });
}

/** The waterfall in a terminal: one row per span, a bar on a shared time axis. */
export function printWaterfall(out: Output, t: TraceDetail): void {
  out.line(out.paint('bold', `trace ${t.traceId}`) + `  ${fmtMs(t.durationMs)}  ${t.spans.length} spans  ${t.services.join(', ')}  ${when(t.startMs)}`);
  const total = Math.max(t.durationMs, 1e-6);
  const label = (s: TraceDetail['spans'][number]) => `${'  '.repeat(s.depth)}${s.depth ? '└ ' : ''}${s.name}`;
  const width = Math.min(60, Math.max(...t.spans.map((s) => label(s).length)));
  for (const s of t.spans) {
    const from = Math.floor(((s.startMs - t.startMs) / total) * BAR_WIDTH);
    const len = Math.max(1, Math.round((s.durationMs / total) * BAR_WIDTH));
    const bar = ' '.repeat(Math.min(from, BAR_WIDTH - 1)) + '█'.repeat(Math.min(len, BAR_WIDTH - Math.min(from, BAR_WIDTH - 1)));
    const name = label(s).slice(0, width).padEnd(width);
    const failed = s.statusCode === 2;
    const row = `${s.critical ? '*' : ' '} ${name}  ${bar.padEnd(BAR_WIDTH)}  ${fmtMs(s.durationMs).padStart(9)}${s.serviceName && t.services.length > 1 ? `  ${s.serviceName}` : ''}`;
    out.line(failed ? out.paint('red', `${row}  ${s.statusMessage ?? 'error'}`) : row);
  }
  for (const e of t.errors) out.line(out.paint('red', `error ${e.fingerprint.slice(0, 12)}  ${e.type ?? 'Error'}: ${e.message ?? ''}`));
  if (t.logs.length) {
    out.line();
    for (const l of t.logs) out.line(`${new Date(l.timeMs).toISOString().slice(11, 23)}  ${(l.severity ?? '').padEnd(5)}  ${l.body}`);
  }
}
