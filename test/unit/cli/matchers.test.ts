import { describe, expect, it } from 'vitest';
import { parseCliMatcher } from '../../../src/cli/matchers.js';
import { UsageError } from '../../../src/cli/errors.js';

describe('parseCliMatcher', () => {
  it.each([
    ['alertname=ApiErrors', { name: 'alertname', value: 'ApiErrors', isRegex: false, isEqual: true }],
    ['severity=~"error|critical"', { name: 'severity', value: 'error|critical', isRegex: true, isEqual: true }],
    ["route!='/health'", { name: 'route', value: '/health', isRegex: false, isEqual: false }],
    ['http.route!~/api/.*', { name: 'http.route', value: '/api/.*', isRegex: true, isEqual: false }],
    ['check=', { name: 'check', value: '', isRegex: false, isEqual: true }],
    ['msg=a=b', { name: 'msg', value: 'a=b', isRegex: false, isEqual: true }],
  ])('%s', (text, expected) => {
    expect(parseCliMatcher(text)).toEqual(expected);
  });

  it.each(['alertname', '=x', '1abc=x', 'a=~(', 'a b=c'])('refuses %j as a usage error', (text) => {
    expect(() => parseCliMatcher(text)).toThrow(UsageError);
  });
});
