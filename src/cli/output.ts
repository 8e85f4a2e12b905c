/**
 * How the CLI writes: JSON when asked, aligned coloured tables on a
 * terminal, tab-separated plain text in a pipe (so `cut -f` and `grep`
 * work). Colour follows NO_COLOR / FORCE_COLOR (no-color.org).
 */
export interface Output {
  readonly json: boolean;
  readonly tty: boolean;
  readonly color: boolean;
  line(text?: string): void;
  printJson(value: unknown): void;
  table(headers: string[], rows: Array<Array<string | number | null | undefined>>): void;
  /** Key/value block: aligned on a terminal, `key<TAB>value` in a pipe. */
  fields(pairs: Array<[string, string | number | null | undefined]>): void;
  paint(style: Style, text: string): string;
}

export type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan';

const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
};

export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const width = (s: string): number => s.replace(ANSI, '').length;
const cell = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
/** One line per row, whatever a message holds. */
const flat = (s: string): string => s.replace(/[\r\n\t]+/g, ' ');

export function createOutput(opts: { json: boolean; stream?: NodeJS.WriteStream; env?: NodeJS.ProcessEnv }): Output {
  const stream = opts.stream ?? process.stdout;
  const tty = stream.isTTY === true;
  const color = !opts.json && wantsColor(stream, opts.env);
  const write = (s: string): void => void stream.write(s);
  const paint = (style: Style, text: string): string => {
    if (!color) return text;
    const [on, off] = CODES[style];
    return `\x1b[${on}m${text}\x1b[${off}m`;
  };
  return {
    json: opts.json,
    tty,
    color,
    paint,
    line: (text = '') => write(`${text}\n`),
    printJson: (value) => write(`${JSON.stringify(value, null, 2)}\n`),
    table(headers, rows) {
      const body = rows.map((r) => r.map((v) => flat(cell(v))));
      if (!tty) {
        write([headers, ...body].map((r) => r.join('\t')).join('\n') + '\n');
        return;
      }
      const cols = Math.max(process.stdout.columns || 120, 60);
      const widths = headers.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i] ?? ''))));
      // The last column (usually a message) takes what is left of the terminal.
      const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
      const last = widths.length - 1;
      widths[last] = Math.max(10, Math.min(widths[last]!, cols - fixed));
      const fit = (s: string, w: number, i: number): string => {
        const plain = width(s);
        if (i === last && plain > w) return s.replace(ANSI, '').slice(0, w - 1) + '…';
        return i === last ? s : s + ' '.repeat(w - plain);
      };
      write(headers.map((h, i) => paint('bold', fit(h, widths[i]!, i))).join('  ') + '\n');
      for (const r of body) write(r.map((v, i) => fit(v, widths[i]!, i)).join('  ') + '\n');
    },
    fields(pairs) {
      if (!tty) {
        for (const [k, v] of pairs) write(`${k}\t${flat(cell(v))}\n`);
        return;
      }
      const w = Math.max(...pairs.map(([k]) => k.length));
      for (const [k, v] of pairs) write(`${paint('dim', k.padEnd(w))}  ${cell(v)}\n`);
    },
  };
}

/** Colour for a status word: pass/resolved green, warn yellow, fail/firing red. */
export function statusStyle(status: string): Style | undefined {
  switch (status) {
    case 'pass':
    case 'resolved':
    case 'sent':
      return 'green';
    case 'warn':
    case 'warning':
    case 'pending':
    case 'ignored':
      return 'yellow';
    case 'fail':
    case 'firing':
    case 'unresolved':
    case 'error':
    case 'critical':
      return 'red';
    default:
      return undefined;
  }
}

export function painted(out: Output, status: string): string {
  const style = statusStyle(status.toLowerCase());
  return style ? out.paint(style, status) : status;
}
