import { isValidSpanId, isValidTraceId } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { TimeOrderedIdGenerator } from '../../../exporters/sqlite/trace-ids.js';

describe('TimeOrderedIdGenerator', () => {
  const ids = new TimeOrderedIdGenerator();

  it('starts a trace id with the milliseconds it was made, then random bytes', () => {
    const before = Date.now();
    const id = ids.generateTraceId();
    const after = Date.now();
    expect(isValidTraceId(id)).toBe(true);
    const ms = Number.parseInt(id.slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
    const tails = new Set(Array.from({ length: 1000 }, () => ids.generateTraceId().slice(12)));
    expect(tails.size).toBe(1000);
  });

  it('sorts ids made later after ids made earlier (by their time prefix)', async () => {
    const first = ids.generateTraceId();
    await new Promise((r) => setTimeout(r, 5));
    const second = ids.generateTraceId();
    expect(first.slice(0, 12) < second.slice(0, 12)).toBe(true);
  });

  it('keeps span ids random and valid', () => {
    const spans = Array.from({ length: 1000 }, () => ids.generateSpanId());
    for (const s of spans) expect(isValidSpanId(s)).toBe(true);
    expect(new Set(spans).size).toBe(1000);
  });
});
