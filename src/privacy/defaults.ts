import type { PatternRule, RedactionRules } from './types.js';

/** Keys hashed by default: the patient's identity and contact details. */
export const DEFAULT_PHI_KEYS: readonly string[] = [
  'patient.id',
  'patient.name',
  'patient.given_name',
  'patient.family_name',
  'patient.dob',
  'patient.birth_date',
  'patient.mrn',
  'patient.ssn',
  'patient.address',
  'patient.phone',
  'patient.email',
  'user.email',
  'user.full_name',
  'user.name',
  'enduser.id',
];

/** Header attributes (`http.request.header.<name>`) that carry no patient data. */
export const DEFAULT_SAFE_HEADERS: readonly string[] = [
  'content-type',
  'content-length',
  'content-encoding',
  'accept',
  'accept-encoding',
  'accept-language',
  'user-agent',
  'cache-control',
  'x-request-id',
  'traceparent',
];

/**
 * Medical record numbers: `MRN123456`, `MRN-123456`, `MRN: 123456`, `mrn#1234`.
 * Letter classes instead of the `i` flag so all masks fit one pre-check regex.
 */
export const DEFAULT_MRN_SOURCE = String.raw`\b[Mm][Rr][Nn][-:#]?\s*\d{4,12}\b`;

// Only after a space, quote, bracket or `=`: a path that starts the text is more
// likely a web route (`/home/feed`) than a directory.
export const HOME_PATTERN = /(?<=[\s'"`(=,;<[]|file:\/\/)\/(?:home|Users|export\/home|var\/home)\/[^/\\\s:"'`]+|\b[A-Za-z]:(?:\\{1,2}|\/)(?:Users|Documents and Settings)(?:\\{1,2}|\/)[^/\\\s:"'`]+/g;

/** Built-in masks, most specific first (an MRN or SSN would otherwise look like a phone number). */
export function builtInPatterns(mrn: RegExp | string = DEFAULT_MRN_SOURCE): PatternRule[] {
  return [
    // Query strings inside free text (log lines, breadcrumbs, error messages): values go, keys stay.
    { name: 'query', regex: String.raw`([?&][\w.%+-]{1,64}=)[^&\s#"'<>]+`, replacement: '$1[REDACTED]' },
    { name: 'email', regex: String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`, replacement: '[EMAIL]' },
    { name: 'mrn', regex: mrn, replacement: '[MRN]' },
    { name: 'ssn', regex: String.raw`(?<![\w-])\d{3}[- ]\d{2}[- ]\d{4}(?![\w-])`, replacement: '[SSN]' },
    // Home directories of every OS, whoever's (user names are often people's names):
    // `/home/drsmith`, `/Users/drsmith`, `C:\Users\drsmith` (either slash, escaped or not) → `~`.
    { name: 'home', regex: HOME_PATTERN, replacement: '~' },
    {
      name: 'phone',
      // \w look-arounds keep trace ids, UUIDs and long timestamps intact.
      regex: String.raw`(?<![\w+])(?:\+\d{1,3}[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ]?)\d{3}[-. ]?\d{4}(?!\w)`,
      replacement: '[PHONE]',
    },
  ];
}

/**
 * Attribute keys dropped outright: request and response bodies, and LLM
 * prompts and completions (in a clinic they are patient notes). Sizes
 * (`http.request.body.size`) are kept.
 */
export const BODY_KEY_PATTERN =
  /^(?!.*\.size$)(?:.*(?:^|\.)(?:body|payload|request_body|response_body)(?:\.|$)|gen_ai\.(?:prompt|completion|input\.messages|output\.messages|system_instructions|tool\.call\.(?:arguments|result)))/;

/** Attribute keys holding a URL or a query string. */
export const URL_KEYS: readonly string[] = ['url.full', 'url.query', 'http.target', 'http.url', 'url.original'];

/**
 * Keys whose values are enumerations or templates set by instrumentations;
 * skipping the text masks for them is most of the hot-path saving.
 */
export const SAFE_VALUE_KEYS: readonly string[] = [
  'http.request.method',
  'http.method',
  'http.route',
  'url.scheme',
  // Addresses and ports of hosts, not of people.
  'server.address',
  'server.port',
  'client.port',
  'network.peer.address',
  'network.peer.port',
  'network.local.address',
  'network.local.port',
  'network.protocol.name',
  'network.protocol.version',
  'network.transport',
  'network.type',
  'db.system',
  'db.system.name',
  'rpc.system',
  'messaging.system',
  'otel.status_code',
];

export function defaultRedactionRules(secret: Buffer | string): RedactionRules {
  return {
    mode: 'strict',
    phiKeys: [...DEFAULT_PHI_KEYS],
    patterns: [],
    safeHeaders: [...DEFAULT_SAFE_HEADERS],
    queryKeysKept: true,
    secret,
  };
}
