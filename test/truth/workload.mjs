// The scripted workload of the ground-truth suite, run under the preload
// (`node --import dist/src/register.js`). It does the non-HTTP part of the
// plan itself, serves the HTTP routes the test drives, prints WORKLOAD READY
// and, once GET /run has run the rest, WORKLOAD DONE; it crashes on GET /crash.
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { captureException, captureMessage, emr, health, metrics, monitored, trackProgress } from '../../dist/src/index.js';
import { BOOM, DB_FAIL, CAPTURED, CHECK, CRASH, DONE_JOB, EMR_SEARCH, FAST, MESSAGES, MONITORED, PARTIAL_JOB, SITE, TIMING, WAIT, values } from './plan.ts';

const express = createRequire(import.meta.url)('express');

health.register(CHECK.name, () => ({ status: 'fail', output: CHECK.output }), { critical: true, intervalMs: CHECK.intervalMs });

const app = express();
app.get(FAST.route, (_req, res) => res.json({ ok: true }));
app.get(WAIT.route, async (req, res) => {
  await sleep(Number(req.params.ms));
  res.json({ waited: Number(req.params.ms) });
});
app.get(BOOM.route, () => {
  throw new RangeError(BOOM.message);
});
const clinic = new DatabaseSync(':memory:');
clinic.exec('CREATE TABLE visits (id INTEGER PRIMARY KEY); INSERT INTO visits VALUES (1)');
app.get(DB_FAIL.route, (_req, res) => {
  clinic.prepare('INSERT INTO visits VALUES (1)').run();
  res.json({ saved: true });
});
app.get('/crash', (_req, res) => {
  res.json({ crashing: true });
  setTimeout(() => {
    throw new Error(CRASH.message);
  }, 50);
});

function throwSite() {
  throw new Error(SITE.message);
}
const capture = (fn) => {
  try {
    fn();
  } catch (err) {
    captureException(err);
  }
};

async function run() {
  for (const ms of values(TIMING.mix)) metrics.timing(TIMING.name, ms);
  const op = monitored(MONITORED.name, (ms) => sleep(ms));
  for (const ms of values(MONITORED.mix)) await op(ms);
  for (const ms of values(EMR_SEARCH.mix)) await emr.patientSearch(() => sleep(ms));

  for (let i = 0; i < CAPTURED.n; i++) captureException(new TypeError(CAPTURED.message));
  for (let i = 0; i < MESSAGES.n; i++) captureMessage(MESSAGES.text, 'warning');
  // One throw site, four call paths.
  capture(throwSite);
  await new Promise((r) => setTimeout(() => (capture(throwSite), r()), 1));
  await Promise.resolve()
    .then(() => throwSite())
    .catch((err) => captureException(err));
  const bus = new EventEmitter();
  bus.on('go', () => capture(throwSite));
  bus.emit('go');

  const partial = trackProgress(PARTIAL_JOB.name, { total: PARTIAL_JOB.total });
  for (let done = 0; done < PARTIAL_JOB.processed; done += 100) partial.update({ processed: 100 });
  // ... and stopped part-way: no complete().
  const full = trackProgress(DONE_JOB.name, { total: DONE_JOB.total });
  for (let done = 0; done < DONE_JOB.total; done += 50) full.update({ processed: 50 });
  full.complete();
}

// The timed part runs when the test asks, after start-up and the HTTP load: fewer late timers on a busy machine.
app.get('/run', (_req, res) => {
  run().then(
    () => (console.log('WORKLOAD DONE'), res.json({ done: true })),
    (err) => (console.log(`WORKLOAD FAILED ${err.stack}`), res.status(500).json({ failed: String(err) })),
  );
});

const server = app.listen(0, '127.0.0.1', () => console.log(`WORKLOAD READY ${server.address().port}`));
