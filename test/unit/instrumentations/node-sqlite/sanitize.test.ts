import { describe, expect, test } from 'vitest';
import { sanitizeSql } from '../../../../instrumentations/node-sqlite/sanitize.js';
import { summarizeSql } from '../../../../instrumentations/node-sqlite/utils.js';

describe('sanitizeSql', () => {
  test.each([
    ["SELECT * FROM patients WHERE name = 'Jane O''Neil'", 'SELECT * FROM patients WHERE name = ?'],
    ['SELECT * FROM t WHERE id = 42 AND score > -3.5e-2', 'SELECT * FROM t WHERE id = ? AND score > -?'],
    ["INSERT INTO files VALUES (X'DEADBEEF', 0x1F, .5)", 'INSERT INTO files VALUES (?, ?, ?)'],
    ['SELECT "col 1", [weird name], `bt` FROM t2', 'SELECT "col 1", [weird name], `bt` FROM t2'],
    ['SELECT a FROM t WHERE x = ? AND y = ?2 AND z = :z AND w = @w AND v = $v', 'SELECT a FROM t WHERE x = ? AND y = ?2 AND z = :z AND w = @w AND v = $v'],
    ["SELECT 1 -- patient 'Jane'\nFROM t /* mrn 12345 */ WHERE a = 'x'", 'SELECT ? FROM t WHERE a = ?'],
    ['SELECT col1, t2.c3 FROM tab2', 'SELECT col1, t2.c3 FROM tab2'],
    ["SELECT 'unterminated", 'SELECT ?'],
  ])('%s', (sql, want) => {
    expect(sanitizeSql(sql)).toBe(want);
  });
});

describe('sanitizeSql dialects', () => {
  test.each([
    ['postgresql', "SELECT * FROM p WHERE id = $1 AND note = $$Jane's$$ AND x = $t$MRN 42$t$", 'SELECT * FROM p WHERE id = $1 AND note = ? AND x = ?'],
    ['postgresql', "SELECT E'Jane\\'s chart', 'C:\\' FROM p", 'SELECT ?, ? FROM p'],
    ['mysql', "SELECT * FROM p WHERE name = 'O\\'Brien' AND mrn = \"12 34\" # Jane\nAND a = 1", 'SELECT * FROM p WHERE name = ? AND mrn = ? AND a = ?'],
    ['mysql', "INSERT INTO p (`name`) VALUES ('x\\\\'), ('Jane')", 'INSERT INTO p (`name`) VALUES (?), (?)'],
  ] as const)('%s: %s', (dialect, sql, want) => {
    expect(sanitizeSql(sql, dialect)).toBe(want);
  });

  test('a backslash does not end a PostgreSQL standard string', () => {
    expect(sanitizeSql("SELECT 'C:\\', 'Jane'", 'postgresql')).toBe('SELECT ?, ?');
  });
});

describe('summarizeSql', () => {
  test.each([
    ['SELECT * FROM patients WHERE id = ?', 'SELECT', 'patients'],
    ['select p.name from "Patients" p where p.id = 1', 'SELECT', 'Patients'],
    ['SELECT * FROM a JOIN b ON a.id = b.id', 'SELECT', undefined],
    ['SELECT * FROM a, b', 'SELECT', undefined],
    ['SELECT * FROM (SELECT * FROM a)', 'SELECT', undefined],
    ['INSERT OR REPLACE INTO main.visits (a) VALUES (1)', 'INSERT', 'visits'],
    ['UPDATE patients SET name = ? WHERE id = 3', 'UPDATE', 'patients'],
    ['DELETE FROM visits WHERE id = 3', 'DELETE', 'visits'],
    ['CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY)', 'CREATE', 'notes'],
    ['WITH recent AS (SELECT * FROM visits) SELECT count(*) FROM recent', 'SELECT', undefined],
    ['PRAGMA journal_mode = WAL', 'PRAGMA', undefined],
  ])('%s', (sql, op, table) => {
    const s = summarizeSql(sql);
    expect(s.operation).toBe(op);
    expect(s.collection).toBe(table);
    expect(s.statements).toBe(1);
  });

  test('several statements are a batch', () => {
    expect(summarizeSql("INSERT INTO a VALUES (1); INSERT INTO a VALUES ('x');").operation).toBe('BATCH INSERT');
    const mixed = summarizeSql('CREATE TABLE a (x); INSERT INTO a VALUES (1)');
    expect(mixed.operation).toBe('BATCH');
    expect(mixed.statements).toBe(2);
    expect(mixed.text).toBe('CREATE TABLE a (x); INSERT INTO a VALUES (?)');
  });

  test('a trigger body is one statement', () => {
    const s = summarizeSql('CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = n + 1; END');
    expect(s.statements).toBe(1);
    expect(s.operation).toBe('CREATE');
  });
});
