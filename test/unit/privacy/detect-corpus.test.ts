// Issue 12: names, dates of birth and addresses nobody declared, scored on
// the labelled corpus (test/fixtures/privacy). The thresholds are the ones
// bench/README.md reports; a change that lowers them fails here.
import { describe, expect, it } from 'vitest';
import { combinedDetector, contextDetector, nameListDetector } from '../../../src/privacy/detect.js';
import { loadCorpus, score } from '../../fixtures/privacy/evaluate.js';

const corpus = loadCorpus();

describe('free-text detectors on the labelled corpus', () => {
  it('the corpus has names of many origins and look-alikes that are not names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(corpus.filter((l) => l.phi.length === 0).length).toBeGreaterThanOrEqual(30);
    expect(corpus.some((l) => l.text.includes('Metformin'))).toBe(true);
    expect(corpus.some((l) => l.text.includes('Express'))).toBe(true);
  });

  for (const d of [contextDetector, nameListDetector, combinedDetector]) {
    it(`${d.name}: scored`, () => {
      const s = score((t) => d.find(t), corpus);
      console.log(`${d.name}: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (${s.found}/${s.labels}, ${s.falsePositives} false positives)`);
      expect(s.findings).toBeGreaterThan(0);
    });
  }

  it('the detector Vigil uses keeps its precision and recall', () => {
    const s = score((t) => combinedDetector.find(t), corpus);
    if (process.env.SHOW_MISSES) console.log(s.missed.join('\n') + '\n---\n' + s.wrong.join('\n'));
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });
});
