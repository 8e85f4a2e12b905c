export { createErrorTracker } from './tracker.js';
export { ErrorSpanProcessor } from './span-processor.js';
export { redactorFromPrivacy, IDENTITY_REDACTOR } from './redact.js';
export { normaliseMessage, defaultFingerprintParts, hashFingerprint } from './fingerprint.js';
export { parseStack } from './stack.js';
export { TRUNCATED, toSafeJson } from './safe-json.js';
export type {
  Breadcrumb,
  CaptureOptions,
  ErrorEvent,
  ErrorForwarder,
  ErrorGroup,
  ErrorLevel,
  ErrorRedactor,
  ErrorTracker,
  ErrorTrackerOptions,
  ErrorUser,
  ExceptionInfo,
  GroupEventKind,
  GroupStatus,
  SpanExceptionInput,
  StackFrame,
} from './types.js';
export { createSentryForwarder } from './sentry.js';
export type { SentryForwarder, SentryForwarderOptions } from './sentry.js';
export { parseSentryDsn, toEnvelope, toSentryEvent } from './sentry-envelope.js';
export type { SentryDsn } from './sentry-envelope.js';
export { BreadcrumbSpanProcessor, BreadcrumbLogProcessor } from './breadcrumb-processors.js';
