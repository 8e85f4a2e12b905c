import type { Command } from 'commander';
import { Option } from 'commander';
import { setGroupStatus } from '../../errors/writer.js';
import type { GroupStatus } from '../../errors/types.js';
import { contextOf } from '../context.js';
import type { Context } from '../context.js';
import { duration, durationMs, positiveInt } from '../options.js';
import { painted } from '../output.js';
import { errorGroups } from '../../store/index.js';
import { findFingerprint, showGroup, STATUS_FILTERS } from '../read/errors.js';
import type { StatusFilter } from '../read/errors.js';
import { ago, iso, when } from '../time.js';
import { printGroup } from './errors-show.js';

interface ListOptions {
  status: StatusFilter;
  limit: number;
  window: string;
}

export function registerErrors(program: Command): void {
  const errors = program.command('errors').description('error groups: list, show, resolve, ignore');
  errors
    .command('list', { isDefault: true })
    .description('list error groups, most recently seen first (the default)')
    .addOption(new Option('--status <status>', 'which groups').choices(STATUS_FILTERS).default('unresolved'))
    .option('--limit <n>', 'at most this many groups', positiveInt, 50)
    .option('--window <duration>', 'count events in this window', duration, '24h')
    .action((opts: ListOptions, cmd: Command) => list(contextOf(cmd), opts));
  errors
    .command('show <fingerprint>')
    .description('one group with its latest event: message, stack, breadcrumbs, redacted context')
    .action((fp: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const detail = ctx.read((db) => showGroup(db, findFingerprint(db, fp)));
      printGroup(ctx.out, detail);
    });
  for (const [name, status, verb] of [
    ['resolve', 'resolved', 'mark a group resolved (a new event reopens it as a regression)'],
    ['ignore', 'ignored', 'ignore a group (still counted, never alerted)'],
    ['reopen', 'unresolved', 'mark a resolved or ignored group unresolved again'],
  ] as const) {
    errors
      .command(`${name} <fingerprint>`)
      .description(verb)
      .action((fp: string, _opts: unknown, cmd: Command) => setStatus(contextOf(cmd), fp, status));
  }
}

function list(ctx: Context, opts: ListOptions): void {
  const now = Date.now();
  const groups = ctx.read((db) => errorGroups(db, { status: opts.status, limit: opts.limit, sinceMs: now - durationMs(opts.window) }));
  const { out } = ctx;
  if (out.json) {
    out.printJson({
      status: opts.status,
      window: opts.window,
      groups: groups.map((g) => ({ ...g, firstSeen: iso(g.firstSeenMs), lastSeen: iso(g.lastSeenMs) })),
    });
    return;
  }
  if (groups.length === 0) {
    out.line(`no ${opts.status === 'all' ? '' : `${opts.status} `}error groups`);
    return;
  }
  out.table(
    ['FINGERPRINT', 'STATUS', 'COUNT', opts.window.toUpperCase(), 'USERS', 'LAST SEEN', 'ERROR'],
    groups.map((g) => [
      out.tty ? g.fingerprint.slice(0, 12) : g.fingerprint,
      painted(out, g.status),
      g.count,
      g.recent,
      g.users,
      out.tty ? ago(g.lastSeenMs, now) : when(g.lastSeenMs),
      `${g.type}: ${g.message}${g.culprit ? ` (${g.culprit})` : ''}`,
    ]),
  );
}

function setStatus(ctx: Context, prefix: string, status: GroupStatus): void {
  const fp = ctx.write((db) => {
    const full = findFingerprint(db, prefix);
    setGroupStatus(db, full, status, Date.now());
    return full;
  });
  if (ctx.out.json) ctx.out.printJson({ fingerprint: fp, status });
  else ctx.out.line(`${fp}: ${status}`);
}
