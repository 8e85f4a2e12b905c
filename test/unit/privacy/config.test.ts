import { describe, expect, it } from 'vitest';
import { createRedactor, defaultRedactionRules, extendRedactionRules, parseRedactionSection } from '../../../src/privacy/index.js';

const where = (path: (string | number)[]) => `vigil.config.yaml:${path.join('/')}`;

describe('parseRedactionSection', () => {
  it('reads phi_keys, patterns, mrn_pattern and safe_headers', () => {
    const { rules, problems } = parseRedactionSection(
      {
        phi_keys: ['patient.nickname'],
        patterns: [{ name: 'bed', regex: 'BED-\\d+', replacement: '[BED]' }],
        mrn_pattern: '\\bCH\\d{6}\\b',
        safe_headers: ['X-Clinic'],
      },
      where,
    );
    expect(problems).toEqual([]);
    expect(rules).toEqual({
      phiKeys: ['patient.nickname'],
      patterns: [{ name: 'bed', regex: 'BED-\\d+', replacement: '[BED]' }],
      mrnPattern: '\\bCH\\d{6}\\b',
      safeHeaders: ['x-clinic'],
    });
    const r = createRedactor(extendRedactionRules(defaultRedactionRules('k'), rules));
    expect(r.redactText('BED-12 CH123456 MRN123456')).toBe('[BED] [MRN] MRN123456');
    const attrs = r.redactAttributes({ 'patient.nickname': 'Jo', 'patient.name': 'Jo', 'http.request.header.x-clinic': 'a' });
    expect(attrs['patient.nickname']).toMatch(/^hmac:/);
    expect(attrs['patient.name']).toMatch(/^hmac:/);
    expect(attrs['http.request.header.x-clinic']).toBe('a');
  });

  it('names the place of each problem and keeps the valid parts', () => {
    const { rules, problems } = parseRedactionSection(
      {
        phi_key: ['typo'],
        phi_keys: 'patient.x',
        patterns: [{ name: 'bad', regex: '([', replacement: 'x' }, { name: 'ok', regex: 'a+', replacement: 'b', flags: 'i' }],
        mrn_pattern: '',
      },
      where,
    );
    expect(problems).toEqual([
      'vigil.config.yaml:redaction/phi_key: unknown key "phi_key" in redaction (expected phi_keys, patterns, mrn_pattern, safe_headers)',
      'vigil.config.yaml:redaction/phi_keys: redaction.phi_keys must be a list of non-empty strings',
      expect.stringMatching(/^vigil\.config\.yaml:redaction\/patterns\/0\/regex: redaction\.patterns\[0\]\.regex is not a valid regular expression/),
      'vigil.config.yaml:redaction/patterns/1/flags: unknown key "flags" in redaction.patterns[1] (expected name, regex, replacement)',
      'vigil.config.yaml:redaction/mrn_pattern: redaction.mrn_pattern must be a non-empty string',
    ]);
    expect(rules).toEqual({ patterns: [{ name: 'ok', regex: 'a+', replacement: 'b' }] });
  });

  it('accepts an absent section and refuses a non-mapping', () => {
    expect(parseRedactionSection(undefined, where)).toEqual({ rules: {}, problems: [] });
    expect(parseRedactionSection(['x'], where).problems).toEqual([
      'vigil.config.yaml:redaction: redaction must be a mapping with phi_keys, patterns, mrn_pattern, safe_headers',
    ]);
  });
});
