import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isInApp } from '../../src/errors/stack.js';

// Regression: an SQL error in the demo was grouped under Vigil's own
// node-sqlite instrumentation frame as its culprit.
const ROOT = resolve(import.meta.dirname, '../..');

describe('in-app frames when Vigil runs from its own repository', () => {
  it("counts the application's files and not Vigil's instrumentations, exporters or sources", () => {
    expect(isInApp(resolve(ROOT, 'examples/emr-clinic/server.mjs'))).toBe(true);
    expect(isInApp(pathToFileURL(resolve(ROOT, 'examples/emr-clinic/server.mjs')).href)).toBe(true);
    expect(isInApp(resolve(ROOT, 'instrumentations/node-sqlite/instrumentation.ts'))).toBe(false);
    expect(isInApp(pathToFileURL(resolve(ROOT, 'exporters/sqlite/span-exporter.ts')).href)).toBe(false);
    expect(isInApp(resolve(ROOT, 'src/errors/tracker.ts'))).toBe(false);
  });
});
