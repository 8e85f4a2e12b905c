import type { Command } from 'commander';
import type { DatabaseSync } from 'node:sqlite';
import { RAW_TABLES, retentionCutoff } from '../../store/index.js';
import type { DeletedCounts } from '../../store/index.js';
// Chunked deletes are the store's own; the CLI drives them to draw progress.
import { deleteChunk, reclaim, zeroCounts } from '../../store/raw-tables.js';
import { contextOf } from '../context.js';
import { nonNegativeNumber } from '../options.js';
import { createProgress } from '../progress.js';
import { iso, when } from '../time.js';

interface CleanupOptions {
  days?: number;
  dryRun?: boolean;
}

const DEFAULT_DAYS = 90;

function defaultDays(): number {
  const env = Number(process.env['VIGIL_RETENTION_DAYS']);
  return Number.isFinite(env) && env > 0 ? env : DEFAULT_DAYS;
}

/** Rows each raw table holds at or before the cutoff (what a cleanup would delete). */
function expiredCounts(db: DatabaseSync, cutoff: number): DeletedCounts {
  const counts = zeroCounts();
  for (const { table, column } of RAW_TABLES) {
    const r = db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} <= ? OR ${column} IS NULL`).get(cutoff) as { n: number };
    counts[table] = Number(r.n);
  }
  return counts;
}

/**
 * The store's retention (raw spans, log records, metric points older than N
 * days; hourly rollups, errors and alerts are kept), in the same 5,000-row
 * chunks, with a progress bar: a first cleanup of months of data takes a while.
 */
function run(db: DatabaseSync, cutoff: number): DeletedCounts {
  const expected = expiredCounts(db, cutoff);
  const total = Object.values(expected).reduce((a, b) => a + b, 0);
  const deleted = zeroCounts();
  const bar = createProgress('cleanup');
  let done = 0;
  for (const { table } of RAW_TABLES) {
    for (let n = deleteChunk(db, table, cutoff); n > 0; n = deleteChunk(db, table, cutoff)) {
      deleted[table] += n;
      done += n;
      bar.update(done, Math.max(total, done));
    }
  }
  bar.done();
  reclaim(db);
  return deleted;
}

export function registerCleanup(program: Command): void {
  program
    .command('cleanup')
    .description('delete raw spans, log records and metric points older than N days (hourly rollups are kept)')
    .option('--days <n>', `keep this many days (default: VIGIL_RETENTION_DAYS or ${DEFAULT_DAYS})`, nonNegativeNumber)
    .option('--dry-run', 'only count what would be deleted')
    .action((opts: CleanupOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const days = opts.days ?? defaultDays();
      const cutoff = retentionCutoff({ days });
      const counts = opts.dryRun ? ctx.read((db) => expiredCounts(db, cutoff)) : ctx.write((db) => run(db, cutoff));
      const total = counts.spans + counts.messages + counts.metrics;
      const { out } = ctx;
      if (out.json) return out.printJson({ days, cutoff: iso(cutoff), dryRun: opts.dryRun === true, deleted: counts, total });
      const verb = opts.dryRun ? 'would delete' : 'deleted';
      out.line(`${verb} ${total} rows older than ${days} days (before ${when(cutoff)}): ${counts.spans} spans, ${counts.messages} log records, ${counts.metrics} metric points`);
    });
}
