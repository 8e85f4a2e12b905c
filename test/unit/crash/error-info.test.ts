import { describe, expect, it } from 'vitest';
import { buildCrashReport } from '../../../src/crash/index.js';
import { createRedactor, defaultRedactionRules } from '../../../src/privacy/index.js';

const redactor = createRedactor(defaultRedactionRules('k'));
const errorOf = (thrown: unknown) => buildCrashReport(thrown, 'uncaughtException', { redactor }).error;

describe('non-Error throws in crash reports', () => {
  it('describes strings, numbers, null and undefined', () => {
    expect(errorOf('disk full')).toEqual({ type: 'string', message: 'disk full', stack: '' });
    expect(errorOf(42)).toEqual({ type: 'number', message: '42', stack: '' });
    expect(errorOf(null)).toEqual({ type: 'null', message: 'null', stack: '' });
    expect(errorOf(undefined)).toEqual({ type: 'undefined', message: 'undefined', stack: '' });
  });

  it('describes plain and cyclic objects without throwing', () => {
    const cyclic: Record<string, unknown> = { code: 'E_CHART' };
    cyclic.self = cyclic;
    const info = errorOf(cyclic);
    expect(info.type).toBe('Object');
    expect(info.message).toContain("code: 'E_CHART'");
    expect(info.message).toContain('[Circular');
    expect(errorOf({ name: 'HttpError', message: 'bad gateway' })).toMatchObject({ type: 'HttpError', message: 'bad gateway' });
  });

  it('survives objects whose inspection throws and null-prototype objects', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('no'); }, ownKeys: () => { throw new Error('no'); } });
    expect(() => errorOf(hostile)).not.toThrow();
    expect(errorOf(Object.create(null)).type).toBe('Object');
  });

  it('truncates huge messages with a marker', () => {
    const info = errorOf(new Error('x'.repeat(100_000)));
    expect(info.message.length).toBeLessThan(10_000);
    expect(info.message).toMatch(/\[truncated \d+ chars\]$/);
  });
});
