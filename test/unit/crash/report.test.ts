import { homedir, hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { buildCrashReport, createAnonymiser } from '../../../src/crash/index.js';
import { createRedactor, defaultRedactionRules } from '../../../src/privacy/index.js';

const redactor = createRedactor(defaultRedactionRules('k'));

describe('crash report content', () => {
  it('anonymises home directory and host name', () => {
    const anonymise = createAnonymiser();
    expect(anonymise(`at ${homedir()}/app/server.js:3:1`)).toBe('at ~/app/server.js:3:1');
    if (hostname().length >= 2) expect(anonymise(`on ${hostname()} now`)).toBe('on <host> now');
  });

  it('redacts error, breadcrumbs and resource; keeps the last 100 breadcrumbs', () => {
    const crumbs = Array.from({ length: 150 }, (_, i) => ({ message: `step ${i}`, data: { email: 'jo@example.org' } }));
    const err = new Error('no chart for MRN: 12345678');
    const report = buildCrashReport(err, 'uncaughtException', {
      redactor,
      breadcrumbs: () => crumbs,
      resourceAttributes: { 'service.name': 'emr', 'patient.name': 'Jo' },
    });
    expect(report.level).toBe('fatal');
    expect(report.error.message).toBe('no chart for [MRN]');
    expect(report.error.stack).not.toContain('12345678');
    expect(report.breadcrumbs).toHaveLength(100);
    expect(report.breadcrumbs[0]).toEqual({ message: 'step 50', data: { email: '[EMAIL]' } });
    expect(report.resource['patient.name']).toMatch(/^hmac:/);
    expect(report.time).toBe(new Date(report.time_ms).toISOString());
    expect(report.process.uptime_s).toBeGreaterThan(0);
  });

  it('still reports when the breadcrumbs hook throws', () => {
    const report = buildCrashReport(new Error('x'), 'uncaughtException', {
      redactor,
      breadcrumbs: () => {
        throw new Error('tracker broken');
      },
    });
    expect(report.breadcrumbs).toEqual([]);
  });
});
