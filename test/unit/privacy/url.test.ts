import { describe, expect, it } from 'vitest';
import { strictRedactor } from './phi.js';

describe('URLs and span names', () => {
  const r = strictRedactor();

  it('replaces query values and keeps keys', () => {
    expect(r.redactUrl('https://emr.local/patients?name=John%20Doe&dob=1990-01-01&page=')).toBe(
      'https://emr.local/patients?name=[REDACTED]&dob=[REDACTED]&page=',
    );
    expect(r.redactUrl('/search?q=jo@example.org#frag=1')).toBe('/search?q=[REDACTED]#frag=[REDACTED]');
    expect(r.redactUrl('https://user:pw@host.example/a')).toBe('https://[REDACTED]@host.example/a');
  });

  it('treats a valueless identifier part as a value but keeps flags', () => {
    expect(r.redactUrl('/a?debug&123456')).toBe('/a?debug&[REDACTED]');
  });

  it('redacts url.query as a bare query string and url.full / http.target as URLs', () => {
    const out = r.redactAttributes({
      'url.query': 'name=John&mrn=MRN123456',
      'url.full': 'http://h/p?ssn=123-45-6789',
      'http.target': '/p?x=1',
    });
    expect(out).toEqual({
      'url.query': 'name=[REDACTED]&mrn=[REDACTED]',
      'url.full': 'http://h/p?ssn=[REDACTED]',
      'http.target': '/p?x=[REDACTED]',
    });
  });

  it('collapses identifier path segments in span names', () => {
    expect(r.redactSpanName('GET /patients/123')).toBe('GET /patients/:id');
    expect(r.redactSpanName('GET /patients/MRN123456/visits/550e8400-e29b-41d4-a716-446655440000')).toBe(
      'GET /patients/:id/visits/:id',
    );
    expect(r.redactSpanName('POST /notify/jo@example.org')).toBe('POST /notify/:id');
    expect(r.redactSpanName('GET /patients?name=John')).toBe('GET /patients');
    expect(r.redactSpanName('GET /api/v2/patients/:id')).toBe('GET /api/v2/patients/:id');
    expect(r.redactSpanName('SELECT patients')).toBe('SELECT patients');
  });
});
