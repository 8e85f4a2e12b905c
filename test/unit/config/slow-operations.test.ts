import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../../src/config/file.js';
import { Problems } from '../../../src/config/problems.js';
import { slowOperations } from '../../../src/config/slow-operations.js';

function read(text: string) {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-cfg-')), 'vigil.config.yaml');
  writeFileSync(path, text);
  const problems = new Problems();
  const file = loadConfigFile(path, problems)!;
  return { path, problems, result: slowOperations(file, 1000, problems) };
}

describe('slow_operations in the config file', () => {
  it('reads default_ms and per-operation thresholds', () => {
    const { result, problems } = read('slow_operations:\n  default_ms: 250\n  operations:\n    report: 5000\n');
    expect(problems.lines).toEqual([]);
    expect(result).toEqual({ defaultMs: 250, thresholds: { report: 5000 } });
  });

  it('a bad default_ms is named as a bad value at its line, not as an unknown key', () => {
    const { result, problems, path } = read('slow_operations:\n  default_ms: "fast"\n');
    expect(result.defaultMs).toBe(1000);
    expect(problems.lines).toEqual([`${path}:2: default_ms "fast" is not a positive number of ms; using 1000`]);
  });

  it('an unknown key is named as unknown', () => {
    const { problems, path } = read('slow_operations:\n  defualt_ms: 5\n');
    expect(problems.lines).toEqual([`${path}:2: unknown key "defualt_ms" (accepted: default_ms, operations); ignored`]);
  });
});
