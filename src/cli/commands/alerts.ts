import type { Command } from 'commander';
import { contextOf } from '../context.js';
import { duration, durationMs, positiveInt } from '../options.js';
import { painted } from '../output.js';
import { alertEvents } from '../../store/index.js';
import { activeAlerts } from '../read/alerts.js';
import { ago, iso, when } from '../time.js';

export function registerAlerts(program: Command): void {
  program
    .command('alerts')
    .description('alerts firing now (and the silence muting each), then recent alert events')
    .option('--window <duration>', 'events in this window', duration, '24h')
    .option('--limit <n>', 'at most this many events', positiveInt, 50)
    .option('--active', 'only the alerts firing now')
    .action((opts: { window: string; limit: number; active?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const now = Date.now();
      const { active, events } = ctx.read((db) => ({
        active: activeAlerts(db, now, opts.limit),
        events: opts.active ? [] : alertEvents(db, { fromMs: now - durationMs(opts.window), limit: opts.limit }),
      }));
      const { out } = ctx;
      if (out.json) {
        const t = <T extends { timeMs: number }>(a: T) => ({ ...a, time: iso(a.timeMs) });
        out.printJson({ window: opts.window, active: active.alerts.map(t), activeTotal: active.total, stale: active.stale, byRule: active.byRule, events: events.map(t) });
        return;
      }
      const n = active.total;
      out.line(out.paint('bold', n === 0 ? 'no alerts firing' : `${n} alert${n > 1 ? 's' : ''} firing`));
      if (n > 0) {
        out.table(
          ['SINCE', 'SEVERITY', 'RULE', 'SILENCED', 'TRACE', 'TITLE'],
          active.alerts.map((a) => [ago(a.timeMs, now), painted(out, a.severity), a.rule, a.silencedBy ? a.silencedBy.slice(0, 8) : '', a.traceId ?? '', `${a.title}${a.message ? `: ${a.message}` : ''}`]),
        );
        if (active.alerts.some((a) => a.traceId)) out.line(out.paint('dim', '`vigil trace <TRACE>` draws the trace that crossed the threshold'));
        // Grouped as Alertmanager groups by alertname: thousands of error groups stay one line each rule.
        if (n > active.alerts.length) out.line(`… and ${n - active.alerts.length} more (${active.byRule.map((r) => `${r.rule} ${r.count}`).join(', ')}); --limit shows more`);
      }
      if (active.stale > 0) out.line(`${active.stale} alert${active.stale > 1 ? 's' : ''} stale: the process that fired them stopped (not counted as firing)`);
      if (opts.active) return;
      out.line();
      out.line(out.paint('bold', events.length === 0 ? `no alert events in the last ${opts.window}` : `alert events, last ${opts.window}`));
      if (events.length > 0) {
        out.table(
          ['TIME', 'EVENT', 'SEVERITY', 'RULE', 'CHANNEL', 'TITLE'],
          events.map((e) => [when(e.timeMs), painted(out, e.event), e.severity, e.rule, e.channel ?? '', `${e.title}${e.reason ? ` (${e.reason})` : ''}`]),
        );
      }
    });
}
