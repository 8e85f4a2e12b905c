import { ProgressBar } from './bar.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { formatReport } from './format.js';
import { RateWindow } from './rate.js';
import { track } from './registry.js';
import { saveProgress } from './store.js';
import { batchSpan, ensureProgressGauges } from './telemetry.js';
import type { Checkpoint, ProgressOptions, ProgressState, ProgressStatus, ProgressUpdate } from './types.js';
import { redactText } from '../privacy/index.js';

const count = (n: number | undefined): number => (Number.isFinite(n) && n! > 0 ? Math.floor(n!) : 0);

/** Progress of one batch job: counts, rate, ETA, checkpoint, telemetry. */
export class ProgressTracker {
  readonly jobId: string;
  private total: number;
  private state: ProgressState = 'running';
  private processed = 0;
  private successful = 0;
  private failed = 0;
  /** Elapsed time of earlier runs (from the checkpoint). */
  private priorElapsedMs = 0;
  private startedMs = Date.now();
  private updatedMs = this.startedMs;
  /** Monotonic ms (injectable for tests). */
  private readonly clock: () => number;
  /** This run: its start (monotonic) and what it has processed, for the rate. */
  private runStart: number;
  private runProcessed = 0;
  private readonly window: RateWindow;
  /** Set at complete(): the run's length stops growing. */
  private frozenRunMs: number | undefined;
  private lastBatchMs = Date.now();
  private lastDbWrite = 0;
  /** A throttled row write is owed: the trailing write (or the final one) brings the row up to date. */
  private rowOwed = false;
  private trailing: NodeJS.Timeout | undefined;
  private readonly resumed: boolean;
  private readonly bar: ProgressBar | undefined;

  /** The job's name, redacted: it is stored, served on /api/progress and names a span. */
  readonly name: string;

  constructor(
    name: string,
    private readonly options: ProgressOptions,
  ) {
    this.name = redactText(String(name));
    this.jobId = redactText(String(options.jobId ?? name));
    this.total = count(options.total);
    const saved = options.checkpointFile ? readCheckpoint(options.checkpointFile) : undefined;
    // A completed checkpoint means the last run finished: this one starts over.
    this.resumed = saved !== undefined && saved.state !== 'completed' && saved.jobId === this.jobId;
    if (this.resumed) {
      this.processed = saved!.processed;
      this.successful = saved!.successful;
      this.failed = saved!.failed;
      this.priorElapsedMs = saved!.elapsedMs;
      this.startedMs = saved!.startedMs;
    }
    this.bar = options.bar ? new ProgressBar(options.stream ?? process.stderr) : undefined;
    this.clock = options.clock ?? (() => globalThis.performance.now());
    this.runStart = this.clock();
    this.window = new RateWindow(this.runStart);
    track(this);
    ensureProgressGauges();
  }

  /** Record one batch (counts for this batch). Never throws. */
  update(batch: ProgressUpdate = {}): ProgressStatus {
    const failed = count(batch.failed);
    const processed = batch.processed === undefined ? count(batch.successful) + failed : count(batch.processed);
    const successful = batch.successful === undefined ? Math.max(0, processed - failed) : count(batch.successful);
    this.processed += processed;
    this.successful += successful;
    this.failed += failed;
    this.runProcessed += processed;
    if (this.state === 'stopped') {
      this.state = 'running';
      this.frozenRunMs = undefined;
    }
    this.window.add(this.clock(), this.runProcessed);
    this.updatedMs = Date.now();
    const status = this.status();
    ensureProgressGauges();
    batchSpan(status, this.lastBatchMs, batch.batchSize ?? processed, failed);
    this.lastBatchMs = this.updatedMs;
    this.saveCheckpoint();
    this.saveRow(status, false);
    this.bar?.draw(status);
    return status;
  }

