import { describe, expect, it } from 'vitest';
import { createLeakFinder } from '../../../src/privacy/scan/finder.js';
import { rawStrings } from '../../../src/privacy/scan/strings.js';

// `vigil privacy scan` reads stale pages of the database file, where a plain
// TEXT value runs straight into the next column's bytes.
describe('raw strings of a database page', () => {
  const finder = createLeakFinder(undefined, new Set());
  const page = (text: string) => Buffer.concat([Buffer.from([0, 3, 0x81]), Buffer.from(text, 'latin1'), Buffer.from([0, 0x17])]);

  it('a masked query value followed by the next column is not a finding', () => {
    const strings = rawStrings(page('GET /visit?sh=[REDACTED]4f2a9c0d1e'));
    expect(strings).toEqual(['GET /visit?sh=[REDACTED]', '4f2a9c0d1e']);
    expect(strings.map((s) => finder.check(s))).toEqual([undefined, undefined]);
  });

  it('what follows a mask is still checked', () => {
    const strings = rawStrings(page('/visit?a=[REDACTED]mail jo@example.org now'));
    expect(strings.map((s) => finder.check(s)?.kinds)).toEqual([undefined, ['email']]);
  });

  it('a query value in clear is still found', () => {
    expect(rawStrings(page('GET /visit?name=Johanna')).map((s) => finder.check(s)?.kinds)).toEqual([['query value']]);
  });
});
