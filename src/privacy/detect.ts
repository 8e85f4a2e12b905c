import { GIVEN_NAMES } from './given-names.js';

/** A stretch of free text a detector takes for a person's data. */
export interface Finding {
  start: number;
  end: number;
  kind: 'name' | 'dob' | 'address';
}

/** One way to find names, dates of birth and addresses nobody declared. */
export interface Detector {
  name: string;
  find(text: string): Finding[];
}

const MONTH = String.raw`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?`;
const DATE = String.raw`(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|${MONTH}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+${MONTH},?\s+\d{4})`;
// The date after "DOB", "born", "date of birth", "birth date".
const DOB = new RegExp(String.raw`(\b(?:DOB|D\.O\.B\.?|[Dd]ob|[Dd]ate [Oo]f [Bb]irth|[Bb]irth ?[Dd]ate|[Bb]irthday|[Bb]orn(?: on)?)\b[\s:=#(-]{0,3})(${DATE})`, 'g');

const SUFFIX = String.raw`(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Terrace|Ter|Court|Ct|Way|Place|Pl|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Crescent|Close|Row|Trail)`;
// A house number, one to three capitalised words, a street type.
const ADDRESS = new RegExp(String.raw`\b\d{1,6}[A-Za-z]?,?\s+(?:[NSEW]\.?\s+)?(?:\p{Lu}[\p{L}'’-]*\.?\s+){1,3}${SUFFIX}\b\.?`, 'gu');

// Words that follow "patient", "Mr", "Dr"… in code and logs without being a name.
const NOT_NAMES = new Set(
  `id ids portal record records search service services chart charts list lookup summary node express api data name names
number not found profile intake registration queue visit visits note notes admin update updated created deleted import
export sync count status error errors is was has the a an with without from to in on of at for and or no none null
undefined unknown object array string request response timeout table model controller router handler module class type
schema web app mobile email phone address dob mrn ssn demographics insurance consent allergies medications medication
lab labs results result encounter encounters appointment appointments discharge admission transfer portal context
resource resources bundle query history care plan team merge merged match matched batch job jobs file files
text integer real blob primary key unique default references`.split(/\s+/),
);

const CAP = String.raw`\p{Lu}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)?`;
// A context word, then up to three capitalised words.
const AFTER_CONTEXT = new RegExp(
  String.raw`(\b(?:[Pp]atient|[Pp]t\.|Mrs?\.?|Ms\.?|Miss|Mx\.?|Dr\.?|[Nn]ame[d:=]?|[Ss]ubject|Dear)\s*[:=]?\s+)(${CAP}(?:\s+${CAP}){0,2})`,
  'gu',
);
// A listed given name, alone or with up to two capitalised words after it; or `Family, Given`.
const LISTED = new RegExp(String.raw`(${CAP}),\s+(\p{Lu}[\p{Ll}'’]+(?:-\p{Ll}+)?)|(?<![\p{L}\d_./-])(\p{Lu}[\p{Ll}'’]+(?:-\p{Ll}+)?)((?:\s+${CAP}){0,2})`, 'gu');
const MARKS = /\p{M}/gu;

function isGiven(word: string): boolean {
  const w = word.toLowerCase();
  return GIVEN_NAMES.has(w) || GIVEN_NAMES.has(w.normalize('NFKD').replace(MARKS, '')) || GIVEN_NAMES.has(w.replace('-', ''));
}

function stripNotNames(text: string, start: number, words: string): Finding | undefined {
  // Trailing look-alikes (`Patient Jane Portal`) are not part of the name; a leading one means no name at all.
  const parts = words.trim().split(/\s+/);
  let n = 0;
  while (n < parts.length && !NOT_NAMES.has(parts[n]!.toLowerCase())) n++;
  if (n === 0) return undefined;
  const at = text.indexOf(parts[0]!, start);
  const last = parts[n - 1]!;
  const end = text.indexOf(last, at + (n === 1 ? 0 : parts[0]!.length)) + last.length;
  return { start: at, end, kind: 'name' };
}

