import type { ResourceLimits } from 'node:worker_threads';

/**
 * Heap limits of Vigil's SQLite threads (the write thread, the dashboard read
 * thread). Their garbage is short-lived (one batch, one read), so a small young
 * generation is enough; V8's default lets the semi-spaces of each isolate grow
 * to tens of MB of RSS under load. The old generation is left at V8's default:
 * a cap small enough to matter could end the thread under one big batch.
 */
export const THREAD_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 4 };
