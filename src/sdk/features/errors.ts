import { BreadcrumbLogProcessor, BreadcrumbSpanProcessor, ErrorSpanProcessor, createErrorTracker, createSentryForwarder, redactorFromPrivacy } from '../../errors/index.js';
import type { ErrorForwarder } from '../../errors/index.js';
import { getRedactor } from '../../privacy/index.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

/**
 * Error tracking: explicit captures and every exception recorded on an ERROR
 * span. SENTRY_DSN forwards events as plain envelope POSTs, with no second
 * OpenTelemetry setup in the process.
 */
export const errorsFeature: Feature = {
  name: 'errors',
  setup({ config, problems, events }) {
    const rt = runtime();
    const forwarders: ErrorForwarder[] = [];
    if (config.sentryDsn) {
      try {
        forwarders.push(createSentryForwarder(config.sentryDsn));
      } catch (err) {
        problems.add('SENTRY_DSN', `${(err as Error).message}; error events are not forwarded`);
      }
    }
    const redactor = rt.redactor ?? getRedactor();
    const tracker = createErrorTracker({
      db: () => rt.store?.db,
      redact: redactorFromPrivacy(redactor),
      forwarders,
      onGroupEvent: (kind, group) => events.emit('errorGroup', kind, group),
    });
    rt.errors = tracker;
    return {
      spanProcessors: [new ErrorSpanProcessor(tracker), new BreadcrumbSpanProcessor(tracker, (path) => redactor.redactPath(path))],
      logRecordProcessors: [new BreadcrumbLogProcessor(tracker)],
      shutdown: () => tracker.shutdown(),
    };
  },
};
