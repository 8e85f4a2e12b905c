// Exercises every part of the demo EMR: `node examples/emr-clinic/load.mjs [baseUrl] [rounds]`.
const base = process.argv[2] ?? process.env.EMR_URL ?? 'http://127.0.0.1:3000';
const rounds = Number(process.argv[3] ?? 20);

async function call(method, path, body) {
  const headers = { 'x-clinician': clinician };
  if (body) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

let failures = 0;
let clinician = 'dr-0';
for (let i = 0; i < rounds; i++) {
  clinician = `dr-${i % 3}`;
  const p = await call('POST', '/patients', { name: `Load Patient ${i}`, dob: '1980-01-01', mrn: `MRN${900000 + i}-${Date.now()}`, phone: '555-0100' });
  const id = p.json.id;
  await call('GET', `/patients/${id}`);
  await call('GET', `/patients?name=Load`);
  await call('GET', `/fhir/Patient/${id}`);
  const v = await call('POST', '/visits', { patientId: id, complaint: 'sore throat and fever for three days' });
  if (i % 2 === 0) await call('POST', `/visits/${v.json.id}/prescription`);
  await call('POST', `/visits/${v.json.id}/end`, { outcome: 'discharged' });
  if (i % 5 === 0) failures += (await call('GET', '/reports/broken')).status >= 500 ? 1 : 0;
  await call('GET', '/patients/999999');
}
const job = await call('POST', '/jobs/import?count=2000');
console.log(`load done: ${rounds} rounds, ${failures} failed reports (expected), import job ${job.json.jobId}`);
