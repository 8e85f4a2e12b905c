import type { Command } from 'commander';
import type { DatabaseSync } from 'node:sqlite';
import { DEFAULT_RETENTION_DAYS, retentionDaysFromEnv } from '../../config/index.js';
import { cleanup, expiredCounts, retentionCutoff } from '../../store/index.js';
import type { RetentionCounts } from '../../store/index.js';
import { contextOf } from '../context.js';
import { nonNegativeNumber } from '../options.js';
import { createProgress } from '../progress.js';
import { iso, when } from '../time.js';

interface CleanupOptions {
  days?: number;
  dryRun?: boolean;
}

/**
 * The store's retention, by the same code the running application's
 * maintenance uses (store/retention.ts), with a progress bar: a first
 * cleanup of months of data takes a while.
 */
function run(db: DatabaseSync, days: number): RetentionCounts {
  const expected = Object.values(expiredCounts(db, { days })).reduce((a, b) => a + b, 0);
  const bar = createProgress('cleanup');
  let done = 0;
  const counts = cleanup(db, { days }, (_table, n) => {
    done += n;
    bar.update(done, Math.max(expected, done));
  });
  bar.done();
  return counts;
}

export function registerCleanup(program: Command): void {
  program
    .command('cleanup')
    .description('delete data past its retention: raw spans, logs, metric points, error events, alerts, health results... (see README, Retention)')
    .option('--days <n>', `keep this many days of raw data (default: VIGIL_RETENTION_DAYS or ${DEFAULT_RETENTION_DAYS})`, nonNegativeNumber)
    .option('--dry-run', 'only count what would be deleted')
    .action((opts: CleanupOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const days = opts.days ?? retentionDaysFromEnv();
      const cutoff = retentionCutoff({ days });
      const counts = opts.dryRun ? ctx.read((db) => expiredCounts(db, { days })) : ctx.write((db) => run(db, days));
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const { out } = ctx;
      if (out.json) return out.printJson({ days, cutoff: iso(cutoff), dryRun: opts.dryRun === true, deleted: counts, total });
      const verb = opts.dryRun ? 'would delete' : 'deleted';
      const parts = Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([t, n]) => `${n} ${t}`);
      out.line(`${verb} ${total} rows past retention (${days} days of raw data, before ${when(cutoff)})${parts.length ? `: ${parts.join(', ')}` : ''}`);
    });
}
