// How rows reach the write thread (issue 16): main-thread time (wall, around the synchronous post) per row of one
// hand-off of HANDOFF_ROWS span rows (real rows, from spanRow) posted to a
// worker, as: the Row[] itself (structured clone, what Vigil does), one JSON
// string, one flat array of values, and a transferred buffer holding the
// JSON (encoding included). The worker decodes each into rows, so all four
// give it the same thing. Interleaved rounds, "median [min–max]".
//   npm run build && node bench/handoff.mjs [--rounds=5] [--rows=25600]
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { Worker } from 'node:worker_threads';
import { options, range } from './lib.mjs';

const { spanRow } = await import(new URL('../dist/exporters/sqlite/span-rows.js', import.meta.url).href);
const { HANDOFF_ROWS } = await import(new URL('../dist/exporters/sqlite/span-processor.js', import.meta.url).href);
const opt = options({ rounds: 5, rows: 25600 });
const WIDTH = 18;

const memory = new InMemorySpanExporter();
const tracer = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'emr-clinic' }), spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] }).getTracer('@opentelemetry/instrumentation-http');
for (let i = 0; i < 512; i++) {
  tracer.startSpan('GET /patients/:id', { kind: 1, attributes: { 'http.request.method': 'GET', 'http.route': '/patients/:id', 'http.response.status_code': 200, 'url.path': `/patients/${i}`, 'server.address': 'localhost' } }).end();
}
const rows = memory.getFinishedSpans().map(spanRow);

const worker = new Worker(
  `const { parentPort } = require('node:worker_threads');
   const dec = new TextDecoder();
   parentPort.on('message', ({ kind, data }) => {
     let rows;
     if (kind === 'rows') rows = data;
     else if (kind === 'json') rows = JSON.parse(data);
     else if (kind === 'buffer') rows = JSON.parse(dec.decode(data));
     else { rows = []; for (let i = 0; i < data.length; i += ${WIDTH}) rows.push(data.slice(i, i + ${WIDTH})); }
     parentPort.postMessage(rows.length);
   });`,
  { eval: true },
);
const ack = () => new Promise((resolve) => worker.once('message', resolve));
const enc = new TextEncoder();
const forms = {
  'Row[] (structured clone)': (batch) => worker.postMessage({ kind: 'rows', data: batch }),
  'one JSON string': (batch) => worker.postMessage({ kind: 'json', data: JSON.stringify(batch) }),
  'one flat array': (batch) => worker.postMessage({ kind: 'flat', data: batch.flat() }),
  'transferred buffer (JSON bytes)': (batch) => {
    const bytes = enc.encode(JSON.stringify(batch));
    worker.postMessage({ kind: 'buffer', data: bytes }, [bytes.buffer]);
  },
};
// Wall time around the synchronous post, µs: the thread's CPU clock is too coarse for a few µs.
const cpu = () => performance.now() * 1000;
const results = Object.fromEntries(Object.keys(forms).map((k) => [k, []]));
for (let r = 0; r < opt.rounds + 1; r++) {
  const names = Object.keys(forms);
  for (const name of r % 2 ? names.reverse() : names) {
    let spent = 0;
    for (let sent = 0; sent < opt.rows; sent += HANDOFF_ROWS) {
      const batch = [];
      for (let i = 0; i < HANDOFF_ROWS; i++) batch.push(rows[(sent + i) % rows.length]);
      const got = ack();
      const c0 = cpu();
      forms[name](batch);
      spent += cpu() - c0;
      await got;
    }
    if (r > 0) results[name].push(spent / opt.rows); // round 0 warms the JIT
  }
}
await worker.terminate();
console.log(`Main-thread time (wall, around the post) per row to hand ${HANDOFF_ROWS}-row batches to a worker (${opt.rows} rows a round, ${opt.rounds} interleaved rounds, Node ${process.version}):`);
for (const [name, xs] of Object.entries(results)) console.log(`  ${name.padEnd(34)} ${range(xs, 2)} µs`);
