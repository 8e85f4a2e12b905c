// A small but real EMR: patients, visits, LLM-drafted prescriptions, FHIR
// reads, a batch import and a route that fails. Run it preloaded with
// `node --import @vigil/otel/register server.mjs` (npm start does). It listens
// on PORT (default 3000); Vigil's telemetry server on VIGIL_PORT (default 9464).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express from 'express';
import { Ollama } from 'ollama';
import { captureException, emr, health, measure, monitored, setUser, trackProgress } from '@vigil/otel';
import { openClinicDb } from './db.mjs';
import { generatePatients } from './patients.mjs';

const PORT = Number(process.env.PORT ?? 3000);
const MODEL = process.env.OLLAMA_MODEL ?? 'llama3.2:1b';
const db = openClinicDb(process.env.CLINIC_DB ?? './data/clinic.db');
const llm = new Ollama({ host: process.env.OLLAMA_HOST ?? 'http://127.0.0.1:11434' });

const consultations = new Map();
const app = express();
app.use(express.json());
// The clinician behind each request (a header in this demo): error events carry it, hashed.
app.use((req, _res, next) => {
  const user = req.get('x-clinician');
  if (user) setUser({ id: user });
  next();
});

// The application's own health checks, beside Vigil's built-in ones.
health.register('clinic-db', () => db.prepare('SELECT 1 AS ok').get().ok === 1, { critical: true, interval: 30_000 });
// The nightly backup of the clinic's database: none in the demo, so this check fails (not critical: it degrades).
health.register('nightly-backup', () => {
  const dir = join(dirname(process.env.CLINIC_DB ?? './data/clinic.db'), 'backups');
  const newest = existsSync(dir) ? Math.max(0, ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs)) : 0;
  if (Date.now() - newest > 26 * 3_600_000) throw new Error(`no backup in ${dir} in the last 26 hours`);
  return true;
}, { interval: 60_000 });
health.register('llm', async () => (await fetch(`${process.env.OLLAMA_HOST ?? 'http://127.0.0.1:11434'}/api/tags`)).ok, { interval: 60_000 });

// One monitored operation: a span, a duration histogram, errors captured, slow calls alerted.
const draftPrescription = monitored('emr.prescription.draft', async (complaint) => {
  const reply = await llm.chat({
    model: MODEL,
    messages: [
      { role: 'system', content: 'You draft prescriptions for a doctor to review.' },
      { role: 'user', content: `Complaint: ${complaint ?? 'unspecified'}` },
    ],
  });
  return reply.message.content;
}, { slowMs: 2000 });

app.post('/patients', (req, res) => {
  const { name, dob, mrn, phone } = req.body ?? {};
  if (!name) return res.status(400).json({ error: 'name is required' });
  const r = db.prepare('INSERT INTO patients (name, dob, mrn, phone) VALUES (?, ?, ?, ?)').run(name, dob ?? null, mrn ?? null, phone ?? null);
  emr.patientCreated();
  res.status(201).json({ id: Number(r.lastInsertRowid) });
});

app.get('/patients', (req, res) => {
  const q = String(req.query.name ?? '');
  const rows = emr.patientSearch(() => db.prepare("SELECT id, name, dob FROM patients WHERE name LIKE ? ORDER BY name LIMIT 20").all(`%${q}%`));
  res.json(rows);
});

app.get('/patients/:id', (req, res) => {
  const row = db.prepare('SELECT * FROM patients WHERE id = ?').get(Number(req.params.id));
  if (!row) return res.status(404).json({ error: 'no such patient' });
  res.json(row);
});

app.post('/visits', (req, res) => {
  const { patientId, complaint } = req.body ?? {};
  const patient = db.prepare('SELECT id FROM patients WHERE id = ?').get(Number(patientId));
  if (!patient) return res.status(404).json({ error: 'no such patient' });
  const r = db.prepare('INSERT INTO visits (patient_id, complaint) VALUES (?, ?)').run(patient.id, complaint ?? null);
  const id = Number(r.lastInsertRowid);
  // A consultation spans several requests: it ends when the visit is closed.
  consultations.set(id, emr.startConsultation({ 'emr.visit.type': 'outpatient' }));
  emr.visitSaved();
  res.status(201).json({ id });
});

