import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { ISerializer } from '@opentelemetry/otlp-transformer';
import { countDropped } from './dropped.js';
import type { OutboxForwarder } from './forwarder.js';
import { diag } from '@opentelemetry/api';
import { reportedError } from '../../src/sdk/once-reporter.js';

/**
 * Serializes with the upstream OTLP serializer and hands the bytes to the
 * forwarder. The callback always fires exactly once and nothing is thrown
 * into the SDK (which would be thrown into the host application).
 */
export function serializeAndSubmit<T>(
  forwarder: OutboxForwarder,
  serializer: ISerializer<T, unknown>,
  signal: string,
  data: T,
  resultCallback: (result: ExportResult) => void,
): void {
  let body: Uint8Array | undefined;
  try {
    body = serializer.serializeRequest(data);
  } catch (err) {
    diag.warn(`vigil outbox: cannot serialize ${signal}: ${String(err)}`);
  }
  if (!body) {
    countDropped('serialize', signal);
    resultCallback({ code: ExportResultCode.FAILED, error: reportedError(`cannot serialize ${signal}`) });
    return;
  }
  void forwarder.submit(body).then(resultCallback);
}
