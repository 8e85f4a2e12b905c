import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NODE, ROOT, tempDir } from '../helpers/child.js';

// The application's own `--import` preload (e.g. @vigil/otel/register) must not
// load again inside the dashboard read thread: it costs the thread ≈ 1.5 MB and its start.
describe('dashboard read thread', () => {
  it('does not run the process preload inside the thread', () => {
    const dir = tempDir();
    const log = join(dir, 'loaded.txt');
    const preload = join(dir, 'preload.mjs');
    writeFileSync(preload, `import { appendFileSync } from 'node:fs'; import { threadId } from 'node:worker_threads'; appendFileSync(${JSON.stringify(log)}, threadId + '\\n');`);
    const reader = pathToFileURL(join(ROOT, 'dist/src/dashboard/reader.js')).href;
    const script = `import { threadReader } from ${JSON.stringify(reader)};
      const r = threadReader(${JSON.stringify(join(dir, 'vigil.db'))});
      await r.read('errors', { window: '1h' }).then(() => console.log('READ'), (e) => console.log('READ', e.message));
      process.exit(0);`;
    const res = spawnSync(NODE, ['--import', preload, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(res.stdout).toContain('READ');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['0']);
  });
});
