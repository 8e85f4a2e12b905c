import { describe, expect, it } from 'vitest';
import { parseExemplarQuery } from '../../../src/dashboard/trace-query.js';

describe('a latency chart point as an exemplar query', () => {
  it('takes the bucket and optional operation and service, and names what is wrong otherwise', () => {
    expect(parseExemplarQuery({ from: '1000', to: '61000', operation: ' GET /a ', service: '' })).toEqual({ fromMs: 1000, toMs: 61000, operation: 'GET /a' });
    const wrong = { error: 'from and to must be epoch milliseconds with from < to, at most 31d apart' };
    expect(parseExemplarQuery({ from: '1000' })).toEqual(wrong);
    expect(parseExemplarQuery({ from: 'x', to: '2000' })).toEqual(wrong);
    expect(parseExemplarQuery({ from: '2000', to: '1000' })).toEqual(wrong);
    expect(parseExemplarQuery({ from: '0', to: String(40 * 86_400_000) })).toEqual(wrong);
  });
});
