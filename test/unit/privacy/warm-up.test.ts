import { describe, expect, it } from 'vitest';
import { warmUpSteps } from '../../../src/privacy/warm-up.js';
import { strictRedactor } from './phi.js';

describe('redaction warm-up (expressions compiled before the first request)', () => {
  it('runs every step and leaves the configured redactor exactly as it was: nothing declared, nothing masked differently', () => {
    const warmed = strictRedactor();
    const fresh = strictRedactor();
    const steps = warmUpSteps(warmed);
    expect(steps.length).toBeGreaterThan(5);
    for (const step of steps) step();
    // The throwaway redactor saw `Jane Doe0`…`Doe5` under the route parameter `:name`; the configured one must not mask them.
    for (const text of ['seen doe0 and Doe3 today', 'GET /patients/Jane%20Doe1/chart', 'mrn 1234 for doe5']) {
      expect(warmed.redactText(text)).toBe(fresh.redactText(text));
    }
    expect(warmed.redactText('seen doe0 today')).toBe('seen doe0 today');
    // Its masks work as before.
    expect(warmed.redactText('mail jo@mail.org')).toBe(fresh.redactText('mail jo@mail.org'));
    expect(warmed.redactText('mail jo@mail.org')).not.toContain('jo@mail.org');
  });
});