app.post('/visits/:id/end', (req, res) => {
  const r = db.prepare("UPDATE visits SET ended_at = CURRENT_TIMESTAMP, outcome = ? WHERE id = ? AND ended_at IS NULL").run(req.body?.outcome ?? 'discharged', Number(req.params.id));
  if (r.changes === 0) return res.status(404).json({ error: 'no open visit' });
  consultations.get(Number(req.params.id))?.end(req.body?.outcome ?? 'discharged');
  consultations.delete(Number(req.params.id));
  res.json({ ok: true });
});

app.post('/visits/:id/prescription', async (req, res, next) => {
  try {
    const visit = db.prepare('SELECT id, complaint FROM visits WHERE id = ?').get(Number(req.params.id));
    if (!visit) return res.status(404).json({ error: 'no such visit' });
    const text = await emr.prescription(() => draftPrescription(visit.complaint));
    db.prepare('INSERT INTO prescriptions (visit_id, text) VALUES (?, ?)').run(visit.id, text);
    res.status(201).json({ text });
  } catch (err) {
    next(err);
  }
});

// FHIR-style read of a patient resource.
app.get('/fhir/Patient/:id', (req, res) => {
  const row = db.prepare('SELECT * FROM patients WHERE id = ?').get(Number(req.params.id));
  if (!row) return res.status(404).json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
  res.type('application/fhir+json').json({
    resourceType: 'Patient',
    id: String(row.id),
    identifier: row.mrn ? [{ system: 'urn:clinic:mrn', value: row.mrn }] : [],
    name: [{ text: row.name }],
    birthDate: row.dob ?? undefined,
  });
});

// A batch import of generated patients, in batches, as a background job.
app.post('/jobs/import', (req, res) => {
  const total = Math.min(Number(req.query.count ?? 2000), 50_000);
  const jobId = `import-${Date.now()}`;
  res.status(202).json({ jobId, total });
  void runImport(jobId, total);
});

async function runImport(jobId, total) {
  const insert = db.prepare('INSERT OR IGNORE INTO patients (name, dob, mrn, phone) VALUES (?, ?, ?, ?)');
  const job = trackProgress('patient-import', { total, jobId });
  const batchSize = 250;
  try {
    for (let done = 0; done < total; done += batchSize) {
      const batch = generatePatients(Math.min(batchSize, total - done), done);
      // One span per batch, with the inserts as its children.
      const inserted = measure('emr.import.batch', () => {
        db.exec('BEGIN');
        let n = 0;
        for (const p of batch) n += insert.run(p.name, p.dob, p.mrn, p.phone).changes;
        db.exec('COMMIT');
        return n;
      });
      job.update({ processed: batch.length, successful: inserted, failed: batch.length - inserted, batchSize });
      await new Promise((r) => setTimeout(r, 50));
    }
    job.complete();
  } catch (err) {
    captureException(err, { tags: { job: jobId } });
  }
}

// A route that fails, as real ones do: the report refreshes a summary table
// that the last migration forgot to create (SQLITE_ERROR, a failed database operation).
app.get('/reports/broken', (_req, res) => {
  db.exec("INSERT INTO visit_summary SELECT date(started_at), COUNT(*) FROM visits GROUP BY 1");
  res.json({ ok: true });
});

const server = app.listen(PORT, '127.0.0.1', () => {
  // The demo's own API, probed where it really listens (PORT), as a clinic's monitoring would.
  health.register('emr-api', async () => (await fetch(`http://127.0.0.1:${server.address().port}/patients?name=health`)).ok, { interval: 30_000 });
  console.log(`EMR clinic on http://127.0.0.1:${server.address().port}`);
});
