import type { DatabaseSync } from 'node:sqlite';

export interface ProgressOptions {
  /** Items the job will process. */
  total: number;
  /** Where the checkpoint lives; a restarted job with the same file resumes from it. */
  checkpointFile?: string;
  /** Row key in `progress` and the `job` attribute. Default: the name. */
  jobId?: string;
  /** Draw a progress bar on stderr when it is a TTY (silent otherwise). Default false. */
  bar?: boolean;
  /** The stream the bar draws on. Default process.stderr. */
  stream?: NodeJS.WriteStream;
  /** The writer handle of monitoring.db, read at each write (the store may open later). */
  db?: () => DatabaseSync | undefined;
  /**
   * At most one `progress` row write per this many ms; a throttled update is written when the
   * interval ends (complete(), stop(), reset(), shutdown and exit always write). Default 1000.
   */
  dbIntervalMs?: number;
  /** Monotonic clock in ms for the rate and ETA (tests). Default performance.now. */
  clock?: () => number;
}

/** One batch. Counts are for this batch, not totals. */
export interface ProgressUpdate {
  /** Items handled in this batch. Default successful + failed. */
  processed?: number;
  /** Default processed - failed. */
  successful?: number;
  /** Default 0. */
  failed?: number;
  /** Intended batch size, for the span. Default processed. */
  batchSize?: number;
}

/** `stopped`: the job ended part-way (stop(), or the process shut down while it ran). */
export type ProgressState = 'running' | 'completed' | 'stopped';

export interface ProgressStatus {
  jobId: string;
  name: string;
  state: ProgressState;
  total: number;
  processed: number;
  successful: number;
  failed: number;
  /** 0..100 */
  percent: number;
  /**
   * Items per second in this run (a resumed run does not count the earlier one's items): over
   * the last 30 s while running, 0 until that spans a second; the run's average once it ended.
   */
  rate: number;
  /** Seconds to completion at the current rate; null when unknown or not running. */
  etaSeconds: number | null;
  /** Time spent on the job over all runs, ms. */
  elapsedMs: number;
  startedMs: number;
  updatedMs: number;
  /** True when this run resumed from a checkpoint. */
  resumed: boolean;
}

/** The checkpoint file's content. */
export interface Checkpoint {
  version: 1;
  jobId: string;
  name: string;
  state: ProgressState;
  total: number;
  processed: number;
  successful: number;
  failed: number;
  elapsedMs: number;
  startedMs: number;
  updatedMs: number;
}
