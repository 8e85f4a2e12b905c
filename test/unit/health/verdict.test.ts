import { describe, expect, it } from 'vitest';
import { storedVerdict, verdict } from '../../../src/health/verdict.js';

describe('verdict: the one status and score', () => {
  it('a non-critical failure degrades to warn, and the score stays below "healthy"', () => {
    const checks = Array.from({ length: 9 }, (_, i) => ({ name: `c${i}`, status: 'pass' as const, critical: true }));
    const v = verdict([...checks, { name: 'backup', status: 'fail', critical: false, output: 'old' }]);
    expect(v).toEqual({ status: 'warn', score: 89, output: 'backup: old' });
  });

  it('a critical failure fails, capped at 50', () => {
    expect(verdict([{ name: 'db', status: 'fail', critical: true }, { name: 'x', status: 'pass', critical: false }])).toMatchObject({ status: 'fail', score: 25 });
  });

  it('stored rows: an unknown status counts as fail; no rows, no verdict', () => {
    expect(storedVerdict([])).toBeUndefined();
    expect(storedVerdict([{ name: 'db', status: 'weird', critical: true, output: null }])).toMatchObject({ status: 'fail', score: 0 });
  });
});
