export type { PatternRule, RedactionRuleExtensions, RedactionRules, Redactor } from './types.js';
export { defaultRedactionRules, DEFAULT_PHI_KEYS, DEFAULT_SAFE_HEADERS, DEFAULT_MRN_SOURCE } from './defaults.js';
export { createRedactor, createNoopRedactor } from './redactor.js';
export { loadOrCreateSecret } from './secret.js';
export { getRedactor, setRedactor, redactText, redactValue, redactUrl, hashValue } from './global.js';
export { RedactingSpanProcessor } from './span-processor.js';
export { RedactingLogRecordProcessor } from './log-processor.js';
export { redactMetricAttributes, createRedactingAttributesProcessor, createRedactingView } from './metric-attributes.js';
export { parseRedactionSection, extendRedactionRules } from './config.js';
