// Progress tracking for batch jobs: counts, ETA, checkpoint/resume, telemetry, /api/progress.
export { trackProgress, ProgressTracker } from './tracker.js';
export { listProgress, progressRouter } from './list.js';
export { stopAll as stopAllProgress } from './registry.js';
export type { ProgressRouterOptions } from './list.js';
export { readCheckpoint, writeCheckpoint } from './checkpoint.js';
export { formatReport, formatBar, formatSeconds } from './format.js';
export { PROGRESS_PROCESSED, PROGRESS_FAILED, PROGRESS_ETA } from './telemetry.js';
export type {
  Checkpoint,
  ProgressOptions,
  ProgressState,
  ProgressStatus,
  ProgressUpdate,
} from './types.js';
