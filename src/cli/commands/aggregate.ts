import type { Command } from 'commander';
import { aggregateHour, pendingHours } from '../../store/index.js';
import { contextOf } from '../context.js';
import { createProgress } from '../progress.js';
import { iso, when } from '../time.js';

export function registerAggregate(program: Command): void {
  program
    .command('aggregate')
    .description('roll raw metric points and span durations up into metrics_hourly for every complete hour not done yet')
    .action((_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const result = ctx.write((db) => {
        const hours = pendingHours(db);
        const bar = createProgress('aggregate');
        let rows = 0;
        hours.forEach((h, i) => {
          rows += aggregateHour(db, h);
          bar.update(i + 1, hours.length);
        });
        bar.done();
        return { hours: hours.length, rows, from: hours[0] ?? null, to: hours.length ? hours[hours.length - 1]! : null };
      });
      const { out } = ctx;
      if (out.json) return out.printJson({ ...result, from: iso(result.from), to: iso(result.to) });
      if (result.hours === 0) return out.line('nothing to aggregate: every complete hour is rolled up');
      out.line(`aggregated ${result.hours} hour${result.hours > 1 ? 's' : ''} (${when(result.from)} to ${when(result.to)}): ${result.rows} rollup rows`);
    });
}
