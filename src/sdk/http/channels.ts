import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { diag } from '@opentelemetry/api';
import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';
import { VERSION } from '../version.js';

type Listener = (message: unknown) => void;

/**
 * An instrumentation made only of diagnostics-channel subscriptions: for
 * frameworks that publish what Vigil needs (Express 5's router, Fastify 5).
 * No patching and no loader hook, so ESM and CommonJS applications are the
 * same; a subscription to a channel nobody publishes on costs nothing.
 */
export class ChannelInstrumentation implements Instrumentation {
  readonly instrumentationVersion = VERSION;
  private config: InstrumentationConfig = { enabled: true };
  private subscribed = false;
  private readonly listeners: [string, Listener][];

  constructor(
    readonly instrumentationName: string,
    listeners: Record<string, Listener>,
  ) {
    // A listener that throws must not reach the framework that published.
    this.listeners = Object.entries(listeners).map(([channel, fn]) => [
      channel,
      (message: unknown) => {
        try {
          fn(message);
        } catch (err) {
          diag.warn(`${instrumentationName}: ${channel} listener failed`, err);
        }
      },
    ]);
  }

  enable(): void {
    if (this.subscribed) return;
    for (const [channel, fn] of this.listeners) subscribe(channel, fn);
    this.subscribed = true;
  }

  disable(): void {
    if (!this.subscribed) return;
    for (const [channel, fn] of this.listeners) unsubscribe(channel, fn);
    this.subscribed = false;
  }

  setTracerProvider(): void {}
  setMeterProvider(): void {}
  setConfig(config: InstrumentationConfig): void {
    this.config = { ...config };
  }
  getConfig(): InstrumentationConfig {
    return this.config;
  }
}
