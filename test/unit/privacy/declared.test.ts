import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDeclaredValues, sequencesOf } from '../../../src/privacy/declared.js';
import { strictRedactor } from './phi.js';

describe('declared PHI values in free text', () => {
  it('a value seen under a PHI key is masked later in any free text, whatever its case, spacing or encoding', () => {
    const r = strictRedactor();
    r.redactAttributesInPlace({ 'patient.name': 'Johanna Quackenbush' });
    expect(r.redactText('Quackenbush, JOHANNA missed her visit')).toBe('[PHI], [PHI] missed her visit');
    expect(r.redactText('lookup failed for Johanna%20Quackenbush')).toBe('lookup failed for [PHI]');
    expect(r.redactText('user=johanna+quackenbush')).toBe('user=[PHI]');
    expect(r.redactText('Johanna   Quackenbush')).toBe('[PHI]');
    // Other words stay.
    expect(r.redactText('Express on Node 24')).toBe('Express on Node 24');
  });

  it('privacy.declare: names with accents, MRNs without separators, dates in any order', () => {
    const r = strictRedactor();
    r.declare({ name: 'José Núñez', mrn: 'A-77341', dob: '1984-03-12', address: '12 Elm Street' });
    expect(r.redactText('patient jose nunez')).toBe('patient [PHI]');
    expect(r.redactText('chart a77341 opened')).toBe('chart [PHI] opened');
    for (const d of ['03/12/1984', '12.03.1984', '1984-3-12', '19840312']) expect(r.redactText(`born ${d}, seen`)).toBe('born [PHI], seen');
    expect(r.redactText('lives at 12 elm street, apt 4')).toBe('lives at [PHI], apt 4');
    // A street word alone is not the declared address.
    expect(r.redactText('Elm Street pharmacy')).toBe('Elm Street pharmacy');
  });

  it('a PHI key declared after a free-text key of the same map still masks it', () => {
    const r = strictRedactor();
    const out = r.redactAttributes({ note: 'called Zorababel Oyelaran', 'patient.name': 'Zorababel Oyelaran' });
    expect(out.note).toBe('called [PHI]');
    expect(String(out['patient.name'])).toMatch(/^hmac:/);
    const value = r.redactValue({ note: 'Oyelaran again', patient: { name: 'Oyelaran' } }) as { note: string };
    expect(value.note).toBe('[PHI] again');
  });

  it('PHI query parameters and PHI-named route parameters are remembered; others are not', () => {
    const r = strictRedactor();
    r.redactAttributes({ 'url.query': 'name=Jane%20Roe&page=2222' });
    expect(r.redactText('Jane Roe on page 2222')).toBe('[PHI] on page 2222');
    r.noteAttributes({ 'http.route': '/chart/:who/:tab', 'url.path': '/chart/Ana%20Lima/notes' });
    expect(r.redactText('Ana Lima notes')).toBe('[PHI] notes');
  });

  it('forgets values after the TTL and keeps at most `max` sequences', () => {
    let t = 0;
    const d = createDeclaredValues({ ttlMs: 1000, max: 3, now: () => t });
    d.declare('Quackenbush', 'name');
    expect(d.mask('Quackenbush')).toBe('[PHI]');
    t = 1500;
    expect(d.mask('Quackenbush')).toBe('Quackenbush');
    for (const n of ['Aaa', 'Bbb', 'Ccc', 'Ddd', 'Eee']) d.declare(n, 'name');
    expect(d.size).toBeLessThanOrEqual(3);
    expect(d.mask('Eee Aaa')).toBe('[PHI] Aaa');
  });

  it('a value declared again on every request keeps its TTL pushed back (refreshed at most once a minute)', () => {
    let t = 0;
    const d = createDeclaredValues({ ttlMs: 3_600_000, now: () => t });
    for (t = 0; t <= 3_000_000; t += 10_000) d.declare('Quackenbush', 'name');
    t = 3_000_000 + 3_500_000;
    expect(d.mask('Quackenbush')).toBe('[PHI]');
    t = 3_000_000 + 3_700_000;
    expect(d.mask('Quackenbush')).toBe('Quackenbush');
  });

  it('a value pushed out by newer ones and declared again within the minute is remembered again', () => {
    let t = 0;
    const d = createDeclaredValues({ max: 4, now: () => t });
    d.declare('Quackenbush', 'name');
    d.declare('Li Wu Xi', 'name'); // four sequences: Quackenbush's goes
    expect(d.mask('Quackenbush')).toBe('Quackenbush');
    t = 10;
    d.declare('Quackenbush', 'name');
    expect(d.mask('Quackenbush')).toBe('[PHI]');
  });

  it('keeps no value in clear', () => {
    const d = createDeclaredValues();
    d.declare('Quackenbush', 'name');
    expect(inspect(d, { depth: 20, showHidden: true })).not.toMatch(/quackenbush/i);
  });

  it('short numbers are never declared alone (they would mask every "42 ms")', () => {
    expect(sequencesOf('42', 'id')).toEqual([]);
    expect(sequencesOf('Li Wu', 'name')).toEqual([['li', 'wu'], ['li'], ['wu']]);
  });
});

describe('every mask runs on decoded text', () => {
  it('%20, %40, %2d/%2D and + in text, paths and URLs', () => {
    const r = strictRedactor();
    expect(r.redactText('GET /patients/John%20Smith%20123-45-6789')).not.toContain('6789');
    expect(r.redactText('mail jo%40example.org')).toBe('mail [EMAIL]');
    expect(r.redactText('id 123%2d45%2D6789')).toBe('id [SSN]');
    expect(r.redactText('q=John+Smith+123-45-6789')).not.toContain('6789');
    expect(r.redactText('write to jo.doe+x@mail.example.co.uk')).toBe('write to [EMAIL]');
    expect(r.redactPath('/patients/John%20Smith%20123-45-6789')).toBe('/patients/:id');
    expect(r.redactUrl('https://fhir.local/Patient/Jane%20Roe/_history?x=1')).toBe('https://fhir.local/Patient/:id/_history?x=[REDACTED]');
    expect(r.redactPath('/assets/app.js')).toBe('/assets/app.js');
  });

  it('a known route replaces its parameters in url.path and url.full', () => {
    const r = strictRedactor();
    const out = r.redactAttributes({
      'http.route': '/patients/:id/chart',
      'url.path': '/patients/JohnSmith/chart',
      'url.full': 'http://emr.local/patients/JohnSmith/chart?tab=1',
    });
    expect(out['url.path']).toBe('/patients/:id/chart');
    expect(out['url.full']).toBe('http://emr.local/patients/:id/chart?tab=[REDACTED]');
  });
});

describe('regressions found by the full suite', () => {
  it('declaring a value with no words (a short id) never throws', () => {
    const r = strictRedactor();
    expect(() => r.redactMetricAttributes({ 'patient.id': '7', 'user.name': '' })).not.toThrow();
    expect(() => r.declare({ mrn: '42', name: '--' })).not.toThrow();
  });

  it('SQL column definitions are not names (the scan reads the schema in the raw file)', () => {
    const ddl = 'CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, until_ms INTEGER NOT NULL)';
    expect(strictRedactor().redactText(ddl)).toBe(ddl);
  });

  it('a query value is masked whole before decoding splits it at a space', () => {
    const r = strictRedactor();
    expect(r.redactText('GET /patients/MRN-20481632?name=Johanna%20Quackenbush')).toBe('GET /patients/[MRN]?name=[REDACTED]');
  });
});
