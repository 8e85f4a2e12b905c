import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';

// Vigil's own lines go straight to the file descriptor. /dev/full fails
// every write with ENOSPC, as a full disk under stderr does; the output
// module has only type imports, so Node runs its source as is.
const OUTPUT = resolve(import.meta.dirname, '../../../src/sdk/output.ts');

function run(script: string, stderr: 'pipe' | number) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', `import * as o from ${JSON.stringify(OUTPUT)};\n${script}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', stderr],
    timeout: 20_000,
  });
}

describe('Vigil output', () => {
  it('writes a line to stderr, adding the newline once', () => {
    const r = run(`o.writeStderr('vigil: one'); o.writeStderr('vigil: two\\n');`, 'pipe');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('vigil: one\nvigil: two\n');
  });

  it('on a full stderr: every write is swallowed and counted, the process carries on and exits 0', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = run(
        `const log = new o.VigilDiagLogger();
         for (let i = 0; i < 5; i++) { o.writeStderr('vigil: line ' + i); log.warn('warn %d', i); }
         setTimeout(() => console.log(JSON.stringify([...o.outputFailures()])), 20);`,
        full,
      );
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([['ENOSPC', 10]]);
    } finally {
      closeSync(full);
    }
  });
});
