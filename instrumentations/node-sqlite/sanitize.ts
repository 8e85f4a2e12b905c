// A single pass over the SQL text: literals become `?`, comments go, and
// everything that is structure (keywords, identifiers, quoted identifiers,
// parameter markers) is copied as written. No regex backtracking on user SQL.
// One sanitizer for every SQL client Vigil traces; the dialect only changes
// what counts as a string literal.

/**
 * - `sqlite`: '…' strings (doubled quote escapes), X'…' blobs.
 * - `postgresql`: also $tag$…$tag$ dollar-quoted strings and E'…' strings with backslash escapes.
 * - `mysql`: backslash escapes inside '…', and "…" is a string too (unless ANSI_QUOTES,
 *   where replacing an identifier is only a loss of detail, never a leak).
 */
export type SqlDialect = 'sqlite' | 'postgresql' | 'mysql';

const QUOTE = 39; // '
const DQUOTE = 34; // "
const BACKTICK = 96; // `
const LBRACKET = 91; // [
const DASH = 45;
const SLASH = 47;
const STAR = 42;
const DOT = 46;
const QMARK = 63;
const NEWLINE = 10;
const BACKSLASH = 92;
const DOLLAR = 36;
const HASH = 35;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Letters, digits, `_`, `$` and anything non-ASCII (SQLite accepts it in identifiers). */
function isIdentChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 95 || c === 36 || c > 127;
}

/** Index just past a quoted run starting at `start`; a doubled quote is an escaped one, and with `backslash` so is `\'`. */
function skipQuoted(sql: string, start: number, quote: number, backslash = false): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql.charCodeAt(i);
    if (backslash && c === BACKSLASH) i += 2;
    else if (c === quote) {
      if (sql.charCodeAt(i + 1) === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** Index just past a numeric literal: 0x hex, or digits with an optional fraction and exponent. */
function skipNumber(sql: string, start: number): number {
  let i = start;
  if (sql.charCodeAt(i) === 48 && (sql.charCodeAt(i + 1) | 32) === 120 && isHex(sql.charCodeAt(i + 2))) {
    i += 2;
    while (isHex(sql.charCodeAt(i))) i++;
    return i;
  }
  while (isDigit(sql.charCodeAt(i)) || sql.charCodeAt(i) === DOT || sql.charCodeAt(i) === 95) i++;
  if ((sql.charCodeAt(i) | 32) === 101) {
    let j = i + 1;
    const sign = sql.charCodeAt(j);
    if (sign === 43 || sign === DASH) j++;
    if (isDigit(sql.charCodeAt(j))) {
      i = j;
      while (isDigit(sql.charCodeAt(i))) i++;
    }
  }
  return i;
}

/**
 * The query with string, numeric and blob literals replaced by `?` and
 * comments removed. Parameter markers (`?`, `?1`, `:name`, `@name`, `$name`)
 * and identifiers are kept: they say what the query does, not what it holds.
 */
export function sanitizeSql(sql: string, dialect: SqlDialect = 'sqlite'): string {
  const mysql = dialect === 'mysql';
  const pg = dialect === 'postgresql';
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);
    if (c === QUOTE || (mysql && c === DQUOTE)) {
      i = skipQuoted(sql, i, c, mysql);
      out += '?';
    } else if (pg && (c | 32) === 101 && next === QUOTE) {
      // E'…': PostgreSQL's escape string, the one place it honours backslashes.
      i = skipQuoted(sql, i + 1, QUOTE, true);
      out += '?';
    } else if (pg && c === DOLLAR && dollarTagEnd(sql, i) !== -1) {
      const tagEnd = dollarTagEnd(sql, i);
      const close = sql.indexOf(sql.slice(i, tagEnd), tagEnd);
      i = close === -1 ? n : close + (tagEnd - i);
      out += '?';
    } else if ((c | 32) === 120 && next === QUOTE) {
      // X'0A0B': a blob literal (an identifier ending in x was consumed whole below).
      i = skipQuoted(sql, i + 1, QUOTE);
      out += '?';
    } else if (c === DQUOTE || c === BACKTICK) {
      const end = skipQuoted(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === LBRACKET) {
      const close = sql.indexOf(']', i);
      const end = close === -1 ? n : close + 1;
      out += sql.slice(i, end);
      i = end;
    } else if ((c === DASH && next === DASH) || (mysql && c === HASH)) {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      out += ' ';
    } else if (c === SLASH && next === STAR) {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
      out += ' ';
    } else if (isDigit(c) || (c === DOT && isDigit(next))) {
      i = skipNumber(sql, i);
      out += '?';
    } else if (c === QMARK) {
      let j = i + 1;
      while (isDigit(sql.charCodeAt(j))) j++;
      out += sql.slice(i, j);
      i = j;
    } else if (isIdentChar(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(sql.charCodeAt(j))) j++;
      out += sql.slice(i, j);
      i = j;
    } else {
      out += sql[i];
      i++;
    }
  }
  return collapseSpace(out);
}

/** `$$` or `$tag$` at `i`: the index past its closing `$`, else -1 (`$1` is a parameter, not a quote). */
function dollarTagEnd(sql: string, i: number): number {
  let j = i + 1;
  const first = sql.charCodeAt(j);
  if (first !== DOLLAR && (isDigit(first) || !isIdentChar(first))) return -1;
  while (j < sql.length && sql.charCodeAt(j) !== DOLLAR) {
    const c = sql.charCodeAt(j);
    if (!isIdentChar(c) || c === DOLLAR) return -1;
    j++;
  }
  return j < sql.length ? j + 1 : -1;
}

function collapseSpace(s: string): string {
  let out = '';
  let space = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === NEWLINE || c === 9 || c === 13) space = out.length > 0;
    else {
      if (space) out += ' ';
      space = false;
      out += s[i];
    }
  }
  return out;
}
