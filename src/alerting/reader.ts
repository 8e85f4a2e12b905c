import { diag } from '@opentelemetry/api';
import { MetricReader } from '@opentelemetry/sdk-metrics';
import type { MetricProducer, ResourceMetrics } from '@opentelemetry/sdk-metrics';

export interface AlertingReaderOptions {
  intervalMs: number;
  /** Gets every collection; runs off the hot path, on the reader's own timer. */
  onCollect: (rm: ResourceMetrics) => Promise<void> | void;
  /** false: no timer; `collectNow()` drives it (tests). */
  timer?: boolean;
}

/**
 * The alert engine's own metric reader: it pulls a cumulative snapshot of
 * every stream on an unref'd interval, so rule evaluation never touches the
 * code that records measurements.
 */
export class AlertingReader extends MetricReader {
  private interval: NodeJS.Timeout | undefined;
  private bound = false;
  private running: Promise<void> | undefined;

  constructor(private readonly o: AlertingReaderOptions) {
    super();
  }

  override setMetricProducer(p: MetricProducer): void {
    super.setMetricProducer(p);
    this.bound = true;
  }

  get isBound(): boolean {
    return this.bound;
  }

  protected override onInitialized(): void {
    if (this.o.timer === false || this.interval) return;
    this.interval = setInterval(() => void this.collectNow(), this.o.intervalMs);
    this.interval.unref();
  }

  /** Collect and hand over; overlapping calls share one run. Never rejects. */
  collectNow(): Promise<void> {
    if (!this.bound) return Promise.resolve();
    this.running ??= this.runOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      const { resourceMetrics, errors } = await this.collect({ timeoutMillis: Math.min(this.o.intervalMs, 10_000) });
      if (errors.length > 0) diag.debug(`vigil alerting: collection errors: ${errors.length}`);
      await this.o.onCollect(resourceMetrics);
    } catch (err) {
      diag.warn(`vigil alerting: evaluation failed: ${(err as Error).message}`);
    }
  }

  /** Stop the timer without shutting the reader down (its MeterProvider does that). */
  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
  }

  protected override async onShutdown(): Promise<void> {
    this.stop();
  }

  protected override async onForceFlush(): Promise<void> {
    // Nothing buffered: alert evaluation is a pull on its own clock.
  }
}
