// Golden redaction test (issue 4): PHI that enters through a request (query
// string, thrown error, span attributes and events, a log record, a metric
// attribute, captureException context and user) never reaches monitoring.db,
// the OTLP backend, /metrics or a crash report, and the keyed hash of a
// patient id correlates across requests.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, tempDir } from '../helpers/child.js';
import { crashFiles, get, query, scanDb, scanText, startFixture, startOtlpAll, stop } from '../fixtures/e2e/lib.js';
import type { Hit, OtlpAll } from '../fixtures/e2e/lib.js';

const A = { mrn: 'MRN123456', name: 'Johanna Quackenbush', ssn: '123-45-6789', email: 'johanna.q@example.org', phone: '555-867-5309' };
const B = { mrn: 'MRN654321', name: 'Bartholomew Oyelaran', ssn: '987-65-4321', email: 'b.oyelaran@example.net', phone: '555-214-7788' };

// Needles: each value in every form it could be stored in (URL-encoded query values included).
const PHI = [
  'Johanna', 'Quackenbush', 'Bartholomew', 'Oyelaran',
  A.ssn, B.ssn, 'johanna.q', 'b.oyelaran', '867-5309', '214-7788',
  A.mrn, B.mrn,
];

const chartUrl = (base: string, p: typeof A, fail: boolean): string =>
  `${base}/patients/${p.mrn}/chart?` + new URLSearchParams({ name: p.name, ssn: p.ssn, email: p.email, phone: p.phone, ...(fail ? { fail: '1' } : {}) }).toString();

const show = (hits: Hit[]): string => hits.map((h) => `${h.where}: "${h.needle}" in …${h.excerpt}…`).join('\n');

describe('golden redaction, end to end', () => {
  let otlp: OtlpAll | undefined;
  afterAll(async () => {
    await otlp?.close();
  });

  it('no PHI in monitoring.db, OTLP, /metrics or crash files; patient hashes correlate', async () => {
    otlp = await startOtlpAll();
    const dataDir = tempDir('vigil-golden-');
    const env = {
      VIGIL_DATA_DIR: dataDir,
      OTEL_TRACES_EXPORTER: 'sqlite,otlp',
      OTEL_LOGS_EXPORTER: 'sqlite,otlp',
      OTEL_METRICS_EXPORTER: 'sqlite,prometheus,otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    };

    // Run 1: three requests (patient A twice, B once), two of them failing.
    const app = await startFixture('phi-app.mjs', env);
    expect((await get(chartUrl(app.url, A, true))).status).toBe(500);
    expect((await get(chartUrl(app.url, A, false))).status).toBe(200);
    expect((await get(chartUrl(app.url, B, true))).status).toBe(500);

    const metricsText = await eventually(async () => {
      const m = await get(`${app.vigil}/metrics`);
      return m.text.includes('emr_chart_lookups') ? m.text : undefined;
    });
    // The OTLP backend gets the spans, the log records and the metric with PHI attributes (through the outbox).
    await eventually(() => {
      const j = otlp!.json();
      return j.includes('/patients/:mrn/chart') && j.includes('chart opened') && j.includes('emr.chart.lookups') ? true : undefined;
    }, 20_000);
    const run1 = await stop(app);
    expect(run1.code ?? run1.signal).not.toBeNull();

    // Run 2, same installation: an uncaught exception with PHI in its message.
    const crasher = await startFixture('phi-app.mjs', env);
    await get(`${crasher.url}/patients/${A.mrn}/crash?` + new URLSearchParams({ ssn: A.ssn, email: A.email, phone: A.phone }).toString());
    const crashed = await crasher.child.exited;
    expect(crashed.code).toBe(1);

    // Not vacuous: the data is there, masked.
    const spans = query<{ name: string; attributes: string }>(dataDir, "SELECT name, attributes FROM spans WHERE kind = 1 AND name LIKE '%/chart'");
    expect(spans.map((s) => s.name)).toEqual(['GET /patients/:mrn/chart', 'GET /patients/:mrn/chart', 'GET /patients/:mrn/chart']);
    const messages = query<{ body: string }>(dataDir, "SELECT body FROM messages WHERE body LIKE 'chart opened%'");
    expect(messages).toHaveLength(3);
    expect(messages[0]!.body).toContain('[SSN]');
    const events = query<{ message: string }>(dataDir, 'SELECT message FROM error_events');
    expect(events.length).toBeGreaterThanOrEqual(5); // 3 captured, 2 thrown, 1 fatal
    expect(events.some((e) => e.message.includes('[SSN]'))).toBe(true);
    const files = crashFiles(dataDir);
    expect(files).toHaveLength(1);
    expect(query(dataDir, 'SELECT id FROM crash_reports')).toHaveLength(1);

    // The keyed hash: equal for the same patient across requests, different for another one.
    const mrnHash = spans.map((s) => (JSON.parse(s.attributes) as Record<string, unknown>)['patient.mrn']);
    expect(mrnHash[0]).toEqual(expect.any(String));
    expect(mrnHash[0]).not.toBe('');
    const byPatient = new Set(mrnHash);
    expect(byPatient.size).toBe(2);
    const counts = [...byPatient].map((h) => mrnHash.filter((x) => x === h).length).sort();
    expect(counts).toEqual([1, 2]);
    // The same hash went to the OTLP backend (one secret per installation).
    for (const h of byPatient) expect(otlp.json()).toContain(String(h));

    // The assertions this test is about.
    const dbScan = scanDb(dataDir, PHI);
    expect(dbScan.rows).toBeGreaterThan(20);
    expect(show(dbScan.hits)).toBe('');
    expect(show(scanText('OTLP', otlp.json(), PHI))).toBe('');
    expect(show(scanText('/metrics', metricsText, PHI))).toBe('');
    for (const f of files) expect(show(scanText(f, readFileSync(f, 'utf8'), PHI))).toBe('');
    // Vigil prints the uncaught error itself (Node would have): redacted too.
    expect(crasher.child.stderr()).toMatch(/Uncaught/);
    expect(show(scanText('stderr of the crash', crasher.child.stderr(), PHI))).toBe('');
  });
});
