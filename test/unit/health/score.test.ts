import { describe, expect, it } from 'vitest';
import { healthScore } from '../../../src/health/score.js';
import { overall, statusValue, worst } from '../../../src/health/status.js';

describe('overall status', () => {
  it('is the worst critical status', () => {
    expect(overall([{ status: 'pass', critical: true }, { status: 'fail', critical: true }])).toBe('fail');
    expect(overall([{ status: 'warn', critical: true }, { status: 'pass', critical: true }])).toBe('warn');
  });

  it('lets non-critical checks degrade to warn only', () => {
    expect(overall([{ status: 'pass', critical: true }, { status: 'fail', critical: false }])).toBe('warn');
    expect(overall([{ status: 'fail', critical: false }])).toBe('warn');
  });

  it('is pass with no checks', () => {
    expect(overall([])).toBe('pass');
    expect(worst([])).toBe('pass');
  });

  it('maps statuses to gauge values', () => {
    expect([statusValue('pass'), statusValue('warn'), statusValue('fail')]).toEqual([1, 0.5, 0]);
  });
});

describe('health score', () => {
  it('weighs critical checks three times', () => {
    // (3·1 + 1·0) / 4 = 75
    expect(healthScore([{ status: 'pass', critical: true }, { status: 'fail', critical: false }])).toBe(75);
    // (3·0.5 + 1·1) / 4 = 62.5 → 63
    expect(healthScore([{ status: 'warn', critical: true }, { status: 'pass', critical: false }])).toBe(63);
  });

  it('caps at 50 when a critical check fails', () => {
    const many = Array.from({ length: 20 }, () => ({ status: 'pass' as const, critical: false }));
    expect(healthScore([...many, { status: 'fail', critical: true }])).toBe(50);
  });

  it('is 100 when nothing is known to be wrong', () => {
    expect(healthScore([])).toBe(100);
    expect(healthScore([{ status: 'pass', critical: true }])).toBe(100);
  });
});
