import {
  RedactingLogRecordProcessor,
  RedactingSpanProcessor,
  createNoopRedactor,
  createRedactor,
  defaultRedactionRules,
  extendRedactionRules,
  loadOrCreateSecret,
  parseRedactionSection,
  setRedactor,
  warmUp,
} from '../../privacy/index.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

/** Redaction first in every pipeline: nothing later sees PHI. VIGIL_REDACTION=off must be explicit. */
export const privacyFeature: Feature = {
  name: 'privacy',
  setup({ config, problems }) {
    if (config.redaction === 'off') {
      const redactor = createNoopRedactor();
      setRedactor(redactor);
      runtime().redactor = redactor;
      return undefined;
    }
    let rules = defaultRedactionRules(loadOrCreateSecret(config.dataDir));
    const file = config.file;
    if (file?.sections.redaction !== undefined) {
      const parsed = parseRedactionSection(file.sections.redaction, file.where);
      for (const line of parsed.problems) problems.addLine(line);
      rules = extendRedactionRules(rules, parsed.rules);
    }
    const redactor = createRedactor(rules);
    setRedactor(redactor);
    runtime().redactor = redactor;
    warmUp(redactor);
    return {
      spanProcessors: [new RedactingSpanProcessor(redactor)],
      logRecordProcessors: [new RedactingLogRecordProcessor(redactor)],
    };
  },
};
