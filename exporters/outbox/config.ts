import { diag } from '@opentelemetry/api';
import { getNumberFromEnv, getStringFromEnv, parseKeyPairsIntoRecord } from '@opentelemetry/core';
import type { OtlpHttpProtocol, OtlpHttpTarget, OtlpSignal, OutboxExporterOptions } from './types.js';

const ENV_ID: Record<OtlpSignal, string> = { traces: 'TRACES', metrics: 'METRICS', logs: 'LOGS' };
const DEFAULT_BASE = 'http://localhost:4318/';
const DEFAULT_TIMEOUT_MS = 10_000;

/** Parses an http(s) URL, warning (not throwing) on anything else, like the upstream exporters do for env values. */
function validUrl(raw: string, from: string): string | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // reported below
  }
  diag.warn(`vigil outbox: ${from} is not an http(s) URL, ignoring it`);
  return undefined;
}

/** Per-signal endpoint is used as is; the generic one gets `v1/<signal>` appended (OTLP spec). */
function urlFromEnv(signal: OtlpSignal): string | undefined {
  const specificName = `OTEL_EXPORTER_OTLP_${ENV_ID[signal]}_ENDPOINT`;
  const specific = getStringFromEnv(specificName);
  if (specific !== undefined) {
    const url = validUrl(specific, specificName);
    if (url) return url;
  }
  const base = getStringFromEnv('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base === undefined) return undefined;
  return validUrl((base.endsWith('/') ? base : base + '/') + `v1/${signal}`, 'OTEL_EXPORTER_OTLP_ENDPOINT');
}

function timeoutFromEnv(signal: OtlpSignal): number | undefined {
  for (const name of [`OTEL_EXPORTER_OTLP_${ENV_ID[signal]}_TIMEOUT`, 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
    const value = getNumberFromEnv(name);
    if (value === undefined) continue;
    if (Number.isFinite(value) && value > 0) return value;
    diag.warn(`vigil outbox: ${name} must be a number > 0 (got ${value}), ignoring it`);
  }
  return undefined;
}

function compressionFromEnv(signal: OtlpSignal): 'none' | 'gzip' | undefined {
  for (const name of [`OTEL_EXPORTER_OTLP_${ENV_ID[signal]}_COMPRESSION`, 'OTEL_EXPORTER_OTLP_COMPRESSION']) {
    const value = getStringFromEnv(name)?.trim();
    if (value === undefined) continue;
    if (value === 'none' || value === 'gzip') return value;
    diag.warn(`vigil outbox: ${name} must be 'none' or 'gzip' (got '${value}'), ignoring it`);
  }
  return undefined;
}

/** The protocol in code wins; else the env; gRPC is not offered by the outbox, so it falls back to protobuf. */
export function resolveProtocol(signal: OtlpSignal, protocol?: OtlpHttpProtocol): OtlpHttpProtocol {
  if (protocol) return protocol;
  const raw =
    getStringFromEnv(`OTEL_EXPORTER_OTLP_${ENV_ID[signal]}_PROTOCOL`) ?? getStringFromEnv('OTEL_EXPORTER_OTLP_PROTOCOL');
  if (raw === undefined || raw === 'http/protobuf') return 'http/protobuf';
  if (raw === 'http/json') return 'http/json';
  diag.warn(`vigil outbox: OTLP protocol '${raw}' is not supported by the store-and-forward exporter, using http/protobuf`);
  return 'http/protobuf';
}

/** Code options over env over spec defaults, as the upstream OTLP/HTTP exporters merge them. */
export function resolveTarget(signal: OtlpSignal, opts: OutboxExporterOptions): OtlpHttpTarget {
  const protocol = resolveProtocol(signal, opts.protocol);
  const envHeaders = {
    ...parseKeyPairsIntoRecord(getStringFromEnv('OTEL_EXPORTER_OTLP_HEADERS')),
    ...parseKeyPairsIntoRecord(getStringFromEnv(`OTEL_EXPORTER_OTLP_${ENV_ID[signal]}_HEADERS`)),
  };
  const url =
    (opts.url !== undefined ? validUrl(opts.url, 'url option') : undefined) ??
    urlFromEnv(signal) ??
    DEFAULT_BASE + `v1/${signal}`;
  const timeout = opts.timeoutMillis ?? timeoutFromEnv(signal) ?? DEFAULT_TIMEOUT_MS;
  return {
    signal,
    url,
    headers: { ...envHeaders, ...opts.headers },
    contentType: protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
    timeoutMillis: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
    compression: opts.compression ?? compressionFromEnv(signal) ?? 'none',
  };
}

/** VIGIL_OUTBOX_MAX_MB (default 100) unless given in code. */
export function resolveMaxOutboxBytes(maxOutboxMb?: number): number {
  let mb = maxOutboxMb;
  if (mb === undefined) {
    const env = getNumberFromEnv('VIGIL_OUTBOX_MAX_MB');
    if (env !== undefined && !(Number.isFinite(env) && env > 0)) {
      diag.warn(`vigil outbox: VIGIL_OUTBOX_MAX_MB must be a number > 0 (got ${env}), using 100`);
    } else {
      mb = env;
    }
  }
  return Math.floor((mb ?? 100) * 1024 * 1024);
}
