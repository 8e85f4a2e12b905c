// Regression (issue 10, defect 3): one throw site reached through several call
// paths was several error groups, because V8 names its frame after the caller
// (`Timeout.boom [as _onTimeout]`, `EventEmitter.boom`) and the callers were
// part of the fingerprint. A real child started with `node --import`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startApp, tempDir } from '../helpers/child.js';
import { query } from '../fixtures/e2e/lib.js';

describe('error grouping across call paths', () => {
  it('one throw site reached directly, by a timer, a promise chain, an emitter and a rejection is one group', async () => {
    const dataDir = tempDir('vigil-paths-');
    const app = startApp(join(import.meta.dirname, '../fixtures/errors/paths.mjs'), { VIGIL_DATA_DIR: dataDir });
    await app.waitFor(/DONE/);
    app.kill('SIGTERM');
    await app.exited;

    const events = query<{ fingerprint: string; message: string }>(dataDir, "SELECT fingerprint, message FROM error_events WHERE message LIKE 'ward % monitor failed'");
    expect(events.map((e) => e.message).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `ward ${n} monitor failed`));
    const groups = query<{ count: number; culprit: string }>(dataDir, "SELECT count, culprit FROM errors WHERE message LIKE 'ward % monitor failed'");
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ count: 5, culprit: expect.stringMatching(/^boom \(.*paths\.mjs\)$/) });
  });
});
