import { DECODE_EXPRESSIONS } from './decode.js';
import { DETECTOR_EXPRESSIONS } from './detect.js';
import { TOKEN_EXPRESSIONS } from './tokens.js';
import { defaultRedactionRules } from './defaults.js';
import { createRedactor } from './redactor.js';
import type { Redactor } from './types.js';

// Matches something for every expression: a name after a context word, a
// listed given name, a date of birth, a street address, an accent, an e-mail,
// an SSN, an MRN, a percent escape, a `+` between words.
const SAMPLE = 'Patient José Smith, DOB 1984-03-12, 12 Main Street, jo@mail.org 123-45-6789 MRN 55512 a%20b c+d';

/**
 * The first request of a process used to pay for V8 compiling the redaction
 * expressions (≈ 5 ms in one task: the unicode ones of the name detector,
 * the word splitter and the masks), twice, as V8 compiles an expression
 * again to machine code at its second run. These steps run them before a
 * request needs them, one family per turn of the event loop, so that no
 * single task is long. Nothing is declared: masking is unchanged.
 */
export function warmUpSteps(redactor: Redactor): (() => void)[] {
  const runs = (re: RegExp) => () => {
    for (let i = 0; i < 3; i++) {
      re.lastIndex = 0;
      re.test(SAMPLE);
    }
    re.lastIndex = 0;
  };
  return [
    ...DETECTOR_EXPRESSIONS.map(runs),
    ...TOKEN_EXPRESSIONS.map(runs),
    ...DECODE_EXPRESSIONS.map(runs),
    // This redactor's own masks (a config file may add some), memoised apart.
    () => {
      for (const text of [SAMPLE, `${SAMPLE} `, `${SAMPLE}  `]) redactor.redactText(text);
    },
    // V8 compiles a function at its first call: a throwaway redactor runs
    // the span path, PHI declared from a route included, whose code the
    // configured one shares; the configured one declares nothing.
    ...throwawayPath(),
  ];
}

function throwawayPath(): (() => void)[] {
  let r: Redactor | undefined;
  const span = (i: number) => ({
    'http.request.method': 'GET',
    'url.scheme': 'http',
    'url.path': `/patients/Jane%20Doe${i}/chart`,
    'url.query': 'q=1&mrn=1234',
    'server.address': 'localhost',
    'server.port': 3000,
    'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120',
    'client.address': '127.0.0.1',
    'http.response.status_code': 200,
    'http.route': '/patients/:name/chart',
  });
  return [
    () => {
      r = createRedactor(defaultRedactionRules('warm-up'));
    },
    ...[0, 1, 2].map((i) => () => r!.redactAttributesInPlace(span(i))),
    () => {
      for (let i = 0; i < 3; i++) {
        r!.redactSpanName(`GET /patients/${i}`);
        r!.redactMetricAttributes({ 'http.route': '/patients/:name/chart', 'http.response.status_code': 200 + i });
        r!.noteAttributes(span(i + 3));
        r!.redactValue({ message: `Jane Doe${i} seen`, list: [1, 'a@b.co'] });
      }
    },
  ];
}

/** Runs the steps one per macrotask, never keeping the process alive; a step that throws ends the warm-up. */
export function warmUp(redactor: Redactor): void {
  if (!redactor.enabled) return;
  const steps = warmUpSteps(redactor);
  const next = (): void => {
    const step = steps.shift();
    if (!step) return;
    try {
      step();
    } catch {
      return;
    }
    setTimeout(next, 0).unref();
  };
  setTimeout(next, 0).unref();
}
