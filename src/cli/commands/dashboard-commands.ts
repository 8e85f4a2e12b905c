import type { Command } from 'commander';
import { Option } from 'commander';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSummary, exportJson, renderTextReport, serveDashboard, WINDOWS } from '../../dashboard/index.js';
import type { WindowName } from '../../dashboard/index.js';
import { contextOf } from '../context.js';
import { openForRead } from '../db.js';
import { CliError } from '../errors.js';
import { port, positiveInt } from '../options.js';
import { createProgress } from '../progress.js';

const WINDOW_NAMES = Object.keys(WINDOWS) as WindowName[];
const windowOption = () => new Option('--window <window>', 'time window').choices(WINDOW_NAMES).default('24h');

/** report, export and dashboard: the CLI faces of src/dashboard. */
export function registerDashboardCommands(program: Command): void {
  program
    .command('report')
    .description('plain-text report for a window: health, requests, services side by side, slow operations, errors, alerts, crashes, jobs, LLM usage')
    .addOption(windowOption())
    .option('--limit <n>', 'rows per table', positiveInt, 10)
    .action((opts: { window: WindowName; limit: number }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const summary = ctx.read((db) => buildSummary(db, { window: opts.window }));
      if (ctx.out.json) return ctx.out.printJson(summary);
      process.stdout.write(renderTextReport(summary, { color: ctx.out.color, limit: opts.limit }).replace(/\n?$/, '\n'));
    });

  program
    .command('export')
    .description('write the summary and every error group as one JSON file (for support or archiving)')
    .requiredOption('--out <file>', 'where to write it (- for stdout)')
    .addOption(windowOption())
    .action((opts: { out: string; window: WindowName }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const doc = ctx.read((db) => exportJson(db, { window: opts.window }));
      const text = JSON.stringify(doc, null, 2) + '\n';
      if (opts.out === '-') return void process.stdout.write(text);
      const file = resolve(opts.out);
      const bytes = writeWithProgress(file, text);
      if (ctx.out.json) return ctx.out.printJson({ out: file, bytes, window: opts.window, errorGroups: doc.errorGroups.length });
      ctx.out.line(`wrote ${file} (${bytes} bytes, window ${opts.window}, ${doc.errorGroups.length} error groups)`);
    });

  program
    .command('dashboard')
    .description('serve the web dashboard from a database file alone, read-only (offline review of a copy)')
    .option('--port <port>', 'port to listen on (0: any free port)', port, 9465)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--token <token>', 'require this token (default: $VIGIL_DASHBOARD_TOKEN)')
    .action(async (opts: { port: number; host: string; token?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      // Explain a missing or corrupt file in one line before starting a server on it.
      openForRead(ctx.dbPath).close();
      const token = opts.token ?? process.env['VIGIL_DASHBOARD_TOKEN'] ?? undefined;
      let server;
      try {
        server = await serveDashboard({ dbPath: ctx.dbPath, host: opts.host, port: opts.port, ...(token ? { token } : {}) });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CliError(`port ${opts.port} on ${opts.host} is in use (choose another with --port, or --port 0)`);
        throw new CliError(`cannot serve the dashboard: ${(err as Error).message}`);
      }
      if (ctx.out.json) ctx.out.printJson({ url: server.url, port: server.port, db: ctx.dbPath });
      else ctx.out.line(`Vigil dashboard for ${ctx.dbPath}: ${server.url}${token ? ' (token required)' : ''}  (Ctrl-C to stop)`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/** Temp file then rename, so an interrupted export never leaves half a JSON file; a bar for large ones. */
function writeWithProgress(file: string, text: string): number {
  const data = Buffer.from(text);
  const tmp = `${file}.tmp-${process.pid}`;
  const bar = createProgress('export');
  const CHUNK = 1 << 20;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', 0o600);
    for (let at = 0; at < data.length; at += CHUNK) {
      writeSync(fd, data, at, Math.min(CHUNK, data.length - at));
      bar.update(Math.min(at + CHUNK, data.length), data.length);
    }
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new CliError(`cannot write ${file} (${(err as Error).message})`);
  }
  bar.done();
  return data.length;
}
