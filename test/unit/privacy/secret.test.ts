import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSecret } from '../../../src/privacy/index.js';

describe('loadOrCreateSecret', () => {
  it('creates a 0600 key file once and returns the same key afterwards', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigil-key-')), 'nested', 'data');
    const first = loadOrCreateSecret(dir);
    const second = loadOrCreateSecret(dir);
    expect(first.length).toBe(32);
    expect(second.equals(first)).toBe(true);
    const file = join(dir, 'redaction.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('hex'));
    // No temp files left behind.
    expect(readdirSync(dir)).toEqual(['redaction.key']);
  });

  it('reuses the key an earlier start wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-key-'));
    writeFileSync(join(dir, 'redaction.key'), 'ab'.repeat(32));
    expect(loadOrCreateSecret(dir).toString('hex')).toBe('ab'.repeat(32));
  });

  it('falls back to a process-only key when the data dir cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-key-'));
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    const key = loadOrCreateSecret(join(blocker, 'data'));
    expect(key.length).toBe(32);
  });
});
