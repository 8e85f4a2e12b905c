// Regression (issue 11, item 6): `vigil silence add --duration 99999999999h`
// and `endsAt: 1e300` through the API were accepted, and one such row made
// every silence unreadable at the next start (node:sqlite refuses an integer
// past 2^53), so valid silences vanished.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { tempDir } from '../helpers/child.js';
import { vigil } from '../fixtures/cli/run.js';
import { startFixture, stop } from '../fixtures/e2e/lib.js';

const HOUR = 3_600_000;
const MATCHERS = JSON.stringify([{ name: 'alertname', value: 'ApiErrors', isRegex: false, isEqual: true }]);

/** A data dir whose silences table holds one good silence and two rows an older Vigil let in. */
function poisonedDataDir(): string {
  const dir = tempDir('vigil-silences-');
  const store = openStore({ dataDir: dir })!;
  const ins = store.db.prepare('INSERT INTO silences (id, matchers, starts_ms, ends_ms, created_by, comment, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const now = Date.now();
  ins.run('good-one', MATCHERS, now - HOUR, now + HOUR, 'oncall', 'valid', now - HOUR);
  // What `--duration 99999999999h` stored: an integer past 2^53.
  store.db.exec(`INSERT INTO silences VALUES ('huge-int', '${MATCHERS}', ${now}, 360000000000000000, 'cli', '', ${now})`);
  ins.run('huge-real', MATCHERS, now, 1e300, 'api', '', now);
  store.close();
  return dir;
}

describe('silence times are validated, and one bad row never hides the others', () => {
  it('the CLI refuses an oversized duration as a usage error, in one line', async () => {
    const dir = tempDir();
    openStore({ dataDir: dir })!.close();
    const r = await vigil(['silence', 'add', 'alertname=ApiErrors', '--duration', '99999999999h', '--db', join(dir, 'monitoring.db')]);
    expect(r.code).toBe(2);
    // The reason in one line (commander adds its usual hint below it).
    expect(r.stderr.split('\n')[0]).toMatch(/--duration.*longer than the 3650d a silence may last/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('the CLI lists the good silence beside bad rows and names each bad one', async () => {
    const dir = poisonedDataDir();
    const r = await vigil(['silence', 'list', '--json', '--db', join(dir, 'monitoring.db')]);
    expect(r.code).toBe(0);
    const body = r.json<{ silences: Array<{ id: string }>; skipped: Array<{ id: string }> }>();
    expect(body.silences.map((s) => s.id)).toEqual(['good-one']);
    expect(body.skipped.map((s) => s.id).sort()).toEqual(['huge-int', 'huge-real']);
  });

  it('the running app: keeps the good silence at start, refuses endsAt 1e300 and a config silence of 99999999999h', async () => {
    const dataDir = poisonedDataDir();
    const config = join(tempDir(), 'vigil.config.yaml');
    writeFileSync(config, ['silences:', '  - matchers: [\'alertname="X"\']', '    duration: 99999999999h', ''].join('\n'));
    const app = await startFixture('health-app.mjs', { VIGIL_DATA_DIR: dataDir, VIGIL_CONFIG: config });
    try {
      expect(app.child.stderr()).toMatch(/vigil\.config\.yaml:2: duration "99999999999h" is longer than the 3650d a silence may last; silence ignored/);
      const list = (await (await fetch(`${app.vigil}/api/silences`)).json()) as Array<{ id: string }>;
      expect(list.map((s) => s.id)).toEqual(['good-one']);
      const post = await fetch(`${app.vigil}/api/silences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ matchers: ['alertname="ApiErrors"'], endsAt: 1e300 }),
      });
      expect(post.status).toBe(400);
      expect(((await post.json()) as { error: string }).error).toMatch(/endsAt 1e\+300 is not a time/);
      const long = await fetch(`${app.vigil}/api/silences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ matchers: ['alertname="ApiErrors"'], duration: '99999999999h' }),
      });
      expect(long.status).toBe(400);
    } finally {
      await stop(app);
    }
    const db = new DatabaseSync(join(dataDir, 'monitoring.db'), { readOnly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM silences').get() as { n: number }).n).toBe(3);
    db.close();
  });
});
