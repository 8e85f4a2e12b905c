import { afterEach, describe, expect, it } from 'vitest';
import {
  createNoopRedactor,
  createRedactor,
  defaultRedactionRules,
  getRedactor,
  hashValue,
  redactMetricAttributes,
  redactText,
  redactUrl,
  redactValue,
  setRedactor,
} from '../../../src/privacy/index.js';

describe('process-wide redaction API (for the error tracker, alerts, crash reports)', () => {
  const original = getRedactor();
  afterEach(() => setRedactor(original));

  it('is strict before the SDK configures it', () => {
    expect(redactText('ssn 123-45-6789')).toBe('ssn [SSN]');
    expect(redactUrl('/p?name=Jo')).toBe('/p?name=[REDACTED]');
    expect(redactValue({ patient: { mrn: 'MRN1234' } })).toEqual({ patient: { mrn: expect.stringMatching(/^hmac:/) } });
    expect(redactMetricAttributes({ 'url.path': '/patients/42' })).toEqual({ 'url.path': '/patients/:id' });
  });

  it('uses the configured redactor once set, shared through globalThis', () => {
    const configured = createRedactor(defaultRedactionRules('installation-key'));
    setRedactor(configured);
    expect(hashValue('user-7')).toBe(configured.hash('user-7'));
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('vigil.privacy.redactor')]).toBe(configured);
    setRedactor(createNoopRedactor());
    expect(redactText('ssn 123-45-6789')).toBe('ssn 123-45-6789');
  });
});
