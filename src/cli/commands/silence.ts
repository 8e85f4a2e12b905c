import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { Silences } from '../../alerting/silences.js';
import { contextOf } from '../context.js';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { parseCliMatcher } from '../matchers.js';
import { InvalidArgumentError } from 'commander';
import { duration } from '../options.js';
import { formatDuration } from '../../health/duration.js';
import { MAX_SILENCE_MS, silenceDurationMs } from '../../alerting/silence-time.js';
import { painted } from '../output.js';
import { uniquePrefix } from '../read/errors.js';
import { silences as storedSilences } from '../../store/index.js';
import { formatMatchers, silenceState } from '../read/silences.js';
import type { Silence } from '../../alerting/types.js';
import { iso, when } from '../time.js';

interface AddOptions {
  duration: string;
  comment?: string;
  author?: string;
}

export function registerSilence(program: Command): void {
  const silence = program
    .command('silence')
    .description('mute alerts by label matchers for a while (seen by the running app within ~10 s)');
  silence
    .command('list', { isDefault: true })
    .description('silences that are active or pending (the default)')
    .option('--all', 'include expired silences')
    .action((opts: { all?: boolean }, cmd: Command) => list(contextOf(cmd), opts.all === true));
  silence
    .command('add <matchers...>')
    .description('add a silence: matchers like alertname=ApiErrors, severity=~"error|critical", route!=/health')
    .option('--duration <duration>', `how long it lasts (at most ${formatDuration(MAX_SILENCE_MS)})`, silenceDuration, '2h')
    .option('--comment <text>', 'why (shown to whoever looks at the alert)')
    .option('--author <name>', 'who (default: the current user)')
    .action((matchers: string[], opts: AddOptions, cmd: Command) => add(contextOf(cmd), matchers, opts));
  silence
    .command('expire <id>')
    .description('end a silence now (a unique id prefix is enough)')
    .action((id: string, _opts: unknown, cmd: Command) => expire(contextOf(cmd), id));
}

function view(s: Silence, now = Date.now()) {
  return { ...s, state: silenceState(s, now), startsAt: iso(s.startsAtMs), endsAt: iso(s.endsAtMs) };
}

function list(ctx: Context, all: boolean): void {
  const { silences, skipped } = ctx.read((db) => storedSilences(db, { all }));
  const { out } = ctx;
  // One bad row never hides the others: it is named on stderr, the rest listed.
  for (const s of skipped) process.stderr.write(`vigil: silence ${s.id} skipped: ${s.reason}\n`);
  if (out.json) return out.printJson({ silences: silences.map((s) => view(s)), skipped });
  if (silences.length === 0) return out.line(all ? 'no silences' : 'no active silences');
  out.table(
    ['ID', 'STATE', 'ENDS', 'BY', 'MATCHERS', 'COMMENT'],
    silences.map((s) => [s.id.slice(0, 8), painted(out, silenceState(s)), when(s.endsAtMs), s.createdBy, formatMatchers(s.matchers), s.comment]),
  );
}

function add(ctx: Context, texts: string[], opts: AddOptions): void {
  // Parse before opening anything: a typo is a usage error, not a database one.
  const matchers = texts.map(parseCliMatcher);
  const created = ctx.write((db) => {
    const s = new Silences(() => db, Date.now).create({ matchers, duration: opts.duration, comment: opts.comment ?? '', createdBy: opts.author ?? currentUser() });
    // Silences logs a failed write rather than throwing (it runs inside apps); the CLI must say so.
    const back = db.prepare('SELECT id FROM silences WHERE id = ?').get(s.id);
    if (!back) throw new CliError(`could not write the silence to ${ctx.dbPath}`);
    return s;
  });
  if (ctx.out.json) return ctx.out.printJson(view(created));
  ctx.out.line(`silence ${created.id} until ${when(created.endsAtMs)}: ${formatMatchers(created.matchers)}`);
}

function expire(ctx: Context, prefix: string): void {
  const id = ctx.write((db) => {
    const full = uniquePrefix(db, 'silences', prefix, 'silence');
    if (!new Silences(() => db, Date.now).expire(full)) throw new CliError(`silence ${full} has already ended`);
    return full;
  });
  if (ctx.out.json) return ctx.out.printJson({ id, state: 'expired' });
  ctx.out.line(`silence ${id} expired`);
}

/** The same bound as the API and the config file; a bad one is a usage error (exit 2). */
function silenceDuration(value: string): string {
  duration(value);
  try {
    silenceDurationMs(value);
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}.`);
  }
  return value;
}

function currentUser(): string {
  try {
    return process.env['USER'] || userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}
