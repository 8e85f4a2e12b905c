import { diag } from '@opentelemetry/api';
import type { Exception } from '@opentelemetry/api';
import type { ErrorHandler } from '@opentelemetry/core';
import { OnceReporter, wasReported } from './once-reporter.js';

/**
 * The SDK's global error handler, in place of its default that prints a
 * multi-line JSON stack for every failed batch: one line per kind of
 * failure, nothing for a failure Vigil's own exporters already said and
 * counted (vigil.export.dropped), repeats at debug.
 */
export function vigilErrorHandler(reporter = new OnceReporter()): ErrorHandler {
  return (ex: Exception) => {
    if (wasReported(ex)) {
      diag.debug('vigil: export failure (already reported)', ex);
      return;
    }
    const message = (typeof ex === 'string' ? ex : (ex.message ?? ex.name ?? String(ex))).split('\n')[0]!.slice(0, 300);
    reporter.report(message, `vigil: ${message} (said once; repeats go to OTEL_LOG_LEVEL=debug)`);
  };
}
