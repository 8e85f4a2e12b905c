// Golden redaction test (issue 4): PHI that enters through a request (query
// string, thrown error, span attributes and events, a log record, a metric
// attribute, captureException context and user) never reaches monitoring.db,
// the OTLP backend, /metrics or a crash report, and the keyed hash of a
// patient id correlates across requests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, tempDir } from '../helpers/child.js';
import { crashFiles, get, query, scanDb, scanText, startFixture, startOtlpAll, stop } from '../fixtures/e2e/lib.js';
import type { Hit, OtlpAll } from '../fixtures/e2e/lib.js';
import { vigil } from '../fixtures/cli/run.js';

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

// Issue 12: the shapes that still leaked — encoded paths, values declared on
// the span or with privacy.declare and then written in free text, a job's name,
// an alert's text, undeclared DOB / address / name, home paths in a crash.
describe('golden redaction, issue 12 shapes', () => {
  let otlp: OtlpAll | undefined;
  afterAll(async () => {
    await otlp?.close();
  });

  const P = {
    path: 'Wilhelmina Ekwueme 123-45-6789',
    other: 'Mary Okonkwo jo@example.org',
    who: 'Dagny Thorsdottir',
    visit: 'Johanna Quackenbush',
    declared: { name: 'Bartholomew Oyelaran', dob: '1984-03-12', address: '742 Evergreen Terrace', ssn: '987-65-4321' },
    note: { name: 'Siobhan Nakamura', dob: '11/02/1979', address: '1600 Pennsylvania Avenue' },
    user: 'drzhivago',
  };
  // Long enough never to occur by chance in a random id or a timestamp.
  const NEEDLES = [
    'Wilhelmina', 'Ekwueme', '45-6789', '45%2D6789', 'Okonkwo', 'jo@example', 'jo%40example', 'Thorsdottir', 'Dagny',
    'Johanna', 'Quackenbush', 'Bartholomew', 'Oyelaran', '1984-03', '12.03.1984', '742 Evergreen', 'Evergreen Terrace', '65-4321',
    'Siobhan', 'Nakamura', '11/02/1979', '1600 Pennsylvania', 'drzhivago',
  ];
  const API = ['/api/summary', '/api/summary?window=24h', '/api/meta', '/api/errors', '/api/export', '/api/crashes', '/api/jobs', '/api/alerts', '/api/health', '/api/progress', '/api/silences'];

  it('no probe value in the database (tables, WAL), crash files, OTLP, /metrics or any /api endpoint; the errors are still recorded', async () => {
    otlp = await startOtlpAll();
    const dataDir = tempDir('vigil-golden12-');
    const env = {
      VIGIL_DATA_DIR: dataDir,
      OTEL_TRACES_EXPORTER: 'sqlite,otlp',
      OTEL_LOGS_EXPORTER: 'sqlite,otlp',
      OTEL_METRICS_EXPORTER: 'sqlite,prometheus,otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    };
    const q = (o: Record<string, string>) => new URLSearchParams(o).toString();
    const app = await startFixture('phi-shapes.mjs', env);
    expect((await get(`${app.url}/patients/${encodeURIComponent(P.path)}?${q({ other: P.other })}`)).status).toBe(200);
    expect((await get(`${app.url}/chart/${encodeURIComponent(P.who)}`)).status).toBe(500);
    expect((await get(`${app.url}/visit?${q({ name: P.visit })}`)).status).toBe(500);
    expect((await get(`${app.url}/declare?${q(P.declared)}`)).status).toBe(200);
    expect((await get(`${app.url}/note?${q({ a: P.note.name, b: P.note.dob, c: P.note.address })}`)).status).toBe(200);

    await eventually(() => (otlp!.json().includes('chart opened') && otlp!.json().includes('/visit') ? true : undefined), 20_000);
    const metricsText = (await get(`${app.vigil}/metrics`)).text;
    const api: [string, string][] = [];
    await eventually(async () => ((await get(`${app.vigil}/api/errors`)).text.includes('visit failed') ? true : undefined), 20_000);
    for (const path of API) {
      const r = await get(`${app.vigil}${path}`);
      expect(r.status, path).toBe(200);
      api.push([path, r.text]);
    }
    await stop(app);

    const crasher = await startFixture('phi-shapes.mjs', env);
    await get(`${crasher.url}/crash?${q({ user: P.user })}`);
    expect((await crasher.child.exited).code).toBe(1);

    // Not vacuous: every sink holds the data, masked.
    const spans = query<{ name: string; attributes: string }>(dataDir, "SELECT name, attributes FROM spans WHERE kind = 1 AND name LIKE 'GET /patients%'");
    expect(spans.map((s) => s.name)).toEqual(['GET /patients/:id']);
    expect(JSON.parse(spans[0]!.attributes)['url.path']).toBe('/patients/:id');
    const client = query<{ attributes: string }>(dataDir, 'SELECT attributes FROM spans WHERE kind = 2');
    expect(client.map((s) => JSON.parse(s.attributes)['url.full'])).toContainEqual(expect.stringMatching(/\/lookup\/:id$/));
    const events = query<{ message: string }>(dataDir, 'SELECT message FROM error_events');
    expect(events.some((e) => e.message.includes('visit failed: [PHI] not found'))).toBe(true);
    expect(events.some((e) => e.message.includes('chart missing: [PHI]'))).toBe(true);
    expect(events.some((e) => /\[PHI\] \(born \[PHI\]\) moved to \[PHI\]/.test(e.message))).toBe(true);
    expect(query<{ name: string }>(dataDir, 'SELECT name FROM progress')).toEqual([{ name: 're-import [SSN] [PHI]' }]);
    expect(query<{ title: string }>(dataDir, 'SELECT title FROM alerts').some((a) => a.title === 'duplicate chart for [PHI]')).toBe(true);
    const logsRows = query<{ body: string }>(dataDir, 'SELECT body FROM messages');
    expect(logsRows.map((m) => m.body)).toEqual(
      expect.arrayContaining(['chart opened for [PHI]', 'visit started for [PHI]', 'Patient [NAME], DOB [DOB], lives at [ADDRESS]']),
    );
    const files = crashFiles(dataDir);
    expect(files).toHaveLength(1);
    expect(readFileSync(files[0]!, 'utf8')).toContain('cannot write ~/notes.txt, ~/notes.txt or ~');

    const hits = [
      ...scanDb(dataDir, NEEDLES).hits,
      ...scanText('OTLP', otlp.json(), NEEDLES),
      ...scanText('/metrics', metricsText, NEEDLES),
      ...api.flatMap(([path, text]) => scanText(path, text, NEEDLES)),
      ...files.flatMap((f) => scanText(f, readFileSync(f, 'utf8'), NEEDLES)),
      ...scanText('stderr of the crash', crasher.child.stderr(), NEEDLES),
    ];
    expect(show(hits)).toBe('');

    // And the clinic's own check agrees: nothing to find, nothing flagged by mistake.
    const scan = await vigil(['privacy', 'scan', '--db', join(dataDir, 'monitoring.db'), '--json']);
    expect(scan.code, scan.stdout).toBe(0);
  });
});
