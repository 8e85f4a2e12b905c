import { SeverityNumber } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { RedactingLogRecordProcessor } from '../../../src/privacy/index.js';
import { leaks, PHI, strictRedactor } from './phi.js';

describe('RedactingLogRecordProcessor', () => {
  it('redacts string and structured bodies and attributes before the next processor', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      processors: [new RedactingLogRecordProcessor(strictRedactor()), new SimpleLogRecordProcessor({ exporter })],
    });
    const logger = provider.getLogger('golden');
    logger.emit({
      severityNumber: SeverityNumber.INFO,
      body: `admitted ${PHI.mrn}, contact ${PHI.email} ${PHI.phone}`,
      attributes: { 'patient.name': PHI.name, 'http.request.header.cookie': 'sid=1', note: `SSN ${PHI.ssn}` },
    });
    logger.emit({
      severityNumber: SeverityNumber.ERROR,
      body: { patient: { name: PHI.name, dob: '1990-01-01' }, message: `bad ssn ${PHI.ssn}` },
      exception: new Error(`no chart ${PHI.mrn}`),
    });
    await provider.forceFlush();
    const records = exporter.getFinishedLogRecords();
    expect(records).toHaveLength(2);
    for (const r of records) expect(leaks(JSON.stringify({ body: r.body, attributes: r.attributes }))).toEqual([]);
    expect(records[0].body).toBe('admitted [MRN], contact [EMAIL] [PHONE]');
    expect(records[0].attributes['http.request.header.cookie']).toBeUndefined();
    expect(records[0].attributes['patient.name']).toMatch(/^hmac:/);
    const body = records[1].body as { patient: { name: string; dob: string } };
    expect(body.patient.name).toBe(records[0].attributes['patient.name']);
    expect(body.patient.dob).toMatch(/^hmac:/);
    await provider.shutdown();
  });
});