function dobAndAddress(text: string, out: Finding[]): void {
  DOB.lastIndex = 0;
  for (let m = DOB.exec(text); m; m = DOB.exec(text)) {
    const start = m.index + m[1]!.length;
    out.push({ start, end: start + m[2]!.length, kind: 'dob' });
  }
  ADDRESS.lastIndex = 0;
  for (let m = ADDRESS.exec(text); m; m = ADDRESS.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'address' });
}

function contextNames(text: string, out: Finding[]): void {
  AFTER_CONTEXT.lastIndex = 0;
  for (let m = AFTER_CONTEXT.exec(text); m; m = AFTER_CONTEXT.exec(text)) {
    const f = stripNotNames(text, m.index + m[1]!.length, m[2]!);
    if (f) out.push(f);
  }
}

function listedNames(text: string, out: Finding[]): void {
  LISTED.lastIndex = 0;
  for (let m = LISTED.exec(text); m; m = LISTED.exec(text)) {
    if (m[1] !== undefined) {
      // `Quackenbush, Johanna`: the given name decides.
      if (isGiven(m[2]!) && !NOT_NAMES.has(m[1].toLowerCase())) out.push({ start: m.index, end: m.index + m[0].length, kind: 'name' });
      else LISTED.lastIndex = m.index + 1;
      continue;
    }
    if (!isGiven(m[3]!)) {
      LISTED.lastIndex = m.index + m[3]!.length;
      continue;
    }
    const f = stripNotNames(text, m.index, m[3]! + (m[4] ?? ''));
    if (f) out.push(f);
  }
}

/** Context words only: "patient", "Mr", "Mrs", "Dr", "DOB", "born", a house number before a street type. */
export const contextDetector: Detector = {
  name: 'context words',
  find(text) {
    const out: Finding[] = [];
    dobAndAddress(text, out);
    contextNames(text, out);
    return out;
  },
};

/** A list of given names: a listed name followed by a capitalised word. Dates and addresses as above. */
export const nameListDetector: Detector = {
  name: 'name list',
  find(text) {
    const out: Finding[] = [];
    dobAndAddress(text, out);
    listedNames(text, out);
    return out;
  },
};

/** Both: what Vigil uses. */
export const combinedDetector: Detector = {
  name: 'context words + name list',
  find(text) {
    const out: Finding[] = [];
    dobAndAddress(text, out);
    contextNames(text, out);
    listedNames(text, out);
    return out;
  },
};

/**
 * The detector's expressions, for the warm-up (warm-up.ts): V8 compiles an
 * expression at its first runs, several ms for these unicode ones together.
 */
export const DETECTOR_EXPRESSIONS: readonly RegExp[] = [DOB, ADDRESS, AFTER_CONTEXT, LISTED, MARKS];

const LABEL = { name: '[NAME]', dob: '[DOB]', address: '[ADDRESS]' } as const;

/**
 * Every finding needs a capitalised word (names, street names) or a birth
 * word: lower-case paths, ids and numbers skip the detector.
 */
// ASCII classes (and any non-ASCII letter) instead of \p{Lu}: a unicode-mode scan costs several times more.
export const DETECTOR_HINT = /[A-Z][a-z]|[Dd][Oo][Bb]|[Bb]irth|[Bb]orn|[\u00c0-\uffff]/;

/** Replaces what the detector finds; the same string when it finds nothing. */
export function createDetectingMasker(detector: Detector): (text: string) => string {
  return (text: string): string => {
    const found = detector.find(text);
    if (found.length === 0) return text;
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    let out = '';
    let last = 0;
    for (const f of found) {
      if (f.start < last) continue;
      out += text.slice(last, f.start) + LABEL[f.kind];
      last = f.end;
    }
    return out + text.slice(last);
  };
}
