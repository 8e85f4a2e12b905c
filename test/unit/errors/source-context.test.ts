import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorTracker } from '../../../src/errors/index.js';
import { SourceCache } from '../../../src/errors/source-context.js';
import { events, tempDb } from './helpers.js';
import type { TempDb } from './helpers.js';

const THROWER = [
  '// line 1',
  'export function prescribe(dose) {',
  '  const max = 40;',
  '  if (dose > max) {',
  "    throw new Error('dose ' + dose + ' exceeds ' + max);",
  '  }',
  '  return dose;',
  '}',
  '// line 9',
].join('\n');

describe('context lines of source', () => {
  let t: TempDb;
  beforeEach(() => {
    t = tempDb();
  });
  afterEach(() => t.close());

  async function throwFrom(dir: string): Promise<unknown> {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'prescribe.mjs');
    writeFileSync(file, THROWER);
    const mod = (await import(pathToFileURL(file).href)) as { prescribe(d: number): number };
    try {
      mod.prescribe(500);
    } catch (err) {
      return err;
    }
    throw new Error('did not throw');
  }

  it('stores ±3 lines around the top in-app frame, read from the real file', async () => {
    const app = join(t.dir, 'app');
    const err = await throwFrom(app);
    const tr = createErrorTracker({ db: () => t.db, cwd: app });
    tr.captureException(err);
    await tr.flush();
    const stack = JSON.parse(events(t.db)[0].stack);
    const top = stack.frames[0];
    // Under vitest's module runner the frame reads `Module.prescribe`.
    expect(top.function).toMatch(/prescribe$/);
    expect(top).toMatchObject({ line: 5, inApp: true });
    expect(top.contextLine).toBe("    throw new Error('dose ' + dose + ' exceeds ' + max);");
    expect(top.preContext).toEqual(['export function prescribe(dose) {', '  const max = 40;', '  if (dose > max) {']);
    expect(top.postContext).toEqual(['  }', '  return dose;', '}']);
  });

  it('does not read files outside the application directory', async () => {
    const err = await throwFrom(join(t.dir, 'elsewhere'));
    const tr = createErrorTracker({ db: () => t.db, cwd: join(t.dir, 'app') });
    tr.captureException(err);
    await tr.flush();
    const top = JSON.parse(events(t.db)[0].stack).frames[0];
    expect(top.function).toMatch(/prescribe$/);
    expect(top.contextLine).toBeUndefined();
  });
});

describe('SourceCache', () => {
  let t: TempDb;
  beforeEach(() => {
    t = tempDb();
  });
  afterEach(() => t.close());

  it('is a bounded LRU and skips huge files', () => {
    const cache = new SourceCache({ root: t.dir, maxFiles: 2, maxFileBytes: 1000 });
    const paths = ['a', 'b', 'c'].map((n) => {
      const p = join(t.dir, `${n}.js`);
      writeFileSync(p, `// ${n}\n`);
      return p;
    });
    const huge = join(t.dir, 'bundle.js');
    writeFileSync(huge, 'x'.repeat(5000));
    expect(cache.lines(paths[0])).toEqual(['// a', '']);
    cache.lines(paths[1]);
    cache.lines(paths[0]); // a is now the most recent
    cache.lines(paths[2]); // evicts b
    expect(cache.size).toBe(2);
    writeFileSync(paths[0], '// changed\n');
    expect(cache.lines(paths[0])).toEqual(['// a', '']); // served from the cache
    writeFileSync(paths[1], '// b2\n');
    expect(cache.lines(paths[1])).toEqual(['// b2', '']); // was evicted, read again
    expect(cache.lines(huge)).toBeNull();
  });
});
