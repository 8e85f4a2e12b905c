import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/health/duration.js';

describe('parseDuration', () => {
  it('reads units and compound forms', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration(' 10s ')).toBe(10_000);
  });

  it('takes numbers as milliseconds', () => {
    expect(parseDuration(250)).toBe(250);
    expect(parseDuration(-1)).toBeUndefined();
    expect(parseDuration(Number.NaN)).toBeUndefined();
  });

  it('refuses what it cannot read', () => {
    for (const bad of ['', '30', 's', '10x', '10s garbage', '1h 30m', null, {}, '-5s']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('formats back to the shortest exact unit', () => {
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(120_000)).toBe('2m');
    expect(formatDuration(1500)).toBe('1500ms');
  });
});
