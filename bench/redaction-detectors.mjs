// Issue 12: detectors of names, dates of birth and addresses nobody declared,
// scored on the labelled corpus (test/fixtures/privacy/phi-corpus.jsonl):
// precision, recall, and CPU time per message. The three detectors of
// src/privacy/detect.ts always; the `compromise` NLP library when it can be
// imported (it is not a dependency: `npm i --no-save compromise@14` to compare).
// Run: npm run build && node bench/redaction-detectors.mjs
import { combinedDetector, contextDetector, nameListDetector } from '../dist/src/privacy/detect.js';
import { loadCorpus, score } from '../test/fixtures/privacy/evaluate.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const corpus = loadCorpus();

async function compromiseDetector() {
  const from = process.env.COMPROMISE_PATH ?? 'compromise';
  const mod = await import(from).catch(() => undefined);
  if (!mod) return undefined;
  const nlp = mod.default;
  return {
    name: "compromise 14 people() + Vigil's DOB and address patterns",
    find(text) {
      const out = contextDetector.find(text).filter((f) => f.kind !== 'name');
      for (const p of nlp(text).people().json({ offset: true })) out.push({ start: p.offset.start, end: p.offset.start + p.offset.length, kind: 'name' });
      return out;
    },
  };
}

function cpuUsPerMessage(find) {
  const start = process.cpuUsage();
  for (const l of corpus) find(l.text);
  const d = process.cpuUsage(start);
  return (d.user + d.system) / corpus.length;
}

const detectors = [contextDetector, nameListDetector, combinedDetector];
const nlp = await compromiseDetector();
if (nlp) detectors.push(nlp);

const labels = corpus.reduce((n, l) => n + l.phi.length, 0);
console.log(`corpus: ${corpus.length} lines, ${labels} labelled names / DOBs / addresses, ${corpus.filter((l) => l.phi.length === 0).length} lines with none`);
for (const d of detectors) {
  const find = (t) => d.find(t);
  const s = score(find, corpus);
  for (let i = 0; i < 3; i++) cpuUsPerMessage(find);
  const us = [];
  for (let r = 0; r < ROUNDS; r++) us.push(cpuUsPerMessage(find));
  us.sort((a, b) => a - b);
  console.log(
    `${d.name}: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (${s.found}/${s.labels}, ${s.falsePositives} false positives), ` +
      `${us[0].toFixed(1)}–${us[us.length >> 1].toFixed(1)} µs per message (best–median)`,
  );
}
if (!nlp) console.log('compromise: not installed (npm i --no-save compromise@14 to compare)');
