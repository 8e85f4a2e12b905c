import type { DiagLogger } from '@opentelemetry/api';
import { countDropped } from '../../exporters/outbox/dropped.js';

// The SDK's batch processors drop what arrives while their queue is full and
// say so (diag.warn) each time the queue takes items again: under sustained
// load, one line per exported batch. Vigil says it once per process and
// counts every dropped item in vigil.export.dropped{reason="queue_full"}.
const DROPPED = /^Dropped (\d+) (spans|log records) because maxQueueSize reached/;
const said = new Set<string>();

/** True when `message` was the SDK's queue-drop line, now counted (and said only the first time). */
export function queueDropLine(message: string, say: (line: string) => void): boolean {
  const m = DROPPED.exec(message);
  if (!m) return false;
  const signal = m[2] === 'spans' ? 'traces' : 'logs';
  countDropped('queue_full', signal, Number(m[1]));
  if (!said.has(signal)) {
    said.add(signal);
    const env = signal === 'traces' ? 'OTEL_BSP_MAX_QUEUE_SIZE' : 'OTEL_BLRP_MAX_QUEUE_SIZE';
    say(`vigil: ${message} (the application makes them faster than they are stored; raise ${env} to queue more); further drops are counted in vigil.export.dropped{reason="queue_full"}, not said`);
  }
  return true;
}

/** `logger` with the SDK's queue-drop lines said once per signal and counted. */
export function sayingQueueDropsOnce(logger: DiagLogger): DiagLogger {
  const warn = logger.warn.bind(logger);
  return { ...logger, warn: (message: string, ...args: unknown[]) => void (queueDropLine(message, (line) => warn(line)) || warn(message, ...args)) };
}
