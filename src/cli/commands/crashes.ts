import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { contextOf } from '../context.js';
import { duration, durationMs, positiveInt } from '../options.js';
import { crashReport, crashReports } from '../../store/index.js';
import { CliError } from '../errors.js';
import { uniquePrefix } from '../read/errors.js';
import { iso, when } from '../time.js';

export function registerCrashes(program: Command): void {
  const crashes = program.command('crashes').description('crash reports (uncaught exceptions, unhandled rejections)');
  crashes
    .command('list', { isDefault: true })
    .description('crash reports, newest first (the default)')
    .option('--window <duration>', 'reports in this window', duration, '30d')
    .option('--limit <n>', 'at most this many', positiveInt, 50)
    .action((opts: { window: string; limit: number }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const rows = ctx.read((db) => crashReports(db, { fromMs: Date.now() - durationMs(opts.window), limit: opts.limit }));
      const { out } = ctx;
      if (out.json) return out.printJson({ window: opts.window, crashes: rows.map((r) => ({ ...r, time: iso(r.timeMs), sent: iso(r.sentMs) })) });
      if (rows.length === 0) return out.line(`no crash reports in the last ${opts.window}`);
      out.table(
        ['ID', 'TIME', 'SENT', 'ERROR'],
        rows.map((r) => [r.id, when(r.timeMs), r.sentMs ? 'yes' : 'no', `${r.type ?? 'Error'}: ${r.message ?? ''}`]),
      );
    });
  crashes
    .command('show <id>')
    .description('one crash report in full (a unique id prefix is enough)')
    .action((id: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const c = ctx.read((db) => crashReport(db, uniquePrefix(db, 'crash_reports', id, 'crash report')));
      if (!c) throw new CliError(`no crash report ${id}`);
      const { out } = ctx;
      const fileExists = c.file ? existsSync(c.file) : false;
      if (out.json) return out.printJson({ ...c, time: iso(c.timeMs), sent: iso(c.sentMs), fileExists });
      out.line(out.paint('bold', `${c.type ?? 'Error'}: ${c.message ?? ''}`));
      out.fields([
        ['id', c.id],
        ['time', when(c.timeMs)],
        ['sent', c.sentMs ? when(c.sentMs) : 'not sent'],
        ['file', c.file ? `${c.file}${fileExists ? '' : ' (missing)'}` : ''],
      ]);
      if (c.stack) {
        out.line();
        out.line(c.stack);
      }
      if (c.report && typeof c.report === 'object') {
        out.line();
        out.line(out.paint('bold', 'report'));
        out.line(JSON.stringify(c.report, null, 2));
      }
    });
}
