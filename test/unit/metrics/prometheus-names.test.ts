import { describe, expect, test } from 'vitest';
import { prometheusUnit } from '../../../src/metrics/prometheus-names.js';

describe('prometheusUnit (OTel unit → Prometheus name suffix)', () => {
  test.each([
    ['s', 'seconds'],
    ['ms', 'milliseconds'],
    ['By', 'bytes'],
    ['By/s', 'bytes_per_seconds'],
    ['{call}', ''],
    ['{token}', ''],
    ['1', ''],
    ['', ''],
  ])('%s → %s', (unit, word) => {
    expect(prometheusUnit(unit)).toBe(word);
  });
});
