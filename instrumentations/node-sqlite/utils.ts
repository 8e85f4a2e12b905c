import type { SqlSummary } from './types.js';
import { sanitizeSql } from './sanitize.js';
import type { SqlDialect } from './sanitize.js';

// db.query.text can be long (migrations); keep what a reader needs.
const MAX_TEXT = 4096;
// Distinct SQL strings are few in a real application; a runaway generator of
// SQL text must not grow this without bound.
const MAX_CACHED = 500;

const caches: Record<SqlDialect, Map<string, SqlSummary>> = { sqlite: new Map(), postgresql: new Map(), mysql: new Map() };

/** The sanitized text, operation and table of a SQL string, computed once per distinct string. */
export function summarizeSql(sql: string, dialect: SqlDialect = 'sqlite'): SqlSummary {
  const cache = caches[dialect];
  let s = cache.get(sql);
  if (s === undefined) {
    s = summarize(sql, dialect);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(sql, s);
  }
  return s;
}

function summarize(sql: string, dialect: SqlDialect): SqlSummary {
  const text = sanitizeSql(sql, dialect);
  const parts = splitStatements(text);
  const ops = parts.map(operationOf);
  if (parts.length > 1) {
    const first = ops[0];
    const same = first !== undefined && ops.every((o) => o === first);
    return { text: truncate(text), operation: same ? `BATCH ${first}` : 'BATCH', collection: undefined, statements: parts.length };
  }
  const operation = ops[0];
  return { text: truncate(text), operation, collection: parts[0] ? collectionOf(parts[0], operation) : undefined, statements: parts.length };
}

function truncate(text: string): string {
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

/** Top-level statements of sanitized SQL (no string literals left, so `;` is structure; triggers' BEGIN…END kept whole). */
function splitStatements(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  const words = /\b(BEGIN|END|CASE)\b|;/gi;
  let caseDepth = 0;
  let trigger = /^\s*CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(text);
  for (let m = words.exec(text); m !== null; m = words.exec(text)) {
    const w = m[0].toUpperCase();
    if (w === 'CASE') caseDepth++;
    else if (w === 'END' && caseDepth > 0) caseDepth--;
    else if (w === 'BEGIN' && trigger) depth++;
    else if (w === 'END' && depth > 0) depth--;
    else if (w === ';' && depth === 0) {
      const part = text.slice(start, m.index).trim();
      if (part) out.push(part);
      start = m.index + 1;
      trigger = /^\s*CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(text.slice(start));
    }
  }
  const tail = text.slice(start).trim();
  if (tail) out.push(tail);
  return out;
}

const FIRST_WORD = /^\s*\(*\s*([A-Za-z]+)/;

function operationOf(statement: string): string | undefined {
  const m = FIRST_WORD.exec(statement);
  if (!m) return undefined;
  const word = m[1].toUpperCase();
  if (word !== 'WITH') return word;
  // WITH … AS (…) SELECT: the operation is the first verb outside the CTE parentheses.
  let depth = 0;
  const tokens = /[()]|\b(SELECT|INSERT|UPDATE|DELETE|REPLACE)\b/gi;
  for (let t = tokens.exec(statement); t !== null; t = tokens.exec(statement)) {
    if (t[0] === '(') depth++;
    else if (t[0] === ')') depth--;
    else if (depth === 0) return t[0].toUpperCase();
  }
  return 'WITH';
}

const IDENT = String.raw`("(?:[^"]|"")+"|\[[^\]]+\]|` + '`[^`]+`' + String.raw`|[A-Za-z_][\w$]*)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;
const TARGETS: Record<string, RegExp> = {
  INSERT: new RegExp(String.raw`^INSERT\s+(?:OR\s+\w+\s+)?INTO\s+${QUALIFIED}`, 'i'),
  REPLACE: new RegExp(String.raw`^REPLACE\s+INTO\s+${QUALIFIED}`, 'i'),
  UPDATE: new RegExp(String.raw`^UPDATE\s+(?:OR\s+\w+\s+)?${QUALIFIED}`, 'i'),
  DELETE: new RegExp(String.raw`^DELETE\s+FROM\s+${QUALIFIED}`, 'i'),
  CREATE: new RegExp(String.raw`^CREATE\s+(?:TEMP\s+|TEMPORARY\s+|VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${QUALIFIED}`, 'i'),
  DROP: new RegExp(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?${QUALIFIED}`, 'i'),
};
// SELECT … FROM one table, optionally aliased, and nothing joined to it.
const SELECT_FROM = new RegExp(
  String.raw`\bFROM\s+${QUALIFIED}(?:\s+(?:AS\s+)?(?!WHERE|GROUP|ORDER|LIMIT|HAVING|WINDOW|UNION|EXCEPT|INTERSECT|JOIN|LEFT|INNER|CROSS|NATURAL|FULL|RIGHT)[A-Za-z_]\w*)?\s*(?=$|\)|WHERE\b|GROUP\b|ORDER\b|LIMIT\b|HAVING\b|WINDOW\b|UNION\b|EXCEPT\b|INTERSECT\b)`,
  'i',
);

function collectionOf(statement: string, operation: string | undefined): string | undefined {
  if (operation === undefined) return undefined;
  let m: RegExpExecArray | null = null;
  if (operation === 'SELECT') {
    // Subqueries and CTEs make "the" table ambiguous: name none.
    if (/^\s*WITH\b/i.test(statement) || (statement.match(/\bFROM\b/gi)?.length ?? 0) !== 1) return undefined;
    m = SELECT_FROM.exec(statement);
  } else {
    const re = TARGETS[operation];
    if (re) m = re.exec(statement.trimStart());
  }
  if (!m) return undefined;
  return unquote(m[2] ?? m[1]);
}

function unquote(ident: string): string {
  const c = ident[0];
  if (c === '"') return ident.slice(1, -1).replaceAll('""', '"');
  if (c === '[' || c === '`') return ident.slice(1, -1);
  return ident;
}

/** The database file's base name, the SQLite equivalent of a database name; undefined in memory. */
export function namespaceOf(location: string | null | undefined): string | undefined {
  if (!location) return undefined;
  const slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\'));
  return slash === -1 ? location : location.slice(slash + 1);
}
