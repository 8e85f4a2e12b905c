import { createRedactor, defaultRedactionRules } from '../../../src/privacy/index.js';

/** The patient every golden test tries to leak. */
export const PHI = {
  name: 'Johanna Quackenbush',
  ssn: '123-45-6789',
  email: 'johanna.q@example.org',
  phone: '(555) 867-5309',
  mrn: 'MRN-20481632',
  mrnDigits: '20481632',
};

/** Substrings that must never survive redaction. */
export const FORBIDDEN = [PHI.name, 'Quackenbush', PHI.ssn, PHI.email, 'johanna.q', '867-5309', PHI.mrnDigits];

export function leaks(text: string): string[] {
  return FORBIDDEN.filter((f) => text.includes(f));
}

export function strictRedactor(secret = 'test-secret') {
  return createRedactor(defaultRedactionRules(secret));
}
