import type { DatabaseSync } from 'node:sqlite';

/** OTLP signal name, as stored in `outbox.signal`. */
export type OtlpSignal = 'traces' | 'metrics' | 'logs';

export type OtlpHttpProtocol = 'http/protobuf' | 'http/json';

/** Options of the three outbox exporter factories. Anything unset comes from the OTEL_EXPORTER_OTLP_* env. */
export interface OutboxExporterOptions {
  /** `http/protobuf` (default) or `http/json`; unset: OTEL_EXPORTER_OTLP_{SIGNAL_}PROTOCOL. */
  protocol?: OtlpHttpProtocol;
  /** The store's writer handle; undefined (or returning undefined) means plain sends, drops counted. */
  db?: () => DatabaseSync | undefined;
  /** Full signal URL (used as is), e.g. http://collector:4318/v1/traces. */
  url?: string;
  headers?: Record<string, string>;
  timeoutMillis?: number;
  compression?: 'none' | 'gzip';
  /** Cap of the whole outbox table (all signals); default VIGIL_OUTBOX_MAX_MB or 100. */
  maxOutboxMb?: number;
  /** First retry delay; doubles per attempt up to maxBackoffMs. Default 5 s. */
  initialBackoffMs?: number;
  /** Default 1 h. */
  maxBackoffMs?: number;
  /** How long shutdown() may spend on a final drain. Default 2 s. */
  shutdownDrainMs?: number;
}

/** The resolved settings one forwarder runs with. */
export interface OtlpHttpTarget {
  signal: OtlpSignal;
  url: string;
  headers: Record<string, string>;
  contentType: string;
  timeoutMillis: number;
  compression: 'none' | 'gzip';
}

/** Outcome of one HTTP attempt; never an exception. */
export type SendOutcome =
  | { kind: 'ok' }
  | { kind: 'retryable'; error: string; retryAfterMs?: number }
  | { kind: 'fatal'; error: string };

/** One row of the `outbox` table as read back for replay. */
export interface OutboxRow {
  id: number;
  signal: string;
  url: string;
  content_type: string;
  body: Uint8Array;
  bytes: number;
  attempts: number;
  next_attempt_ms: number;
}
