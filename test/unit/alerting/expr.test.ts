import { describe, expect, it } from 'vitest';
import { ExprError, parseExpr, parseMatchers } from '../../../src/alerting/index.js';

describe('metric rule expressions', () => {
  it('parses a percentile with for', () => {
    expect(parseExpr('p95(http.server.request.duration) > 0.5 for 2m')).toEqual({
      fn: 'quantile',
      q: 0.95,
      metric: 'http.server.request.duration',
      matchers: [],
      op: '>',
      threshold: 0.5,
      forMs: 120_000,
    });
  });

  it('parses a windowed increase with matchers and by', () => {
    const e = parseExpr('increase(http.server.request.duration{http.response.status_code=~"5..", http.route!="/health"}[10m]) by (http.route) >= 3');
    expect(e.fn).toBe('increase');
    expect(e.windowMs).toBe(600_000);
    expect(e.by).toEqual(['http.route']);
    expect(e.matchers).toEqual([
      { name: 'http.response.status_code', value: '5..', isRegex: true, isEqual: true },
      { name: 'http.route', value: '/health', isRegex: false, isEqual: false },
    ]);
  });

  it('defaults increase and rate to a 5m window, and a bare metric to value()', () => {
    expect(parseExpr('rate(vigil.errors) > 1').windowMs).toBe(300_000);
    const v = parseExpr('process.memory.usage >= 1e9');
    expect(v.fn).toBe('value');
    expect(v.threshold).toBe(1e9);
  });

  it('names the column and what it expected', () => {
    expect(() => parseExpr('p95(http.server.request.duration > 0.5')).toThrow(/expected "\)" at column 34/);
    expect(() => parseExpr('median(x) > 1')).toThrow(ExprError);
    expect(() => parseExpr('median(x) > 1')).toThrow(/known function/);
    expect(() => parseExpr('avg(x) 3')).toThrow(/comparison/);
    expect(() => parseExpr('avg(x{a=~"("}) > 3')).toThrow(/regular expression/);
    expect(() => parseExpr('avg(x) > 3 for soon')).toThrow(/duration/);
    expect(() => parseExpr('avg(x) > 3 extra')).toThrow(/end of expression/);
  });

  it('parses silence matchers with or without braces', () => {
    expect(parseMatchers('alertname="HighMemory"')).toEqual([{ name: 'alertname', value: 'HighMemory', isRegex: false, isEqual: true }]);
    expect(parseMatchers('{check!~"disk.*"}')[0]).toMatchObject({ isRegex: true, isEqual: false });
  });
});
