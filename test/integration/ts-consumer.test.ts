import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { NODE, ROOT, tempDir } from '../helpers/child.js';

// The packed tarball, installed into a project that has @types/node and
// nothing else of types: no @types/express, no skipLibCheck.
const COMPILERS = {
  'TypeScript 6': resolve(ROOT, 'node_modules/typescript/bin/tsc'),
  'TypeScript 7': resolve(ROOT, 'node_modules/typescript7/bin/tsc'),
};

let project: string;

beforeAll(() => {
  project = tempDir('vigil-ts-consumer-');
  const packDir = tempDir('vigil-pack-');
  const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, '@types'), { recursive: true });
  mkdirSync(join(modules, '@vigil'), { recursive: true });
  // Vigil's runtime dependencies as an install would give them; of @types only node.
  for (const name of readdirSync(resolve(ROOT, 'node_modules'))) {
    if (name === '@types' || name === '@vigil' || name.startsWith('.')) continue;
    symlinkSync(resolve(ROOT, 'node_modules', name), join(modules, name));
  }
  for (const name of ['node']) symlinkSync(resolve(ROOT, 'node_modules/@types', name), join(modules, '@types', name));
  const unpacked = tempDir('vigil-unpacked-');
  execFileSync('tar', ['xzf', join(packDir, tgz), '-C', unpacked]);
  cpSync(join(unpacked, 'package'), join(modules, '@vigil/otel'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  cpSync(resolve(ROOT, 'test/fixtures/ts-consumer'), project, { recursive: true });
  const base = { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: false, types: ['node'] };
  writeFileSync(join(project, 'tsconfig.standard.json'), JSON.stringify({ compilerOptions: { ...base, noEmit: true }, files: ['standard/index.ts'] }));
  writeFileSync(join(project, 'tsconfig.legacy.json'), JSON.stringify({ compilerOptions: { ...base, experimentalDecorators: true, emitDecoratorMetadata: true, outDir: 'out-legacy', rootDir: 'legacy' }, files: ['legacy/index.ts'] }));
}, 120_000);

function tsc(compiler: string, config: string): string {
  try {
    return execFileSync(NODE, [compiler, '-p', config], { cwd: project, encoding: 'utf8' });
  } catch (err) {
    return (err as { stdout?: string }).stdout || String(err);
  }
}

describe.each(Object.entries(COMPILERS))('a strict consumer project on %s', (_name, compiler) => {
  it('compiles against the packed types with standard decorators', () => {
    expect(tsc(compiler, 'tsconfig.standard.json')).toBe('');
  });

  it('compiles with legacy decorators, and they behave as the standard ones', () => {
    expect(tsc(compiler, 'tsconfig.legacy.json')).toBe('');
    const dataDir = tempDir();
    const out = execFileSync(NODE, [join(project, 'out-legacy/index.js')], {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0', OTEL_BSP_SCHEDULE_DELAY: '50' },
    });
    expect(JSON.parse(out)).toEqual([42, 'named', 'static failure']);
    const db = new DatabaseSync(join(dataDir, 'monitoring.db'), { readOnly: true });
    const names = (db.prepare('SELECT DISTINCT name FROM spans ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    const errors = db.prepare("SELECT COUNT(*) AS n FROM error_events WHERE message LIKE '%static failure%'").get() as { n: number };
    db.close();
    expect(names).toEqual(['OrdersService.create', 'orders.named']);
    expect(errors.n).toBe(1);
  });
});
