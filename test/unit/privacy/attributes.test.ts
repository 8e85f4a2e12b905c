import { describe, expect, it } from 'vitest';
import { createRedactor, defaultRedactionRules } from '../../../src/privacy/index.js';
import { PHI, strictRedactor } from './phi.js';

describe('attribute rules', () => {
  const r = strictRedactor();

  it('hashes PHI keys with a stable keyed hash', () => {
    const a = r.redactAttributes({ 'patient.name': PHI.name, 'patient.mrn': PHI.mrn });
    const b = r.redactAttributes({ 'patient.name': PHI.name });
    expect(a['patient.name']).toMatch(/^hmac:[0-9a-f]{32}$/);
    expect(a['patient.name']).toBe(b['patient.name']);
    expect(a['patient.mrn']).not.toBe(a['patient.name']);
    const other = strictRedactor('another-installation');
    expect(other.redactAttributes({ 'patient.name': PHI.name })['patient.name']).not.toBe(a['patient.name']);
  });

  it('drops headers outside the allowlist, bodies and LLM prompts; keeps safe headers and body sizes', () => {
    const out = r.redactAttributes({
      'http.request.header.authorization': 'Bearer abc',
      'http.request.header.cookie': 'sid=1',
      'http.request.header.content-type': 'application/json',
      'http.response.header.content-length': '12',
      'http.request.body': '{"name":"Jo"}',
      'http.response.body.size': 12,
      'messaging.message.body': 'note',
      'gen_ai.prompt': 'Summarise the visit of Jo',
      'gen_ai.output.messages': '[...]',
    });
    expect(out).toEqual({
      'http.request.header.content-type': 'application/json',
      'http.response.header.content-length': '12',
      'http.response.body.size': 12,
    });
  });

  it('masks free text in other attributes and string arrays', () => {
    const out = r.redactAttributes({ 'exception.message': `no chart for ${PHI.email}`, tags: ['ok', PHI.ssn] });
    expect(out).toEqual({ 'exception.message': 'no chart for [EMAIL]', tags: ['ok', '[SSN]'] });
  });

  it('returns the same object when nothing changes', () => {
    const attrs = { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': '/patients' };
    expect(r.redactAttributes(attrs)).toBe(attrs);
  });

  it('honours configured PHI keys with a prefix wildcard', () => {
    const custom = createRedactor({ ...defaultRedactionRules('k'), phiKeys: ['clinic.patient.*'] });
    const out = custom.redactAttributes({ 'clinic.patient.nickname': 'Jo', 'clinic.ward': 'B' });
    expect(out['clinic.patient.nickname']).toMatch(/^hmac:/);
    expect(out['clinic.ward']).toBe('B');
  });

  it('redacts nested values by dotted path, survives cycles and Errors', () => {
    const ctx: Record<string, unknown> = { patient: { name: PHI.name }, note: `phone ${PHI.phone}` };
    ctx.self = ctx;
    const out = r.redactValue({ ctx, err: new Error(`lookup ${PHI.mrn} failed`) }) as Record<string, unknown>;
    expect(out.ctx.patient.name).toMatch(/^hmac:/);
    expect(out.ctx.note).toBe('phone [PHONE]');
    expect(out.ctx.self).toBe('[Circular]');
    expect(out.err.message).toBe('lookup [MRN] failed');
    expect(JSON.stringify(out)).not.toContain(PHI.mrnDigits);
  });
});
