import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { VERSION } from '../../src/sdk/version.js';
import type { EmrInstrumentationConfig } from './types.js';
import { EMR_SCOPE, emrState } from './utils.js';

/**
 * Hands the SDK's providers to the `emr` API and switches it on and off.
 * Nothing is patched: the API is called by the application.
 */
export class EmrInstrumentation implements Instrumentation<EmrInstrumentationConfig> {
  readonly instrumentationName = EMR_SCOPE;
  readonly instrumentationVersion = VERSION;
  private config: EmrInstrumentationConfig;

  constructor(config: EmrInstrumentationConfig = {}) {
    this.config = { enabled: true, ...config };
  }

  setTracerProvider(provider: TracerProvider): void {
    emrState().tracerProvider = provider;
  }

  setMeterProvider(provider: MeterProvider): void {
    emrState().meterProvider = provider;
  }

  setConfig(config: EmrInstrumentationConfig): void {
    this.config = { enabled: true, ...config };
  }

  getConfig(): EmrInstrumentationConfig {
    return this.config;
  }

  enable(): void {
    emrState().enabled = true;
  }

  /** Operations still run, untimed; the SDK's providers are let go. */
  disable(): void {
    const s = emrState();
    s.enabled = false;
    s.tracerProvider = undefined;
    s.meterProvider = undefined;
  }
}
