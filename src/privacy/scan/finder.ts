import { createHmac } from 'node:crypto';
import { defaultRedactionRules } from '../defaults.js';
import { createRedactor } from '../redactor.js';

/** What a scan reports of one text: the kinds found, and the text as it should have been. */
export interface Leak {
  kinds: string[];
  clean: string;
}

export interface LeakFinder {
  /** undefined when the text holds nothing. */
  check(text: string): Leak | undefined;
}

const LABELS: [string, string][] = [
  ['[SSN]', 'ssn'],
  ['[EMAIL]', 'email'],
  ['[PHONE]', 'phone'],
  ['[MRN]', 'mrn'],
  ['[NAME]', 'name'],
  ['[DOB]', 'dob'],
  ['[ADDRESS]', 'address'],
  ['[REDACTED]', 'query value'],
  ['~', 'home directory'],
];
const WORD_SPLIT = /[\s"'`,;()[\]{}<>]+/;
const MAX_WORDS = 4;
export const HASH_IN_TEXT = /hmac:[0-9a-f]{32}/g;
const ONLY_HASH = /^hmac:[0-9a-f]{32}$/;

function count(text: string, label: string): number {
  let n = 0;
  for (let i = text.indexOf(label); i >= 0; i = text.indexOf(label, i + label.length)) n++;
  return n;
}

/**
 * Finds in one text what the redactor masks today (SSN, e-mail, phone, MRN,
 * names, DOBs, addresses, home directories), and any run of up to four words
 * whose keyed hash is one of `known` (PHI values that were hashed into the
 * database): a name that leaked in clear is found by its own hash.
 */
export function createLeakFinder(secret: Buffer | undefined, known: ReadonlySet<string>): LeakFinder {
  // The key is only used to recognise hashes; a missing key means patterns only.
  const redactor = createRedactor(defaultRedactionRules(secret ?? 'no key'));
  const hash = (v: string): string => 'hmac:' + createHmac('sha256', secret!).update(v).digest('hex').slice(0, 32);

  const hashed = (text: string): string[] => {
    if (!secret || known.size === 0) return [];
    const words = text.split(WORD_SPLIT).map((w) => w.replace(/[.:!?]+$/, '')).filter((w) => w !== '');
    const found: string[] = [];
    for (let i = 0; i < words.length; i++) {
      let cand = '';
      for (let n = 0; n < MAX_WORDS && i + n < words.length; n++) {
        cand = n === 0 ? words[i]! : `${cand} ${words[i + n]!}`;
        if (known.has(hash(cand))) found.push(cand);
      }
    }
    if (known.has(hash(text.trim()))) found.push(text.trim());
    return found;
  };

  return {
    check(text) {
      if (text.length < 2 || ONLY_HASH.test(text)) return undefined;
      let clean = redactor.redactText(text);
      const kinds: string[] = [];
      if (clean !== text) for (const [label, kind] of LABELS) if (count(clean, label) > count(text, label)) kinds.push(kind);
      const values = hashed(text);
      if (values.length > 0) {
        kinds.push('declared value');
        // Longest first, so a full name goes before its parts.
        for (const v of values.sort((a, b) => b.length - a.length)) clean = clean.split(v).join('[PHI]');
      }
      return kinds.length === 0 && clean === text ? undefined : { kinds: kinds.length ? kinds : ['masked'], clean };
    },
  };
}
