import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_CONFIG_BYTES, MAX_SECTION_ENTRIES, loadConfigFile } from '../../../src/config/file.js';
import { Problems } from '../../../src/config/problems.js';

function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-cfg-')), 'vigil.config.yaml');
  writeFileSync(file, text);
  return file;
}

describe('the YAML config file', () => {
  it('gives sections and file:line for any path in them', () => {
    const file = write('health:\n  checks:\n    - type: disk\n      path: ./data\n    - type: http\n      url: http://x\n');
    const problems = new Problems();
    const cfg = loadConfigFile(file, problems)!;
    expect(problems.lines).toEqual([]);
    expect(cfg.sections.health).toEqual({ checks: [{ type: 'disk', path: './data' }, { type: 'http', url: 'http://x' }] });
    expect(cfg.where(['health', 'checks', 1, 'url'])).toBe(`${file}:6`);
    expect(cfg.where(['health', 'checks', 0])).toBe(`${file}:3`);
    // A key that is not there points at the nearest parent that is.
    expect(cfg.where(['health', 'checks', 0, 'nope'])).toBe(`${file}:3`);
  });

  it('names file, line and column of a YAML syntax error', () => {
    const problems = new Problems();
    expect(loadConfigFile(write('a: 1\nb: [\n'), problems)).toBeUndefined();
    expect(problems.lines[0]).toMatch(/vigil\.config\.yaml:\d+:\d+: invalid YAML/);
  });

  it('refuses an unknown section on its own line', () => {
    const problems = new Problems();
    const cfg = loadConfigFile(write('health: {}\n\nalertz: []\n'), problems)!;
    expect(cfg.sections).toEqual({ health: {} });
    expect(problems.lines).toHaveLength(1);
    expect(problems.lines[0]).toMatch(/vigil\.config\.yaml:3: unknown section "alertz" \(accepted: .*alerts/);
  });

  it('refuses a document that is not a mapping', () => {
    const problems = new Problems();
    expect(loadConfigFile(write('- a\n- b\n'), problems)).toBeUndefined();
    expect(problems.lines[0]).toContain('must be a mapping');
  });

  it('an empty file is an empty config', () => {
    const problems = new Problems();
    expect(loadConfigFile(write(''), problems)?.sections).toEqual({});
  });

  it('refuses a file over the size limit in one line, before parsing it', () => {
    const problems = new Problems();
    const file = write('alerts:\n  rules:\n' + '    - { name: r, expr: "x > 1" }\n'.repeat(Math.ceil(MAX_CONFIG_BYTES / 30)));
    expect(loadConfigFile(file, problems)).toBeUndefined();
    expect(problems.lines).toEqual([expect.stringMatching(/vigil\.config\.yaml: \d+ kB is over the 128 kB limit of a config file; continuing without it$/)]);
  });

  it('keeps the first entries of an over-long list with one line naming file:line', () => {
    const problems = new Problems();
    const n = MAX_SECTION_ENTRIES + 500;
    const file = write('health: {}\nalerts:\n  rules:\n' + Array.from({ length: n }, (_, i) => `    - { name: r${i}, expr: "x > 1" }\n`).join(''));
    const cfg = loadConfigFile(file, problems)!;
    const rules = (cfg.sections.alerts as { rules: { name: string }[] }).rules;
    expect(rules).toHaveLength(MAX_SECTION_ENTRIES);
    expect(rules[0]!.name).toBe('r0');
    expect(problems.lines).toEqual([`${file}:3: alerts.rules has ${n} entries, over the limit of ${MAX_SECTION_ENTRIES}; the first ${MAX_SECTION_ENTRIES} are used`]);
  });
});
