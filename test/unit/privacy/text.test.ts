import { describe, expect, it } from 'vitest';
import { createRedactor, defaultRedactionRules } from '../../../src/privacy/index.js';
import { strictRedactor } from './phi.js';

describe('free-text masks', () => {
  const r = strictRedactor();

  it('masks SSN, e-mail, phone and MRN forms', () => {
    expect(r.redactText('ssn 123-45-6789 and 123 45 6789')).toBe('ssn [SSN] and [SSN]');
    expect(r.redactText('write to jo.doe+x@mail.example.co.uk')).toBe('write to [EMAIL]');
    for (const phone of ['(555) 123-4567', '555-123-4567', '555.123.4567', '+1 555 123 4567', '5551234567']) {
      expect(r.redactText(`call ${phone} now`)).toBe('call [PHONE] now');
    }
    for (const mrn of ['MRN123456', 'MRN-123456', 'MRN: 123456', 'mrn#123456', 'MRN 12345678']) {
      expect(r.redactText(`chart ${mrn} opened`)).toBe('chart [MRN] opened');
    }
  });

  it('leaves trace ids, UUIDs, timestamps, IPs and versions alone', () => {
    const clean = [
      'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7',
      'id 550e8400-e29b-41d4-a716-446655440000',
      'at 1700000000000 took 12.5 ms',
      'peer 192.168.100.200:8080',
      'node v24.21.0 on linux 6.8.0-1019',
      'GET /patients/:id 200',
    ];
    for (const text of clean) expect(r.redactText(text)).toBe(text);
  });

  it('returns the very same string when nothing matches (no copy on the hot path)', () => {
    const s = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36';
    expect(r.redactText(s)).toBe(s);
  });

  it('applies configured patterns and a configured MRN pattern', () => {
    const custom = createRedactor({
      ...defaultRedactionRules('k'),
      patterns: [{ name: 'ward', regex: 'WARD-[A-Z]\\d', replacement: '[WARD]' }],
      mrnPattern: String.raw`\bCHART\d{6}\b`,
    });
    expect(custom.redactText('moved to WARD-B7 with CHART123456')).toBe('moved to [WARD] with [MRN]');
  });

  it('changes nothing in off mode', () => {
    const off = createRedactor({ ...defaultRedactionRules('k'), mode: 'off' });
    expect(off.enabled).toBe(false);
    expect(off.redactText('ssn 123-45-6789')).toBe('ssn 123-45-6789');
  });
});
