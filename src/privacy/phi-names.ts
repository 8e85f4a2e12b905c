import type { DeclaredKind } from './declared.js';

// A query parameter, route parameter or attribute key whose name says it holds
// a person's data. Matched against the lower-cased name, anywhere in it
// (`patientName`, `last_name`, `dob`, `:who`).
const PHI_NAME = /patient|name|given|family|surname|who|person|mrn|ssn|dob|birth|e-?mail|phone|mobile|address|street/;
const DATE_NAME = /dob|birth|date/;
const TEXT_NAME = /address|street/;
const PERSON_NAME = /name|given|family|surname|who|person|^patient$/;

/** Whether a parameter or key name marks its value as PHI. */
export function marksPhi(name: string): boolean {
  return PHI_NAME.test(name.toLowerCase());
}

// Keys repeat (a route's parameter on every request): each is classified once.
const kinds = new Map<string, DeclaredKind>();

/** How a value found under this key is matched in free text later. */
export function kindOfKey(key: string): DeclaredKind {
  let kind = kinds.get(key);
  if (kind === undefined) {
    kind = classifyKind(key);
    if (kinds.size < 1024) kinds.set(key, kind);
  }
  return kind;
}

function classifyKind(key: string): DeclaredKind {
  const k = key.toLowerCase();
  const last = k.slice(k.lastIndexOf('.') + 1);
  if (DATE_NAME.test(last)) return 'date';
  if (TEXT_NAME.test(last)) return 'text';
  if (PERSON_NAME.test(last)) return 'name';
  return 'id';
}
