import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupCheck, globToRegExp } from '../../../../src/health/checks/backup.js';
import { runCheck } from '../../../../src/health/run.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vigil-health-backup-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, hoursAgo: number): void {
  const path = join(dir, name);
  writeFileSync(path, 'x');
  const t = new Date(Date.now() - hoursAgo * 3_600_000);
  utimesSync(path, t, t);
}

describe('backupCheck', () => {
  it('passes when the newest matching file is younger than the maximum age', async () => {
    file('emr-2024-01-01.db', 72);
    file('emr-2024-01-03.db', 2);
    const r = await runCheck(backupCheck({ dir, pattern: '*.db', maxAgeHours: 26 }));
    expect(r.result).toMatchObject({ status: 'pass', observedUnit: 'h', details: { file: 'emr-2024-01-03.db' } });
    expect(r.result.observedValue).toBeCloseTo(2, 0);
  });

  it('fails when only old files match, ignoring fresh files that do not match', async () => {
    file('emr-2024-01-01.db', 72);
    file('notes.txt', 0);
    const r = await runCheck(backupCheck({ dir, pattern: '*.db', maxAgeHours: 26 }));
    expect(r.result.status).toBe('fail');
    expect(r.result.output).toMatch(/emr-2024-01-01\.db is 72 h old \(max 26 h\)/);
  });

  it('fails when nothing matches or the folder is missing', async () => {
    file('notes.txt', 0);
    expect((await runCheck(backupCheck({ dir, pattern: '*.db' }))).result).toMatchObject({ status: 'fail', output: `no file matching *.db in ${dir}` });
    expect((await runCheck(backupCheck({ dir: join(dir, 'nope') }))).result.output).toMatch(/ENOENT/);
  });

  it('matches * and ? and nothing else as wildcards', () => {
    expect(globToRegExp('emr-????.db').test('emr-2024.db')).toBe(true);
    expect(globToRegExp('*.db').test('backup.db.tmp')).toBe(false);
    expect(globToRegExp('a+b.(db)').test('a+b.(db)')).toBe(true);
  });
});
