import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeSupported } from '../../src/node-version.js';
import { ROOT, REGISTER, tempDir } from '../helpers/child.js';

// The system Node (20 on the CI machine) or VIGIL_OLD_NODE: a Node older than `engines`.
const candidate = process.env.VIGIL_OLD_NODE ?? '/usr/bin/node';
const oldVersion = existsSync(candidate) ? execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim() : undefined;
const haveOld = oldVersion !== undefined && !nodeSupported(oldVersion);
if (!haveOld) console.warn(`old-node tests skipped: ${candidate} is ${oldVersion ?? 'missing'}, not older than engines`);

function run(args: string[]) {
  const dataDir = tempDir();
  const r = spawnSync(candidate, args, { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0' }, timeout: 30_000 });
  return { ...r, dataDir };
}

describe.runIf(haveOld)(`on Node ${oldVersion}, older than engines`, () => {
  const app = resolve(ROOT, 'test/fixtures/old-node/app.mjs');

  it('the preload prints one line and the application runs untouched', () => {
    const r = run(['--import', REGISTER, app]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('answer 42\n');
    const lines = r.stderr.trim().split('\n');
    // One line from the preload, one from the app's own start(): both name the Node and the requirement.
    expect(lines.every((l) => /^vigil: Node\.js v20[\d.]+ is older than 22\.15\.0/.test(l))).toBe(true);
    expect(lines[0]).toMatch(/the application runs without monitoring$/);
    expect(existsSync(resolve(r.dataDir, 'monitoring.db'))).toBe(false);
  });

  it('the API imports and runs as a no-op without the preload', () => {
    const r = run([app]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('answer 42\n');
    expect(r.stderr).toMatch(/^vigil: Node\.js v[\d.]+ is older than 22\.15\.0 .*Vigil stays off\n$/);
  });

  it('the vigil command says which Node it needs, exit 1', () => {
    const r = run([resolve(ROOT, 'dist/src/cli/main.js'), 'report']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^vigil: Node\.js v[\d.]+ is older than 22\.15\.0 \(engines: >=22\.15\); the vigil command needs it\n$/);
  });
});
