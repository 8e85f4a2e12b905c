import type { Command } from 'commander';
import { contextOf } from '../context.js';
import { duration, durationMs } from '../options.js';
import { painted } from '../output.js';
import { readHealth } from '../read/health.js';
import { ago, iso, when } from '../time.js';

export function registerHealth(program: Command): void {
  program
    .command('health')
    .description('latest result of every health check of every service and process, the health score, and availability over a window')
    .option('--window <duration>', 'availability window', duration, '24h')
    .option('--service <name>', 'only this service (service.name)')
    .action((opts: { window: string; service?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const view = ctx.read((db) => readHealth(db, durationMs(opts.window), opts.service === undefined ? {} : { service: opts.service }));
      const { out } = ctx;
      if (out.json) {
        out.printJson({
          window: opts.window,
          ...view,
          lastCheck: iso(view.lastCheckMs),
          services: view.services.map((sv) => ({ ...sv, lastCheck: iso(sv.lastCheckMs) })),
          checks: view.checks.map((c) => ({ ...c, time: iso(c.timeMs) })),
        });
        return failed(view.status);
      }
      if (view.checks.length === 0) {
        out.line(`no health check results${opts.service === undefined ? '' : ` for service ${opts.service}`} in ${ctx.dbPath}`);
        return;
      }
      const score = view.score === null ? 'unknown' : `${view.score}/100`;
      out.fields([
        ['status', painted(out, view.status)],
        ['score', score],
        ...(view.output ? ([['why', view.output]] as Array<[string, string]>) : []),
        ['last check', `${when(view.lastCheckMs)} (${ago(view.lastCheckMs)})`],
      ]);
      out.line();
      if (view.services.length > 1) {
        out.table(
          ['SERVICE', 'STATUS', 'SCORE', 'PROCESSES', 'CHECKED', 'WHY'],
          view.services.map((sv) => [sv.service ?? '(unnamed)', painted(out, sv.status), sv.score === null ? '' : String(sv.score), sv.pids.join(' '), ago(sv.lastCheckMs), sv.output ?? '']),
        );
        out.line();
      }
      out.table(
        ['CHECK', 'STATUS', 'OBSERVED', `AVAIL ${opts.window}`, 'CHECKED', 'OUTPUT'],
        view.checks.map((c) => [
          c.label,
          painted(out, c.status),
          c.observedValue === null ? '' : `${round(c.observedValue)}${c.observedUnit ? ` ${c.observedUnit}` : ''}`,
          `${c.availability}%`,
          ago(c.timeMs),
          c.output ?? '',
        ]),
      );
      failed(view.status);
    });
}

/** Exit 1 when the service is failing, so scripts and cron can act on `vigil health` (0 pass/warn, 2 usage). */
function failed(status: string): void {
  if (status === 'fail') process.exitCode = 1;
}

function round(v: number | string): number | string {
  if (typeof v === 'string') return v;
  return Math.round(v * 100) / 100;
}
