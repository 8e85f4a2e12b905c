// A single pass over the SQL text: literals become `?`, comments go, and
// everything that is structure (keywords, identifiers, quoted identifiers,
// parameter markers) is copied as written. No regex backtracking on user SQL.

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

/** Index just past a quoted run starting at `start`; a doubled quote is an escaped one. */
function skipQuoted(sql: string, start: number, quote: number): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql.charCodeAt(i) === quote) {
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
export function sanitizeSql(sql: string): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);
    if (c === QUOTE) {
      i = skipQuoted(sql, i, QUOTE);
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
    } else if (c === DASH && next === DASH) {
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
