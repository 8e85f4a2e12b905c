import { expect, test } from 'vitest';
import { monitored, performance } from '../../../src/api/index.js';
import { registerOtel } from './otel.js';

// Decorators run at class definition, often before the SDK starts: the
// wrapper must notice a provider registered (or removed) later, at once.
test('a wrapper built before the SDK starts records after it starts and stops after it shuts down', async () => {
  const f = monitored('late.op', (x: number) => x + 1);
  expect(f(1)).toBe(2);
  const otel = registerOtel();
  expect(f(2)).toBe(3);
  expect(otel.spans.getFinishedSpans().map((s) => s.name)).toEqual(['late.op']);
  await otel.shutdown();
  expect(f(3)).toBe(4);
  expect(performance.report().find((r) => r.name === 'late.op')?.count).toBe(1);
});
