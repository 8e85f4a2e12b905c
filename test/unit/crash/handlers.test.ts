import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installCrashHandlers } from '../../../src/crash/index.js';

const base = () => ({ dataDir: mkdtempSync(join(tmpdir(), 'vigil-h-')), flush: () => Promise.resolve() });

describe('installCrashHandlers (listener bookkeeping; behaviour is in test/integration/crash.test.ts)', () => {
  it('adds one listener of each kind and removes them on uninstall', () => {
    const before = [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')];
    const handle = installCrashHandlers({ ...base(), mode: 'warn' });
    expect(process.listenerCount('uncaughtException')).toBe(before[0] + 1);
    expect(process.listenerCount('unhandledRejection')).toBe(before[1] + 1);
    handle.uninstall();
    expect([process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')]).toEqual(before);
  });

  it('mode none leaves unhandled rejections to Node', () => {
    const before = process.listenerCount('unhandledRejection');
    const handle = installCrashHandlers({ ...base(), mode: 'none' });
    expect(process.listenerCount('unhandledRejection')).toBe(before);
    handle.uninstall();
  });

  it('a second install (another copy of Vigil) keeps the first', () => {
    const before = process.listenerCount('uncaughtException');
    const first = installCrashHandlers(base());
    const second = installCrashHandlers(base());
    expect(process.listenerCount('uncaughtException')).toBe(before + 1);
    second.uninstall();
    expect(process.listenerCount('uncaughtException')).toBe(before + 1);
    first.uninstall();
    expect(process.listenerCount('uncaughtException')).toBe(before);
  });
});
