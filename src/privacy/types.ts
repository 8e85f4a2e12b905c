import type { Attributes } from '@opentelemetry/api';

/** One free-text masking rule: every match of `regex` becomes `replacement`. */
export interface PatternRule {
  name: string;
  /** A RegExp, or its source text (as written in the config file). */
  regex: RegExp | string;
  replacement: string;
}

/** Everything a Redactor is built from. `defaultRedactionRules()` fills it in. */
export interface RedactionRules {
  mode: 'strict' | 'off';
  /** Attribute keys whose values are replaced by a keyed hash. A trailing `*` matches a prefix. */
  phiKeys: string[];
  /** Free-text masks, applied in order after the built-in ones. */
  patterns: PatternRule[];
  /** Medical record number pattern; replaces the default MRN mask when set. */
  mrnPattern?: RegExp | string;
  /** Header names (lower case, without the attribute prefix) that may be kept. */
  safeHeaders: string[];
  /** Query strings keep their keys; only values are replaced. Not configurable. */
  queryKeysKept: true;
  /** Per-installation HMAC key (see `loadOrCreateSecret`). */
  secret: Buffer | string;
  /** How long a declared PHI value is remembered after it was last seen (default one hour). */
  declaredTtlMs?: number;
  /** Names, DOBs and addresses nobody declared are detected in free text (default on). */
  detectFreeText?: boolean;
  /** Most declared word sequences remembered (default 20,000). */
  declaredMax?: number;
}

/** The part of the rules a config file may extend. */
export interface RedactionRuleExtensions {
  phiKeys?: string[];
  patterns?: PatternRule[];
  mrnPattern?: string;
  safeHeaders?: string[];
}

/** The decided-once redaction functions every signal goes through. */
export interface Redactor {
  readonly enabled: boolean;
  /** Masks SSN, e-mail, phone, MRN and configured patterns in free text. */
  redactText(text: string): string;
  /** Replaces query-string values (keys kept), then masks the rest as text. */
  redactUrl(url: string): string;
  /** A URL path, masked segment by segment after percent-decoding: `/p/John%20Smith` → `/p/:id`. */
  redactPath(path: string): string;
  /** Collapses identifier path segments and masks text: `GET /patients/123` → `GET /patients/:id`. */
  redactSpanName(name: string): string;
  /** Returns the same object when nothing changed, a new one otherwise. */
  redactAttributes(attributes: Attributes): Attributes;
  /** The same, on an SDK-owned map (span or log record attributes) that may be changed. */
  redactAttributesInPlace(attributes: Attributes): void;
  /** Deep redaction of any JSON-like value (log bodies, error contexts, breadcrumbs). */
  redactValue(value: unknown): unknown;
  /** Like redactAttributes, but for metric labels: identifiers never become labels. */
  redactMetricAttributes(attributes: Attributes): Attributes;
  /** Keyed hash (HMAC-SHA256) of a value, stable for one installation. */
  hash(value: unknown): string;
  /**
   * Remembers PHI values (`{ name, mrn, dob, address }`; the key says how each
   * is matched) so that they are masked in any free text for a while.
   */
  declare(values: Record<string, unknown>): void;
  /** Remembers the PHI an attribute map holds: PHI keys, PHI query and route parameters. */
  noteAttributes(attributes: Attributes): void;
}
