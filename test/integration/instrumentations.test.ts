import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NODE, ROOT, tempDir } from '../helpers/child.js';
// @ts-expect-error plain ESM fixture
import { startOllamaServer } from '../fixtures/instrumentations/ollama-server.mjs';

const FIXTURES = resolve(ROOT, 'test/fixtures/instrumentations');
// Inside the project so that the compiled files resolve its node_modules.
const BUILD = resolve(ROOT, 'node_modules/.cache/vigil-instrumentations-test', String(process.pid));

let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  // A fresh compile of instrumentations/ only: this test does not depend on a full build of dist/.
  mkdirSync(BUILD, { recursive: true });
  writeFileSync(join(BUILD, 'package.json'), '{ "type": "module" }\n');
  execFileSync(
    NODE,
    [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '--outDir', BUILD, '--rootDir', ROOT, '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--target', 'es2023', '--skipLibCheck', '--types', 'node', '--ignoreConfig', 'instrumentations/ollama/index.ts', 'instrumentations/node-sqlite/index.ts'],
    { cwd: ROOT, stdio: 'pipe' },
  );
  server = await startOllamaServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(BUILD, { recursive: true, force: true });
});

interface SpanLine {
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  events: unknown[];
}

describe.each([
  ['ESM (import-in-the-middle)', 'app.mjs'],
  ['CommonJS (require hook)', 'app.cjs'],
])('instrumentations in a real %s application started with node --import', (_kind, app) => {
  test('ollama default and new instances, streamed and not, and node:sqlite produce spans without content', async () => {
    const { stdout, stderr } = await promisify(execFile)(NODE, ['--import', resolve(FIXTURES, 'register.mjs'), resolve(FIXTURES, app)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, OLLAMA_URL: server.url, DB_FILE: join(tempDir(), 'app.db'), VIGIL_INSTRUMENTATIONS_BUILD: BUILD },
      timeout: 30_000,
    });
    expect(stderr).not.toMatch(/Error/);
    expect(stdout).toContain('DONE Rest and fluids. | Rest and fluids.');
    const spans: SpanLine[] = stdout
      .split('\n')
      .filter((l) => l.startsWith('SPAN '))
      .map((l) => JSON.parse(l.slice(5)));
    expect(spans.map((s) => s.name)).toEqual(['chat llama3', 'text_completion llama3', 'CREATE patients', 'INSERT patients']);
    expect(spans[1].attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(spans[1].attributes['gen_ai.usage.output_tokens']).toBe(7);
    expect(spans[3].attributes).toMatchObject({ 'db.system.name': 'sqlite', 'db.namespace': 'app.db', 'db.query.text': 'INSERT INTO patients (name) VALUES (?)' });
    expect(stdout).not.toContain('secret prompt');
    expect(stdout.split('\n').filter((l) => l.startsWith('SPAN')).join('\n')).not.toContain('Secret Value');
  });
});
