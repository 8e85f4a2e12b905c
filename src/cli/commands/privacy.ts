import type { Command } from 'commander';
import { dirname } from 'node:path';
import { readSecret, scanDataDir } from '../../privacy/index.js';
import type { ScanFinding } from '../../privacy/index.js';
import { contextOf } from '../context.js';

export function registerPrivacy(program: Command): void {
  const privacy = program.command('privacy').description('check a data dir for patient data');
  privacy
    .command('scan')
    .description('scan every table, the WAL and the crash files for PHI patterns and for values whose keyed hash is in the database (exit 1 when something is found)')
    .option('--purge', 'rewrite what was found as redaction would have written it, then vacuum the file')
    .action((opts: { purge?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const secret = readSecret(dirname(ctx.dbPath));
      const run = (db: Parameters<Parameters<typeof ctx.read>[0]>[0]) => scanDataDir(db, { dbPath: ctx.dbPath, secret, purge: opts.purge === true });
      const report = opts.purge ? ctx.write(run) : ctx.read(run);
      if (report.findings.length > 0) process.exitCode = 1;
      const { out } = ctx;
      if (out.json) return out.printJson(report);
      const list = (fs: ScanFinding[]) => {
        for (const f of fs) out.line(`  ${f.where}: ${f.kinds.join(', ')}\n    ${f.excerpt}`);
      };
      out.line(
        `scanned ${report.tables} tables (${report.rows} rows), the database and WAL files, ${report.crashFiles} crash files; ` +
          `${report.knownHashes} PHI hashes known${secret ? '' : ' (no redaction.key: patterns only)'}`,
      );
      if (report.findings.length === 0) return out.line('no patient data found');
      out.line(`found patient data in ${report.findings.length} places (shown redacted):`);
      list(report.findings);
      if (!opts.purge) return out.line('run `vigil privacy scan --purge` to rewrite them');
      out.line(`purged ${report.purged} rows and files; the file was vacuumed`);
      if (report.remaining?.length) {
        out.line(`still found after the purge:`);
        list(report.remaining);
      } else out.line('a second scan finds nothing');
    });
}