  status(): ProgressStatus {
    const now = this.clock();
    const runMs = this.frozenRunMs ?? now - this.runStart;
    const running = this.state === 'running';
    // A finished run reports its average; a running one, the recent window's rate (0 while unknown).
    const rate = running ? this.window.rate(now, this.runProcessed) : runMs > 0 ? (this.runProcessed / runMs) * 1000 : 0;
    const remaining = Math.max(0, this.total - this.processed);
    return {
      jobId: this.jobId,
      name: this.name,
      state: this.state,
      total: this.total,
      processed: this.processed,
      successful: this.successful,
      failed: this.failed,
      percent: this.total > 0 ? Math.min(100, (this.processed / this.total) * 100) : this.state === 'completed' ? 100 : 0,
      rate,
      etaSeconds: this.state === 'completed' ? 0 : running && rate > 0 ? remaining / rate : null,
      elapsedMs: this.priorElapsedMs + runMs,
      startedMs: this.startedMs,
      updatedMs: this.updatedMs,
      resumed: this.resumed,
    };
  }

  /** One human-readable line. */
  report(): string {
    return formatReport(this.status());
  }

  /** Start the job over: zero counts and checkpoint. */
  reset(total = this.total): void {
    this.total = count(total);
    this.state = 'running';
    this.frozenRunMs = undefined;
    this.processed = this.successful = this.failed = this.runProcessed = 0;
    this.priorElapsedMs = 0;
    this.startedMs = this.updatedMs = this.lastBatchMs = Date.now();
    this.runStart = this.clock();
    this.window.reset(this.runStart);
    this.saveCheckpoint();
    this.saveRow(this.status(), true);
  }

  /** Mark the job done: final checkpoint, row and bar. */
  complete(): ProgressStatus {
    return this.end('completed');
  }

  /**
   * The job stops part-way (the application gives up, or shuts down): the
   * row and checkpoint get the exact counts and state `stopped`, with no ETA.
   * A later update() (or a run resuming from the checkpoint) carries on.
   */
  stop(): ProgressStatus {
    return this.end(this.state === 'completed' ? 'completed' : 'stopped');
  }

  /** The run ends: its length stops growing; final checkpoint, row and bar. */
  private end(state: Exclude<ProgressState, 'running'>): ProgressStatus {
    if (this.state === 'running') this.frozenRunMs = this.clock() - this.runStart;
    if (this.state !== state) this.updatedMs = Date.now();
    this.state = state;
    const status = this.status();
    this.saveCheckpoint();
    this.saveRow(status, true);
    this.bar?.finish(status);
    return status;
  }

  /** Writes a row still owed by the throttle, now (shutdown, exit). */
  flush(): void {
    if (this.rowOwed) this.saveRow(this.status(), true);
  }

  private saveCheckpoint(): void {
    const file = this.options.checkpointFile;
    if (file === undefined) return;
    const s = this.status();
    const data: Checkpoint = {
      version: 1,
      jobId: s.jobId,
      name: s.name,
      state: s.state,
      total: s.total,
      processed: s.processed,
      successful: s.successful,
      failed: s.failed,
      elapsedMs: Math.round(s.elapsedMs),
      startedMs: s.startedMs,
      updatedMs: s.updatedMs,
    };
    writeCheckpoint(file, data);
  }

  // Rows are throttled: a job updating per item must not turn into a write per item. A
  // throttled update is owed, not dropped: a trailing write brings the row up to date once
  // the interval has passed, so the table never stays behind the job (100/1000 while at 400).
  private saveRow(status: ProgressStatus, force: boolean): void {
    if (this.options.db === undefined) return;
    const interval = this.options.dbIntervalMs ?? 1000;
    const t = Date.now();
    if (!force && t - this.lastDbWrite < interval) {
      this.rowOwed = true;
      if (this.trailing === undefined) {
        this.trailing = setTimeout(() => {
          this.trailing = undefined;
          this.flush();
        }, interval - (t - this.lastDbWrite));
        this.trailing.unref();
      }
      return;
    }
    if (this.trailing !== undefined) clearTimeout(this.trailing);
    this.trailing = undefined;
    const db = this.options.db();
    if (db === undefined) return;
    this.rowOwed = false;
    this.lastDbWrite = t;
    saveProgress(db, status);
  }
}

/** Start (or resume, from `checkpointFile`) tracking a batch job. */
export function trackProgress(name: string, options: ProgressOptions): ProgressTracker {
  return new ProgressTracker(name, options);
}
