import { parseDuration } from '../health/duration.js';
import type { Matcher } from './types.js';

export type Fn = 'value' | 'avg' | 'min' | 'max' | 'sum' | 'count' | 'increase' | 'rate' | 'quantile';
export type Op = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A parsed metric rule: `fn(metric{matchers}[window]) by (labels) op threshold for duration`. */
export interface MetricExpr {
  fn: Fn;
  /** 0..1 for `quantile` (p95 → 0.95). */
  q?: number;
  metric: string;
  matchers: Matcher[];
  windowMs?: number;
  by?: string[];
  op: Op;
  threshold: number;
  forMs?: number;
}

const FNS = new Set(['value', 'avg', 'min', 'max', 'sum', 'count', 'increase', 'rate']);
const OPS: Op[] = ['>=', '<=', '==', '!=', '>', '<'];
const NAME = /[A-Za-z_][A-Za-z0-9_.:/]*/y;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/y;
const DURATION = /(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+/y;

export class ExprError extends Error {}

/**
 * Parse a metric rule string. Throws ExprError with the column and what was
 * expected; callers turn it into one problem line.
 */
export function parseExpr(text: string): MetricExpr {
  const p = new Parser(text);
  const out = p.rule();
  p.ws();
  if (p.pos < text.length) p.fail('end of expression');
  return out;
}

/** Parse `name="v"`, `name=~"re"` style matchers, alone (`alertname="X"`) or braced (`{a="1",b!="2"}`). */
export function parseMatchers(text: string): Matcher[] {
  const p = new Parser(text.trim().startsWith('{') ? text : `{${text}}`);
  const out = p.matchers();
  p.ws();
  if (p.pos < p.text.length) p.fail('end of matchers');
  return out;
}

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(expected: string): never {
    const found = this.pos < this.text.length ? `"${this.text.slice(this.pos, this.pos + 12)}"` : 'the end';
    throw new ExprError(`expected ${expected} at column ${this.pos + 1}, found ${found}`);
  }

  ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  peek(s: string): boolean {
    this.ws();
    return this.text.startsWith(s, this.pos);
  }

  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.pos += s.length;
    return true;
  }

  expect(s: string): void {
    if (!this.eat(s)) this.fail(`"${s}"`);
  }

  match(re: RegExp, what: string): string {
    this.ws();
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) this.fail(what);
    this.pos = re.lastIndex;
    return m[0];
  }

  rule(): MetricExpr {
    const start = this.pos;
    const word = this.match(NAME, 'a function (p95, avg, max, value, increase, rate, ...) or a metric name');
    let fn: Fn;
    let q: number | undefined;
    let sel: { metric: string; matchers: Matcher[]; windowMs?: number };
    const pq = /^p(\d{1,2}(?:\.\d+)?)$/.exec(word);
    if (this.peek('(')) {
      if (pq) {
        fn = 'quantile';
        q = Number(pq[1]) / 100;
      } else if (FNS.has(word)) fn = word as Fn;
      else {
        this.pos = start;
        this.fail(`a known function (pNN, ${[...FNS].join(', ')})`);
      }
      this.expect('(');
      sel = this.selector(true);
      this.expect(')');
    } else {
      // A bare selector is `value(...)`.
      this.pos = start;
      fn = 'value';
      sel = this.selector(false);
    }
    let by: string[] | undefined;
    if (this.eat('by')) {
      this.expect('(');
      by = [this.match(NAME, 'a label name')];
      while (this.eat(',')) by.push(this.match(NAME, 'a label name'));
      this.expect(')');
    }
    const op = OPS.find((o) => this.eat(o));
    if (!op) this.fail('a comparison (>, >=, <, <=, ==, !=)');
    const threshold = Number(this.match(NUMBER, 'a number'));
    let forMs: number | undefined;
    if (this.eat('for')) forMs = this.duration();
    if ((fn === 'increase' || fn === 'rate') && sel.windowMs === undefined) sel.windowMs = 5 * 60_000;
    return { fn, ...(q !== undefined ? { q } : {}), ...sel, ...(by ? { by } : {}), op, threshold, ...(forMs !== undefined ? { forMs } : {}) };
  }

  duration(): number {
    const text = this.match(DURATION, 'a duration (30s, 5m, 1h)');
    return parseDuration(text)!;
  }

  selector(allowWindow: boolean): { metric: string; matchers: Matcher[]; windowMs?: number } {
    const metric = this.match(NAME, 'a metric name');
    const matchers = this.peek('{') ? this.matchers() : [];
    let windowMs: number | undefined;
    if (allowWindow && this.eat('[')) {
      windowMs = this.duration();
      this.expect(']');
    }
    return { metric, matchers, ...(windowMs !== undefined ? { windowMs } : {}) };
  }

  matchers(): Matcher[] {
    this.expect('{');
    const out: Matcher[] = [];
    if (this.eat('}')) return out;
    do {
      const name = this.match(NAME, 'a label name');
      const op = ['=~', '!~', '!=', '='].find((o) => this.eat(o));
      if (!op) this.fail('a label operator (=, !=, =~, !~)');
      const value = this.string();
      const isRegex = op.endsWith('~');
      if (isRegex) {
        try {
          new RegExp(value);
        } catch {
          this.fail(`a valid regular expression for ${name}`);
        }
      }
      out.push({ name, value, isRegex, isEqual: op.startsWith('=') });
    } while (this.eat(','));
    this.expect('}');
    return out;
  }

  string(): string {
    this.ws();
    const quote = this.text[this.pos];
    if (quote !== '"' && quote !== "'") this.fail('a quoted string');
    let out = '';
    for (let i = this.pos + 1; i < this.text.length; i++) {
      const c = this.text[i]!;
      if (c === '\\' && i + 1 < this.text.length) out += this.text[++i];
      else if (c === quote) {
        this.pos = i + 1;
        return out;
      } else out += c;
    }
    this.pos = this.text.length;
    return this.fail(`a closing ${quote}`);
  }
}
