import { resolveMaxOutboxBytes, resolveTarget } from './config.js';
import { OutboxForwarder } from './forwarder.js';
import type { OtlpSignal, OutboxExporterOptions } from './types.js';

/** Builds the forwarder of one signal from the factory options, env and defaults. */
export function createForwarder(signal: OtlpSignal, opts: OutboxExporterOptions): OutboxForwarder {
  return new OutboxForwarder({
    target: resolveTarget(signal, opts),
    db: opts.db,
    maxBytes: resolveMaxOutboxBytes(opts.maxOutboxMb),
    initialBackoffMs: opts.initialBackoffMs ?? 5_000,
    maxBackoffMs: opts.maxBackoffMs ?? 3_600_000,
    shutdownDrainMs: opts.shutdownDrainMs ?? 2_000,
  });
}
